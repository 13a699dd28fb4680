import { durationGrammar, parseDuration } from '@patkit/model/time';
import { usageError } from './cli-error.js';

/** Whole seconds in a duration (`90d`, `12h`, `30m`, `45s`, `2w`), in patkit's one grammar. */
export function parseSeconds(text: string, flag: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw usageError(`${flag} takes ${durationGrammar}; got ${JSON.stringify(text)}`);
  return Math.round(ms / 1000);
}

/**
 * A moment: a duration (`90d`) back from now (`direction` -1, "since") or
 * ahead of it (+1, "until"), or a date-time.
 */
export function parseMoment(text: string, flag: string, now: number, direction: 1 | -1): string {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now + direction * ms).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    throw usageError(
      `${flag} takes a date such as 2027-01-01 or a duration: ${durationGrammar}; got ${JSON.stringify(text)}`,
    );
  }
  return new Date(at).toISOString();
}
