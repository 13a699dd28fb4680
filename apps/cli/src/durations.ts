import { usageError } from './cli-error.js';

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in `90d`, `12h`, `30m`, `45s` (or plain seconds). */
export function parseSeconds(text: string, flag: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw usageError(`${flag} takes a duration such as 90d, 12h, 30m or 45s, got ${JSON.stringify(text)}`);
  return Number(match[1]) * (units[match[2] || 's'] as number);
}

/**
 * A moment: a duration (`90d`) back from now (`direction` -1, "since") or
 * ahead of it (+1, "until"), or a date-time.
 */
export function parseMoment(text: string, flag: string, now: number, direction: 1 | -1): string {
  if (/^\d+[smhd]$/.test(text.trim())) return new Date(now + direction * parseSeconds(text, flag) * 1000).toISOString();
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw usageError(`${flag} takes a duration such as 90d or a date such as 2027-01-01, got ${JSON.stringify(text)}`);
  }
  return new Date(ms).toISOString();
}
