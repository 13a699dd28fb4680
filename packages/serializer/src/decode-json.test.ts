import { describe, expect, it } from 'vitest';
import { decodeJsonValue, decodeJsonValues } from './decode-json.js';

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

describe('decodeJsonValues', () => {
  it('reads a JSON array or NDJSON, blank lines skipped', () => {
    expect(decodeJsonValues(' [{"id":"a"},{"id":"b"}]')).toMatchObject({ ok: true, value: [{ id: 'a' }, { id: 'b' }] });
    expect(decodeJsonValues('{"id":"a"}\n\n{"id":"b"}\n')).toMatchObject({
      ok: true,
      value: [{ id: 'a' }, { id: 'b' }],
    });
    expect(decodeJsonValues('')).toMatchObject({ ok: true, value: [] });
  });

  it('says the NDJSON line of a problem, and keeps the limits', () => {
    expect(decodeJsonValues('{"id":"a"}\n\n{"id":', { source: 'ids.ndjson' })).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_json', line: 3, source: 'ids.ndjson' }],
    });
    expect(decodeJsonValues(`{"a":1}\n${'['.repeat(100)}`)).toMatchObject({
      ok: false,
      errors: [{ code: 'too_deep', line: 2, column: 65 }],
    });
    expect(decodeJsonValues('['.repeat(10_000_000))).toMatchObject({ ok: false, errors: [{ code: 'too_deep' }] });
    expect(decodeJsonValues('[1]', { maxBytes: 2 })).toMatchObject({ ok: false, errors: [{ code: 'too_large' }] });
  });
});
