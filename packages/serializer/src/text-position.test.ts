import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findSyntaxError, lineColumn, offsetOf } from './text-position.js';

describe('findSyntaxError', () => {
  it.each([
    ['', 0, /unexpected end of input/],
    ['{', 1, /expected a key in double quotes or "}"/],
    ['{"a"}', 4, /expected ":" after the key/],
    ['{"a":1,}', 7, /trailing comma/],
    ['[1,]', 3, /trailing comma/],
    ['[1 2]', 3, /expected "," or "]"/],
    ["{'a':1}", 1, /expected a key in double quotes/],
    ["['a']", 1, /double quotes/],
    ['"a\tb"', 2, /control character U\+0009 inside a string/],
    ['"\\x"', 1, /invalid escape/],
    ['"\\u12"', 1, /four hex digits/],
    ['"abc', 0, /not closed/],
    ['01', 1, /after the end/],
    ['-', 0, /invalid number/],
    ['1.', 1, /after the end/],
    ['nul', 0, /expected a value/],
    ['{} {}', 3, /after the end/],
    ['[[[', 3, /unexpected end of input/],
  ])('finds the error in %j at %i', (text, offset, message) => {
    const problem = findSyntaxError(text);
    expect(problem?.offset).toBe(offset);
    expect(problem?.message).toMatch(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  test.prop([fc.json()])('finds nothing in valid JSON', (text) => {
    expect(findSyntaxError(text)).toBeUndefined();
  });

  test.prop([fc.json(), fc.nat(), fc.constantFrom(...'{}[],:"\\ 1a\n')])(
    'finds an error exactly when JSON.parse fails',
    (text, at, c) => {
      const mutated = `${text.slice(0, at % (text.length + 1))}${c}${text.slice(at % (text.length + 1))}`;
      let valid = true;
      try {
        JSON.parse(mutated);
      } catch {
        valid = false;
      }
      expect(findSyntaxError(mutated) === undefined).toBe(valid);
    },
  );
});

describe('offsetOf and lineColumn', () => {
  const text = '{\n  "a": {"b": [10, {"c": "x"}]},\n  "d~/e": 1\n}';

  it('find values, keys and the nearest existing container', () => {
    expect(lineColumn(text, offsetOf(text, ['a', 'b', 1, 'c']))).toEqual({ line: 2, column: 25 });
    expect(lineColumn(text, offsetOf(text, ['a', 'b', 1, 'c'], true))).toEqual({ line: 2, column: 20 });
    expect(lineColumn(text, offsetOf(text, ['d~/e']))).toEqual({ line: 3, column: 11 });
    expect(lineColumn(text, offsetOf(text, ['a', 'missing']))).toEqual({ line: 2, column: 8 });
    expect(lineColumn(text, offsetOf(text, []))).toEqual({ line: 1, column: 1 });
  });
});
