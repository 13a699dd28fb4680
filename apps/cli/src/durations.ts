import { usageError } from './cli-error.js';

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in `90d`, `12h`, `30m`, `45s` (or plain seconds). */
export function parseSeconds(text: string, flag: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw usageError(`${flag} takes a duration such as 90d, 12h, 30m or 45s, got ${JSON.stringify(text)}`);
  return Number(match[1]) * (units[match[2] || 's'] as number);
}

/** A moment: a duration back from now (`90d` → 90 days ago), or a date-time. */
export function parseSince(text: string, flag: string, now: number): string {
  if (/^\d+[smhd]$/.test(text.trim())) return new Date(now - parseSeconds(text, flag) * 1000).toISOString();
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw usageError(`${flag} takes a duration such as 90d or a date such as 2026-01-01, got ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}

/** A future moment: a duration ahead of now (`90d`), or a date-time. */
export function parseUntil(text: string, flag: string, now: number): string {
  if (/^\d+[smhd]$/.test(text.trim())) return new Date(now + parseSeconds(text, flag) * 1000).toISOString();
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw usageError(`${flag} takes a duration such as 90d or a date such as 2027-01-01, got ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}
