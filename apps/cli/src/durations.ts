import { durationGrammar, maxDateTimeMs, minDateTimeMs, parseDuration } from '@patkit/model/time';
import { usageError } from './cli-error.js';

const lastMoment = new Date(maxDateTimeMs).toISOString();

/** A moment as a date-time, or a usage error when ISC's date-times cannot hold it (years 0000 to 9999). */
function inRange(ms: number, flag: string, text: string): string {
  if (!Number.isFinite(ms) || ms < minDateTimeMs || ms > maxDateTimeMs)
    throw usageError(
      `${flag} ${text} is outside the years 0000 to 9999 (the last moment ${lastMoment}): ISC's date-times cannot hold it`,
      'give a nearer date or a shorter duration',
    );
  return new Date(ms).toISOString();
}

/**
 * The milliseconds of a duration (`90d`, `12h`, `30m`, `45s`, `2w`), in
 * patkit's one grammar; undefined for text that is no duration. A duration
 * that reaches past the year 9999 from `now` is a usage error naming the limit.
 */
export function durationMs(text: string, flag: string, now = Date.now()): number | undefined {
  const ms = parseDuration(text);
  if (ms !== undefined) inRange(now + ms, flag, text);
  return ms;
}

/** Whole seconds in a duration, in patkit's one grammar. */
export function parseSeconds(text: string, flag: string): number {
  const ms = durationMs(text, flag);
  if (ms === undefined) throw usageError(`${flag} takes ${durationGrammar}; got ${JSON.stringify(text)}`);
  return Math.round(ms / 1000);
}

/**
 * A moment: a duration (`90d`) back from now (`direction` -1, "since") or
 * ahead of it (+1, "until"), or a date-time; within the years ISC's
 * date-times can hold.
 */
export function parseMoment(text: string, flag: string, now: number, direction: 1 | -1): string {
  const ms = durationMs(text, flag, direction === 1 ? now : 0);
  if (ms !== undefined) return inRange(now + direction * ms, flag, text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    throw usageError(
      `${flag} takes a date such as 2027-01-01 or a duration: ${durationGrammar}; got ${JSON.stringify(text)}`,
    );
  }
  return inRange(at, flag, text);
}
