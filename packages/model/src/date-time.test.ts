import { describe, expect, it } from 'vitest';
import { isIsoDateTime, parseDateTime, toIsoDateTime } from './date-time.js';

function value(text: string, options = {}) {
  const result = parseDateTime(text, options);
  if (!result.ok) throw new Error(result.message);
  return result;
}

function failure(text: string, options = {}) {
  const result = parseDateTime(text, options);
  if (result.ok) throw new Error(`${text} was accepted as ${result.value}`);
  return result;
}

describe('parseDateTime', () => {
  it('returns canonical text unchanged', () => {
    expect(value('2017-07-11T18:45:37.098Z')).toEqual({
      ok: true,
      value: '2017-07-11T18:45:37.098Z',
      zone: 'utc',
      truncated: false,
    });
  });

  it.each([
    ['2017-07-11T18:45:37Z', '2017-07-11T18:45:37.000Z'],
    ['2017-07-11T18:45:37.1Z', '2017-07-11T18:45:37.100Z'],
    ['2017-07-11T18:45:37.12Z', '2017-07-11T18:45:37.120Z'],
    ['2023-01-04T18:58:17.486584Z', '2023-01-04T18:58:17.486Z'],
    ['2023-01-04T18:58:17.4865849Z', '2023-01-04T18:58:17.486Z'],
    ['2023-01-04T18:58:17.486584912Z', '2023-01-04T18:58:17.486Z'],
    ['2017-07-11t18:45:37.098z', '2017-07-11T18:45:37.098Z'],
    ['2017-07-11T20:45:37.098+02:00', '2017-07-11T18:45:37.098Z'],
    ['2017-07-11T00:15:00.000-05:30', '2017-07-11T05:45:00.000Z'],
    ['2017-12-31T23:30:00-01:00', '2018-01-01T00:30:00.000Z'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(value(input).value).toBe(expected);
  });

  it('reports truncated sub-millisecond digits and the kind of zone', () => {
    expect(value('2023-01-04T18:58:17.486584Z').truncated).toBe(true);
    expect(value('2023-01-04T18:58:17.486000Z').truncated).toBe(false);
    expect(value('2017-07-11T20:45:37.098+02:00').zone).toBe('offset');
  });

  it('needs a zone unless told to read a missing one as UTC', () => {
    expect(failure('2017-07-11T18:45:37.098').message).toMatch(/zone is missing \(add Z for UTC\)/);
    expect(value('2017-07-11T18:45:37.0981234', { allowMissingZone: true })).toEqual({
      ok: true,
      value: '2017-07-11T18:45:37.098Z',
      zone: 'none',
      truncated: true,
    });
  });

  it.each([
    ['2017-02-30T00:00:00Z', /day 30 does not exist in 2017-02/],
    ['2019-02-29T00:00:00Z', /day 29 does not exist in 2019-02/],
    ['1900-02-29T00:00:00Z', /day 29 does not exist in 1900-02/],
    ['2017-04-31T00:00:00Z', /day 31 does not exist/],
    ['2017-13-01T00:00:00Z', /month 13 does not exist/],
    ['2017-00-01T00:00:00Z', /month 0 does not exist/],
    ['2017-01-00T00:00:00Z', /day 0 does not exist/],
    ['2017-01-01T24:00:00Z', /time of day does not exist/],
    ['2017-01-01T23:60:00Z', /time of day does not exist/],
    ['2016-12-31T23:59:60Z', /leap seconds/],
    ['2017-01-01T00:00:00.Z', /followed by digits/],
    ['2017-01-01T00:00:00.1234567890Z', /more than 9 fractional digits/],
    ['2017-01-01T00:00:00+2:00', /zone must be Z/],
    ['2017-01-01T00:00:00+24:00', /offset is not/],
    ['2017-01-01 00:00:00Z', /not in the form/],
    ['17-01-01T00:00:00Z', /not in the form|too short/],
    ['2017-01-01', /too short/],
    ['', /too short/],
    ['2017-01-01T00:00:00ZZ', /unexpected text/],
    ['２０１７-01-01T00:00:00Z', /not in the form/],
  ])('rejects %j', (input, why) => {
    const result = failure(input);
    expect(result.code).toBe('invalid_datetime');
    expect(result.message).toMatch(why);
  });

  it('accepts leap days that exist', () => {
    expect(value('2000-02-29T00:00:00Z').value).toBe('2000-02-29T00:00:00.000Z');
    expect(value('2024-02-29T12:00:00Z').value).toBe('2024-02-29T12:00:00.000Z');
  });

  it('covers the years 0000 to 9999 and nothing beyond', () => {
    expect(value('0000-01-01T00:00:00Z').value).toBe('0000-01-01T00:00:00.000Z');
    expect(value('0099-03-01T00:00:00Z').value).toBe('0099-03-01T00:00:00.000Z');
    expect(value('9999-12-31T23:59:59.999Z').value).toBe('9999-12-31T23:59:59.999Z');
    expect(failure('0000-01-01T00:00:00+00:01').code).toBe('out_of_range');
    expect(failure('9999-12-31T23:59:59-00:01').code).toBe('out_of_range');
  });
});

describe('isIsoDateTime', () => {
  it('is true only for canonical text', () => {
    expect(isIsoDateTime('2017-07-11T18:45:37.098Z')).toBe(true);
    expect(isIsoDateTime('2017-07-11T18:45:37Z')).toBe(false);
    expect(isIsoDateTime('2017-02-30T18:45:37.098Z')).toBe(false);
    expect(isIsoDateTime(new Date())).toBe(false);
  });

  it('agrees with parseDateTime for every character at every position of canonical dates', () => {
    // The characters around the digits ('/' and ':' to '?'), letters, other digits, and the separators.
    const replacements = [...'/0123456789:;<=>?@AaTtZz-.+ ', '\u0660', '\uff10'];
    for (const canonical of ['2017-07-11T18:45:37.098Z', '2024-02-29T23:59:59.999Z', '0000-01-01T00:00:00.000Z']) {
      for (let at = 0; at < canonical.length; at++) {
        for (const c of replacements) {
          const text = `${canonical.slice(0, at)}${c}${canonical.slice(at + 1)}`;
          const parsed = parseDateTime(text);
          expect(isIsoDateTime(text), text).toBe(parsed.ok && parsed.value === text);
        }
      }
    }
  });
});

describe('toIsoDateTime', () => {
  it('converts Dates, epoch milliseconds and RFC 3339 text', () => {
    expect(toIsoDateTime(new Date(Date.UTC(2017, 6, 11, 18, 45, 37, 98)))).toBe('2017-07-11T18:45:37.098Z');
    expect(toIsoDateTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIsoDateTime('2017-07-11T20:45:37.098+02:00')).toBe('2017-07-11T18:45:37.098Z');
  });

  it('says what is wrong with what it cannot convert', () => {
    expect(() => toIsoDateTime(new Date('nope'))).toThrow(/Invalid Date/);
    expect(() => toIsoDateTime(Date.UTC(10_000, 0, 1))).toThrow(/outside the years 0000 to 9999/);
    expect(() => toIsoDateTime('yesterday')).toThrow(/not a valid date-time/);
  });
});
