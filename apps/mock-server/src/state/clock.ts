import { durationGrammar, parseDuration as parseDurationText } from '@patkit/model/time';
import { MockError } from '../mock-error.js';

/** The one source of time of a mock server: tokens, expiry and lastUsed all read it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Milliseconds of a duration such as `100d`, `12h`, `2w` or `1.5h` (patkit's one grammar). */
export function parseDuration(text: string): number {
  const ms = parseDurationText(text);
  if (ms === undefined)
    throw new MockError('invalid_option', `${JSON.stringify(text)} is not a duration: use ${durationGrammar}`);
  return ms;
}

// ISC's date-times have four-digit years: the server's time stays within them.
const earliest = 0;
const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function outOfRange(what: string): MockError {
  return new MockError(
    'invalid_option',
    `${what} is out of range: the clock stays between ${new Date(earliest).toISOString()} and ${new Date(latest).toISOString()}, the moments ISC's date-times can write`,
  );
}

/**
 * A clock that runs with real time, shifted by an offset that tests move:
 * `advance('100d')` jumps forward, `set(date)` jumps to a moment.
 */
export class ControllableClock implements Clock {
  private offset = 0;

  constructor(private readonly base: Clock = systemClock) {}

  /** At the last moment of 9999 time stands still. */
  now(): number {
    return Math.min(this.base.now() + this.offset, latest);
  }

  /** Moves time forward by a duration (`'100d'`) or a number of milliseconds. */
  advance(by: string | number): number {
    const ms = typeof by === 'number' ? by : parseDuration(by);
    if (!Number.isFinite(ms) || ms < 0)
      throw new MockError('invalid_option', 'the clock only moves forward; use set() to go back');
    if (this.now() + ms > latest) throw outOfRange(`advancing by ${typeof by === 'number' ? `${by} ms` : by}`);
    this.offset += ms;
    return this.now();
  }

  /** Jumps to a moment (a Date, epoch milliseconds or an ISO date-time). */
  set(to: Date | number | string): number {
    const ms = typeof to === 'number' ? to : typeof to === 'string' ? Date.parse(to) : to.getTime();
    if (!Number.isFinite(ms)) throw new MockError('invalid_option', `${JSON.stringify(to)} is not a date-time`);
    if (ms < earliest || ms > latest) throw outOfRange(JSON.stringify(to));
    this.offset = ms - this.base.now();
    return this.now();
  }

  /** Back to real time. */
  reset(): void {
    this.offset = 0;
  }
}
