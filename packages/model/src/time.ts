// @patkit/model/time (also part of /core): durations and ages as patkit
// speaks them, one grammar for the CLI's flags, audit policies and the mock
// server's clock, and the relative time every output shows ("94 days ago"),
// and the lifetimes a PAT's access tokens may have. No dependencies.

export {
  defaultAccessTokenValiditySeconds,
  maxAccessTokenValiditySeconds,
  minAccessTokenValiditySeconds,
} from './access-token-validity.js';

/** Earliest and latest instants an IsoDateTime can hold: years 0000 to 9999, as ISC's date-times. */
export const minDateTimeMs = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
export const maxDateTimeMs = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Milliseconds per unit of the duration grammar. */
export const durationUnits = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds in a day: ISC records `lastUsed` once a day, so ages are counted in days. */
export const day = durationUnits.d;

/** The duration grammar in words, for error messages. */
export const durationGrammar = 'a number and a unit (s, m, h, d or w), e.g. 90d, 12h, 30m, 45s, 2w or 1.5h';

/** The milliseconds of a duration such as `90d`, `12h`, `2w` or `1.5h`; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * durationUnits[match[2] as keyof typeof durationUnits]);
}

/**
 * The latest expiry the legacy API versions (v3, beta, v2024) accept for a
 * PAT created at `ms`, and the one they give it by default: six calendar
 * months later.
 */
export function sixMonthsAfter(ms: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + 6);
  return date.getTime();
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;

/**
 * The epoch milliseconds of an ISO date-time, as `Date.parse` gives them,
 * about three times faster for the canonical form the serializer writes
 * (`2026-11-30T12:00:00.000Z`): an audit of millions reads millions of them.
 * For the date-times of decoded models; text of another shape goes to
 * `Date.parse`, but digits are not checked.
 */
export function isoToMs(text: string): number {
  if (text.length !== 24 || text[23] !== 'Z' || text[10] !== 'T' || text[4] !== '-' || text[19] !== '.')
    return Date.parse(text);
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  // Date.UTC reads years 0 to 99 as 1900 to 1999.
  if (year < 100) return Date.parse(text);
  return Date.UTC(
    year,
    digit(text, 5) * 10 + digit(text, 6) - 1,
    digit(text, 8) * 10 + digit(text, 9),
    digit(text, 11) * 10 + digit(text, 12),
    digit(text, 14) * 10 + digit(text, 15),
    digit(text, 17) * 10 + digit(text, 18),
    digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22),
  );
}

/** Days without use after which a PAT is stale: `patkit audit`'s default, and what the mock's dashboard marks. */
export const staleAfterDays = 90;

/**
 * A relative-time function: "94 days ago", "in 3 days", "never" — minutes
 * under an hour, hours under a day, days up to a year (as audits count them),
 * then years. Self-contained, so that the mock server's dashboard can run
 * its source in a browser.
 */
export function relativeTimeFormat(): (iso: string | number | null | undefined, now: number) => string {
  const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const hourMs = 3_600_000;
  const dayMs = 86_400_000;
  // Intl formats in about a microsecond; an audit of millions says "94 days ago" again and again.
  const said = new Map<string, string>();
  const format = (value: number, unit: Intl.RelativeTimeFormatUnit): string => {
    const key = value + unit;
    let text = said.get(key);
    if (text === undefined) {
      text = words.format(value, unit);
      if (said.size < 10000) said.set(key, text);
    }
    return text;
  };
  return (iso, now) => {
    if (iso === null || iso === undefined) return 'never';
    // A number is epoch milliseconds, already parsed.
    const diff = (typeof iso === 'number' ? iso : Date.parse(iso)) - now;
    const abs = Math.abs(diff);
    if (abs < hourMs) return format(Math.round(diff / 60_000), 'minute');
    if (abs < dayMs) return format(Math.round(diff / hourMs), 'hour');
    if (abs < 365 * dayMs) return format(Math.round(diff / dayMs), 'day');
    return format(Math.round(diff / (365 * dayMs)), 'year');
  };
}

let shared: ReturnType<typeof relativeTimeFormat> | undefined;

/** "94 days ago", "in 3 days", "never" (see {@link relativeTimeFormat}); the formatter is made on first use. */
export function relativeTime(iso: string | number | null | undefined, now: number): string {
  shared ??= relativeTimeFormat();
  return shared(iso, now);
}
