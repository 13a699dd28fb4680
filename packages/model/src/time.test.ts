import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day, isoToMs, parseDuration, relativeTime, relativeTimeFormat } from './time.js';

describe('parseDuration', () => {
  it('reads a number and a unit', () => {
    expect(parseDuration('90d')).toBe(90 * day);
    expect(parseDuration(' 12h ')).toBe(12 * 3_600_000);
    expect(parseDuration('2w')).toBe(14 * day);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('45s')).toBe(45_000);
  });

  it('refuses anything else', () => {
    for (const text of ['', '90', 'd', '-1d', '1y', '1 d', '1.d', 'NaNh', '1e3s'])
      expect(parseDuration(text), text).toBeUndefined();
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();

  it('counts minutes, hours, days up to a year, then years', () => {
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime(at(-5 * 60_000), now)).toBe('5 minutes ago');
    expect(relativeTime(at(3 * 3_600_000), now)).toBe('in 3 hours');
    expect(relativeTime(at(-94 * day), now)).toBe('94 days ago');
    expect(relativeTime(at(-400 * day), now)).toBe('last year');
  });

  it('takes epoch milliseconds as it takes their ISO text', () => {
    for (const offset of [-400 * day, -94 * day, -2 * 3_600_000, 0, 59 * 60_000, 30 * day])
      expect(relativeTime(now + offset, now)).toBe(relativeTime(at(offset), now));
  });

  it('is self-contained: its source runs on its own, as the dashboard runs it', () => {
    const rebuilt = new Function(`return (${relativeTimeFormat.toString()})();`)() as typeof relativeTime;
    for (const offset of [-400 * day, -94 * day, -3 * day, -2 * 3_600_000, 0, 59 * 60_000, 30 * day])
      expect(rebuilt(at(offset), now)).toBe(relativeTime(at(offset), now));
  });
});

describe('isoToMs', () => {
  it('gives what Date.parse gives, for the canonical form and any other', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(isoToMs(text)).toBe(Date.parse(text));
        },
      ),
    );
    for (const text of ['2026-11-30T12:00:00Z', '2026-11-30T12:00:00.000+02:00', '2026-11-30', 'not a date'])
      expect(isoToMs(text)).toEqual(Date.parse(text));
  });
});
