import { describe, expect, it } from 'vitest';
import { decodeJsonValue } from './decode-json.js';

describe('decodeJsonValue', () => {
  it('reads any JSON value', () => {
    expect(decodeJsonValue('[{"id":"a","n":[1,2,{"x":null}]}]')).toEqual({
      ok: true,
      value: [{ id: 'a', n: [1, 2, { x: null }] }],
      warnings: [],
    });
    expect(decodeJsonValue(new TextEncoder().encode('"\\u005b[["'))).toMatchObject({ ok: true, value: '[[[' });
  });

  it('refuses nesting past the limit before parsing, brackets inside strings not counted', () => {
    const deep = decodeJsonValue('['.repeat(10_000_000), { source: 'deep.json' });
    expect(deep).toMatchObject({
      ok: false,
      errors: [
        { code: 'too_deep', line: 1, column: 65, source: 'deep.json', message: 'nested more than 64 levels deep' },
      ],
    });
    expect(decodeJsonValue(`${'['.repeat(3)}"${'['.repeat(100)}\\""${']'.repeat(3)}`, { maxDepth: 3 }).ok).toBe(true);
    expect(decodeJsonValue('{"a":{"b":[1]}}', { maxDepth: 2 })).toMatchObject({ ok: false, errors: [{ column: 11 }] });
  });

  it('keeps the size, UTF-8 and syntax errors of model decoding', () => {
    expect(decodeJsonValue('[1,2]', { maxBytes: 4 })).toMatchObject({ ok: false, errors: [{ code: 'too_large' }] });
    expect(decodeJsonValue(new Uint8Array([0x5b, 0xff, 0x5d]))).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_utf8' }],
    });
    expect(decodeJsonValue('[1,\n2,]')).toMatchObject({ ok: false, errors: [{ code: 'invalid_json', line: 2 }] });
  });
});
