import { describe, expect, it } from 'vitest';
import { day, parseDuration, relativeTime, relativeTimeFormat } from './time.js';

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

  it('is self-contained: its source runs on its own, as the dashboard runs it', () => {
    const rebuilt = new Function(`return (${relativeTimeFormat.toString()})();`)() as typeof relativeTime;
    for (const offset of [-400 * day, -94 * day, -3 * day, -2 * 3_600_000, 0, 59 * 60_000, 30 * day])
      expect(rebuilt(at(offset), now)).toBe(relativeTime(at(offset), now));
  });
});
