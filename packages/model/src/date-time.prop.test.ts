import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isIsoDateTime, maxDateTimeMs, minDateTimeMs, parseDateTime } from './date-time.js';

const instant = fc.integer({ min: minDateTimeMs, max: maxDateTimeMs });
const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Renders an instant in local time at an offset, as PowerShell or Java might.
function withOffset(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

describe('parseDateTime properties', () => {
  test.prop([instant])('canonical text is a fixed point', (ms) => {
    const text = new Date(ms).toISOString();
    const result = parseDateTime(text);
    expect(result).toEqual({ ok: true, value: text, zone: 'utc', truncated: false });
  });

  test.prop([instant, offsetMinutes])('an offset rendering reads back as the same instant', (ms, offset) => {
    const text = withOffset(ms, offset);
    const local = ms + offset * 60_000;
    fc.pre(local >= minDateTimeMs && local <= maxDateTimeMs);
    const result = parseDateTime(text);
    expect(result.ok && result.value).toBe(new Date(ms).toISOString());
  });

  test.prop([instant, fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 6 })])(
    'extra fractional digits are truncated to milliseconds',
    (ms, extra, digits) => {
      const canonical = new Date(ms).toISOString();
      const fraction = pad(extra, 6).slice(0, digits);
      const result = parseDateTime(`${canonical.slice(0, 23)}${fraction}Z`);
      expect(result.ok && result.value).toBe(canonical);
    },
  );
});

describe('isIsoDateTime', () => {
  const nearCanonical = fc
    .tuple(instant, fc.nat({ max: 23 }), fc.constantFrom(...'0123456789-:.TZtz+ x'))
    .map(([ms, at, c]) => {
      const text = new Date(ms).toISOString();
      return `${text.slice(0, at)}${c}${text.slice(at + 1)}`;
    });

  test.prop([nearCanonical])('agrees with parseDateTime on what is canonical', (text) => {
    const result = parseDateTime(text);
    expect(isIsoDateTime(text)).toBe(result.ok && result.value === text);
  });
});
