import type * as z from 'zod';

/**
 * A date-time in canonical form: UTC, millisecond precision,
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, years 0000 to 9999.
 *
 * A branded string rather than a Date: it is immutable, compares and sorts
 * correctly as a string, survives structuredClone and JSON unchanged, and
 * costs nothing to encode. `new Date(value)` gives a Date when you need one.
 */
export type IsoDateTime = string & z.$brand<'IsoDateTime'>;

import { maxDateTimeMs, minDateTimeMs } from './time.js';

export { maxDateTimeMs, minDateTimeMs };

export interface DateTimeParseOptions {
  /** Accept a date-time with no zone and read it as UTC (RFC 3339 requires a zone). Default false. */
  readonly allowMissingZone?: boolean;
}

export type DateTimeParseResult =
  | {
      readonly ok: true;
      readonly value: IsoDateTime;
      /** How the input gave its zone: `Z`, a numeric offset, or none (read as UTC). */
      readonly zone: 'utc' | 'offset' | 'none';
      /** The input had more than 3 fractional digits; they were cut to milliseconds. */
      readonly truncated: boolean;
    }
  | { readonly ok: false; readonly code: 'invalid_datetime' | 'out_of_range'; readonly message: string };

const maxFractionDigits = 9;
const example = '2017-07-11T18:45:37.098Z';

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm);
// Date.UTC would map years 0..99 to 1900..1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fail(code: 'invalid_datetime' | 'out_of_range', message: string): DateTimeParseResult {
  return { ok: false, code, message };
}

function invalid(text: string, why: string): DateTimeParseResult {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return fail(
    'invalid_datetime',
    `${JSON.stringify(shown)} is not a valid date-time: ${why} (expected e.g. ${example})`,
  );
}

/**
 * Reads an RFC 3339 date-time (0 to 9 fractional digits, `Z` or a numeric
 * offset, `T`/`Z` in either case) and returns it in canonical form.
 * Impossible calendar dates (2017-02-30) and leap seconds are rejected.
 */
export function parseDateTime(text: string, options: DateTimeParseOptions = {}): DateTimeParseResult {
  const length = text.length;
  if (length < 19) return invalid(text, 'too short');
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const t = text.charCodeAt(10);
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (t !== 84 && t !== 116) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return invalid(text, 'not in the form YYYY-MM-DDTHH:mm:ss');
  }
  if (month < 1 || month > 12) return invalid(text, `month ${month} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) {
    return invalid(text, `day ${day} does not exist in ${text.slice(0, 7)}`);
  }
  if (hour > 23 || minute > 59) return invalid(text, 'the time of day does not exist');
  if (second === 60) return invalid(text, 'leap seconds cannot be represented');
  if (second > 59) return invalid(text, 'the time of day does not exist');

  let i = 19;
  let millis = 0;
  let truncated = false;
  if (i < length && text.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < length) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      const position = i - start;
      if (position < 3) millis = millis * 10 + c;
      else if (c !== 0) truncated = true;
      i++;
    }
    const count = i - start;
    if (count === 0) return invalid(text, 'a "." must be followed by digits');
    if (count > maxFractionDigits) return invalid(text, `more than ${maxFractionDigits} fractional digits`);
    if (count === 1) millis *= 100;
    else if (count === 2) millis *= 10;
  }

  let offsetMinutes = 0;
  let zone: 'utc' | 'offset' | 'none';
  if (i === length) {
    if (options.allowMissingZone !== true) return invalid(text, 'the zone is missing (add Z for UTC)');
    zone = 'none';
  } else {
    const z = text.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === length) {
      zone = 'utc';
    } else if ((z === 43 || z === 45) && i + 6 === length && text.charCodeAt(i + 3) === 58) {
      const oh = digitsAt(text, i + 1, 2);
      const om = digitsAt(text, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return invalid(text, 'the offset is not ±HH:mm');
      offsetMinutes = (oh * 60 + om) * (z === 45 ? -1 : 1);
      zone = 'offset';
    } else {
      return invalid(text, 'unexpected text after the time (the zone must be Z or ±HH:mm)');
    }
  }

  // Already canonical: no arithmetic, no allocation.
  if (zone === 'utc' && length === 24 && !truncated && t === 84 && text.charCodeAt(23) === 90) {
    return { ok: true, value: text as IsoDateTime, zone, truncated };
  }
  const ms =
    daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  if (ms < minDateTimeMs || ms > maxDateTimeMs) {
    return fail('out_of_range', `${JSON.stringify(text)} is outside the years 0000 to 9999 once converted to UTC`);
  }
  return { ok: true, value: new Date(ms).toISOString() as IsoDateTime, zone, truncated };
}

/**
 * True when `text` is already an IsoDateTime (canonical form, real calendar
 * date). Allocates nothing. Every character is read once, without a loop or a
 * regular expression: decoding checks each date of every PAT with it.
 */
export function isIsoDateTime(text: unknown): text is IsoDateTime {
  if (typeof text !== 'string' || text.length !== 24) return false;
  const t = text;
  if (
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 ||
    t.charCodeAt(23) !== 90
  )
    return false;
  // Each character less '0' (no array: this runs millions of times).
  const y0 = t.charCodeAt(0) - 48;
  const y1 = t.charCodeAt(1) - 48;
  const y2 = t.charCodeAt(2) - 48;
  const y3 = t.charCodeAt(3) - 48;
  const mo0 = t.charCodeAt(5) - 48;
  const mo1 = t.charCodeAt(6) - 48;
  const d0 = t.charCodeAt(8) - 48;
  const d1 = t.charCodeAt(9) - 48;
  const h0 = t.charCodeAt(11) - 48;
  const h1 = t.charCodeAt(12) - 48;
  const mi0 = t.charCodeAt(14) - 48;
  const mi1 = t.charCodeAt(15) - 48;
  const s0 = t.charCodeAt(17) - 48;
  const s1 = t.charCodeAt(18) - 48;
  const f0 = t.charCodeAt(20) - 48;
  const f1 = t.charCodeAt(21) - 48;
  const f2 = t.charCodeAt(22) - 48;
  // None below '0' (a negative number sets the OR's sign bit) ...
  if ((y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1 | f0 | f1 | f2) < 0) return false;
  // ... and none above '9', where the ranges below do not bound them already.
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo1 > 9 || d1 > 9 || h1 > 9 || mi1 > 9 || s1 > 9) return false;
  if (f0 > 9 || f1 > 9 || f2 > 9) return false;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || h0 * 10 + h1 > 23 || mi0 > 5 || s0 > 5) return false;
  return day <= 28 || day <= daysInMonth(((y0 * 10 + y1) * 10 + y2) * 10 + y3, month);
}

/**
 * Converts a Date, an epoch millisecond count or an RFC 3339 string to an
 * IsoDateTime. Throws a RangeError that says what is wrong otherwise.
 */
export function toIsoDateTime(value: Date | number | string): IsoDateTime {
  if (typeof value === 'string') {
    const result = parseDateTime(value);
    if (!result.ok) throw new RangeError(result.message);
    return result.value;
  }
  const ms = typeof value === 'number' ? value : value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date cannot be converted to a date-time');
  if (ms < minDateTimeMs || ms > maxDateTimeMs) {
    throw new RangeError(`${ms} ms since the epoch is outside the years 0000 to 9999`);
  }
  return new Date(Math.floor(ms)).toISOString() as IsoDateTime;
}
