import { Readable } from 'node:stream';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createDecoder, decode } from './decode.js';
import { decodeList, decodeStream } from './decode-list.js';
import { duplicateKeys, mayRepeatKeys, numberFloor, textFloor } from './duplicate-keys.js';
import { encodeList } from './encode-list.js';
import { seedPat } from './fixtures.test-utils.js';
import { parseJson } from './parse-json.js';
import type { SerializerError } from './serializer-error.js';

const model = 'GetPersonalAccessTokenResponse';
const compact = JSON.stringify(seedPat);

/** A JSON value written member by member, so that an object may give a key twice. */
type Tree = null | boolean | number | string | Tree[] | { members: [string, Tree][] };

const key = fc.constantFrom('a', 'b', 'id', '', 'é', '"', '\\', '__proto__');
const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 36000, 1e21, 0.5, -12),
    fc.string({ maxLength: 4 }),
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.record({ members: fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }) }),
  ),
})).tree;

/** Writes a tree as JSON text, each key escaped as JSON.stringify does or with every letter as \u. */
function write(value: Tree, space: string, escapeAll: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${space}${value.map((item) => write(item, space, escapeAll)).join(`,${space}`)}]`;
  const members = value.members.map(([name, item]) => {
    const text = escapeAll
      ? `"${[...name].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
      : JSON.stringify(name);
    return `${text}${space}:${space}${write(item, space, escapeAll)}`;
  });
  return `{${space}${members.join(`,${space}`)}${space}}`;
}

/** The repeated keys of a tree, as paths (JSON.parse's view of them: the last value counts). */
function repeats(value: Tree, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => repeats(item, [...path, i]));
  const seen = new Set<string>();
  return value.members.flatMap(([name, item]) => {
    const here = seen.has(name) ? [[...path, name]] : [];
    seen.add(name);
    return [...here, ...repeats(item, [...path, name])];
  });
}

describe('duplicateKeys', () => {
  test.prop([tree, fc.constantFrom('', ' ', '\n  '), fc.boolean()])(
    'finds every repeated key, with its path, in any layout and escaping',
    (value, space, escapeAll) => {
      const text = write(value, space, escapeAll);
      const found = duplicateKeys(text, 1000);
      expect(found.map((d) => d.path)).toStrictEqual(repeats(value));
      // Each offset is a key's opening quote.
      for (const { offset } of found) expect(text[offset]).toBe('"');
    },
  );

  test.prop([tree, fc.constantFrom('', ' ', '\n  ')])(
    "a text's value's floor leaves room for a repeat only where the text is longer",
    (value, space) => {
      const text = write(value, space, false);
      // parseJson, as decoding reads: V8's JSON.parse may misread escaped keys (parse-json.ts).
      const floor = textFloor(parseJson(text));
      expect(floor).toBeLessThanOrEqual(text.length);
      // The bound the fast path trusts: a text that repeats a key is always scanned.
      if (repeats(value).length > 0) expect(mayRepeatKeys(text.length, floor)).toBe(true);
    },
  );

  it('stops at the limit', () => {
    expect(duplicateKeys('{"a":1,"a":2,"a":3,"a":4}', 2)).toHaveLength(2);
  });
});

describe('numberFloor', () => {
  test.prop([fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 20 })])(
    'is never longer than a text of the number, digits or exponent',
    (mantissa, zeros) => {
      const value = mantissa * 10 ** zeros;
      fc.pre(Number.isSafeInteger(value));
      for (const text of [String(value), `${mantissa}e${zeros}`, `${mantissa}E+${zeros}`, value.toExponential()]) {
        expect(JSON.parse(text)).toBe(value);
        expect(numberFloor(value)).toBeLessThanOrEqual(text.length);
      }
    },
  );

  it('is the length of what JSON.stringify writes, but for three zeros or more', () => {
    for (const value of [0, 7, -15, 3600, 43200, 86400, 900]) expect(numberFloor(value)).toBe(String(value).length);
    expect([36000, 10000, -1000, 1e21, 0.5].map(numberFloor)).toStrictEqual([4, 3, 4, 1, 1]);
  });
});

describe('decoding a key given twice', () => {
  const twice = compact.replace('"id":', '"id":"first","id":');

  it('is a duplicate_key error in strict mode, at the repeat', () => {
    expect(decode(model, twice, { mode: 'strict' })).toStrictEqual({
      ok: false,
      errors: [
        {
          code: 'duplicate_key',
          path: '/id',
          line: 1,
          column: 15,
          message: '"id" is given twice in this object; parsers differ on which value counts, so give each key once',
        },
      ],
      warnings: [],
    });
  });

  it('is a warning in tolerant mode, and the last value is read', () => {
    const result = decode(model, twice);
    expect(result).toMatchObject({
      ok: true,
      value: { id: seedPat.id },
      warnings: [{ code: 'duplicate_key', path: '/id', line: 1, column: 15 }],
    });
  });

  it('finds it nested, escaped, in any layout, and with the other problems', () => {
    const nested = compact.replace('"owner":{', '"owner":{"\\u0069d":"x",');
    expect(decode(model, nested, { mode: 'strict' })).toMatchObject({
      ok: false,
      errors: [{ code: 'duplicate_key', path: '/owner/id' }],
    });
    const pretty = JSON.stringify(JSON.parse(twice), null, 2).replace('"name"', '"name": 1,\n  "name"');
    expect(decode(model, pretty, { mode: 'strict' })).toMatchObject({
      ok: false,
      errors: [{ code: 'duplicate_key', path: '/name', line: 4 }],
    });
    const alsoUnknown = twice.replace('{', '{"extra":1,');
    const result = decode(model, alsoUnknown, { mode: 'strict' });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toStrictEqual(['duplicate_key', 'unknown_key']);
  });

  it('leaves texts that give each key once alone, however written', () => {
    for (const text of [compact, JSON.stringify(seedPat, null, 2), compact.replace('"id"', '"\\u0069d"')])
      expect(decode(model, text, { mode: 'strict' })).toStrictEqual({ ok: true, value: seedPat, warnings: [] });
    expect(createDecoder(model, { mode: 'strict' }).decodeOrThrow(compact)).toStrictEqual(seedPat);
  });

  it('names the item of a list, a line of NDJSON and an item of a stream', () => {
    const pats = [0, 1, 2].map((i) => ({ ...seedPat, id: `id-${i}` }));
    const list = encodeList(model, pats).replace('"id":"id-2"', '"id":"id-2","id":"id-2"');
    expect(decodeList(model, list, { mode: 'strict' })).toMatchObject({
      ok: false,
      errors: [{ code: 'duplicate_key', path: '/2/id', index: 2, line: 1 }],
    });
    const skipped = decodeList(model, list, { skipInvalid: true });
    expect(skipped).toMatchObject({ ok: true, warnings: [{ code: 'duplicate_key', path: '/2/id', index: 2 }] });
    const lines = encodeList(model, pats, { format: 'ndjson' }).replace('"id":"id-1"', '"id":"id-1","id":"id-1"');
    expect(decodeList(model, lines, { mode: 'strict' })).toMatchObject({
      ok: false,
      errors: [{ code: 'duplicate_key', path: '/id', index: 1, line: 2, column: 14 }],
    });
  });

  it('stops a stream at the item, whether it was read in a run of items or alone', async () => {
    const pats = Array.from({ length: 40 }, (_, i) => ({ ...seedPat, id: `id-${i}` }));
    const list = encodeList(model, pats).replace('"id":"id-30"', '"id":"id-30","id":"id-30"');
    const read = async () => {
      for await (const _ of decodeStream(model, Readable.from([Buffer.from(list)]), { mode: 'strict' })) {
        // reading on
      }
    };
    await expect(read()).rejects.toMatchObject({ code: 'duplicate_key', index: 30, path: '/id' });
    const warnings: string[] = [];
    const values = [];
    for await (const pat of decodeStream(model, Readable.from([Buffer.from(list)]), {
      onWarning: (w) => warnings.push(`${w.code} ${w.index} ${w.path}`),
    }))
      values.push(pat);
    expect(values).toHaveLength(40);
    expect(warnings).toStrictEqual(['duplicate_key 30 /id']);
    const error = await read().catch((e: SerializerError) => e);
    expect(error?.message).toContain('given twice');
  });
});
