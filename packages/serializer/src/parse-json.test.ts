// V8's JSON.parse (Node.js 24, 26) reads an escaped key as an earlier
// object's key once such an object exists (nodejs/node#63785). Each test
// poisons the parser first, as the upstream report does, then parses: on
// those lines plain JSON.parse gives `\` where parseJson must give `"`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from './parse-json.js';

/** Leaves V8 an object with the keys `a` and `\` (and `text`, `\`), the trigger of the bug. */
function poison(): void {
  JSON.parse('{"a":1,"\\\\":2}');
  JSON.parse('{"text":"t","\\\\":1}');
}

/** -0 prints as 0: the value JSON text can give back. */
const printable = (value: unknown): unknown =>
  Object.is(value, -0)
    ? 0
    : Array.isArray(value)
      ? value.map(printable)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]))
        : value;

describe('parseJson', () => {
  it('reads the escaped quote key of the upstream report after the parser was poisoned', () => {
    poison();
    expect(Object.keys(parseJson('{"a":1,"\\"":2}') as object)).toEqual(['a', '"']);
    expect(Object.keys(parseJson('{"text":"t","\\"":1}') as object)).toEqual(['text', '"']);
    expect(Object.keys(parseJson('[{"a":1,"\\"":2},{"a":1,"\\\\":3}]') as object[]).length).toBe(2);
    expect((parseJson('[{"a":1,"\\"":2},{"a":1,"\\\\":3}]') as object[]).map(Object.keys)).toEqual([
      ['a', '"'],
      ['a', '\\'],
    ]);
  });

  it('reads keys written with escapes they do not need', () => {
    poison();
    expect(parseJson('{"n\\u0061me":"x","\\u0022":1,"\\/":2}')).toEqual({ name: 'x', '"': 1, '/': 2 });
  });

  it('reads any JSON value as it was written, keys and strings full of escapes, after any poisoning', () => {
    const key = fc.string({
      unit: fc.constantFrom('a', '\\', '"', '\n', '/', 'é', '\u2028', '\ud800', ' '),
      maxLength: 4,
    });
    const value = fc.letrec<{ json: unknown }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, 0, -0, 1.5e300, -12, 'x\\"y'),
        key,
        fc.array(tie('json'), { maxLength: 4 }),
        fc.dictionary(key, tie('json'), { maxKeys: 4 }),
      ),
    })).json;
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 1, '\t'), (json, indent) => {
        const text = JSON.stringify(json, null, indent);
        // The texts themselves poison: each is parsed natively first.
        JSON.parse(text);
        expect(parseJson(text)).toStrictEqual(printable(json));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sets keys as JSON.parse does: __proto__ a key of its own, a repeated key its first place and last value', () => {
    const parsed = parseJson('{"__proto__":{"x":1},"b\\"":1,"c":2,"b\\u0022":3}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'b"', 'c']);
    expect(parsed['b"']).toBe(3);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('takes any depth JSON.parse takes', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}{"\\"":1}${']'.repeat(depth)}`;
    let value = parseJson(text);
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];
    expect(value).toEqual({ '"': 1 });
  });

  it("throws JSON.parse's SyntaxError for text that is not JSON", () => {
    for (const text of ['{"\\"":', '{"a\\"}', '', '[1,]', '{"\\q":1}'])
      expect(() => parseJson(text), text).toThrow(SyntaxError);
  });

  it('keeps strings in values as they are, escaped or not', () => {
    poison();
    expect(parseJson('{"a":"\\"","\\\\":"\\\\","b":"plain"}')).toEqual({ a: '"', '\\': '\\', b: 'plain' });
  });
});
