import { Readable } from 'node:stream';
import type { Model, Pat } from '@patkit/model';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createDecoder, type DecodeResult, decode, decodeOrThrow, decodeValue } from './decode.js';
import { decodeList, decodeStream } from './decode-list.js';
import { encode } from './encode.js';
import { seedPat, seedText } from './fixtures.test-utils.js';
import type { Mode } from './options.js';
import { SerializerError } from './serializer-error.js';

const model = 'GetPersonalAccessTokenResponse';

function errors(input: string | Uint8Array, options = {}) {
  const result = decode(model, input, options);
  if (result.ok) throw new Error('expected a failure');
  return result.errors;
}

describe('decode', () => {
  it('reads canonical JSON in both modes', () => {
    expect(decode(model, seedText, { mode: 'strict' })).toStrictEqual({ ok: true, value: seedPat, warnings: [] });
    expect(decode(model, seedText)).toStrictEqual({ ok: true, value: seedPat, warnings: [] });
  });

  it('reads bytes, with or without a BOM', () => {
    const bytes = new TextEncoder().encode(seedText);
    expect(decode(model, bytes).ok).toBe(true);
    expect(decode(model, new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])).ok).toBe(true);
    expect(decode(model, `\uFEFF${seedText}`).ok).toBe(true);
  });

  it('refuses text that is not well-formed Unicode in every string field and mode, naming the field', () => {
    const escaped = JSON.stringify({ ...seedPat, name: 'z\ud800', scope: ['ok', '\udc00x'] });
    // The same in a JavaScript string that holds the lone surrogates themselves, not escapes.
    const raw = escaped.replaceAll('\\ud800', '\ud800').replaceAll('\\udc00', '\udc00');
    expect(raw).not.toContain('\\');
    for (const lone of [escaped, raw]) {
      for (const mode of ['strict', 'tolerant'] as const) {
        const result = decode('GetPersonalAccessTokenResponse', lone, { mode });
        expect(result.ok ? [] : result.errors.map((e) => [e.code, e.path, e.message.slice(0, 31)])).toEqual([
          ['invalid_value', '/name', 'is not well-formed Unicode: an '],
          ['invalid_value', '/scope/1', 'is not well-formed Unicode: an '],
        ]);
      }
    }
    // A surrogate pair is one character, and fine.
    expect(decode('GetPersonalAccessTokenResponse', JSON.stringify({ ...seedPat, name: 'ok \ud83d\ude00' })).ok).toBe(
      true,
    );
    expect(() => encode('GetPersonalAccessTokenResponse', { ...seedPat, name: 'z\ud800' })).toThrow(/well-formed/);
  });

  it('says why move and copy are refused: the spec has no "from"', () => {
    for (const op of ['move', 'copy']) {
      const result = decode('PatPatchDocument', JSON.stringify([{ op, from: '/name', path: '/name' }]));
      expect(result.ok ? [] : result.errors.map((e) => [e.path, e.message])).toEqual([
        [
          '/0/op',
          `"${op}" is not supported: ISC's JSON Patch operation has no "from" key, so it cannot say what to ${op}; use "add" or "replace" or "test" with the value itself`,
        ],
      ]);
    }
  });

  it('reports invalid UTF-8 with the byte offset', () => {
    const bytes = new TextEncoder().encode(seedText);
    bytes[10] = 0xff;
    expect(errors(bytes)).toEqual([
      {
        code: 'invalid_utf8',
        path: '',
        message: 'the bytes are not valid UTF-8 (at byte 10); save the input as UTF-8',
      },
    ]);
  });

  it('reports a syntax error with its line and column, never a SyntaxError', () => {
    expect(errors('{\n  "id": "a",\n  "name": tru\n}')).toEqual([
      {
        code: 'invalid_json',
        path: '',
        line: 3,
        column: 11,
        message: 'invalid JSON: expected a value, found "t"',
      },
    ]);
    expect(errors('')[0]?.message).toBe('invalid JSON: unexpected end of input; a value is missing');
    expect(errors('{"id": "a",}')[0]?.message).toMatch(/a trailing comma before "}" is not allowed/);
  });

  it('reports every problem at once, with JSON Pointer, line and column', () => {
    const text =
      '{\n  "id": 5,\n  "name": "x",\n  "owner": {"type": "USER"},\n  "created": "2017-02-30T00:00:00Z",\n  "accessTokenValiditySeconds": 7\n}';
    expect(errors(text, { mode: 'strict' })).toEqual([
      { code: 'invalid_type', path: '/id', line: 2, column: 9, message: 'expected a string, got the number 5' },
      {
        code: 'missing_key',
        path: '/scope',
        line: 1,
        column: 1,
        message: 'required key is missing; add an array of strings or null',
      },
      {
        code: 'invalid_value',
        path: '/owner/type',
        line: 4,
        column: 21,
        message: 'expected "IDENTITY", got the string "USER"',
      },
      {
        code: 'invalid_datetime',
        path: '/created',
        line: 5,
        column: 14,
        message:
          '"2017-02-30T00:00:00Z" is not a valid date-time: day 30 does not exist in 2017-02 (expected e.g. 2017-07-11T18:45:37.098Z)',
      },
      {
        code: 'out_of_range',
        path: '/accessTokenValiditySeconds',
        line: 6,
        column: 33,
        message: '7 is out of range; use an integer from 15 to 43200',
      },
    ]);
  });

  it('bounds the number of errors', () => {
    const many = `{${Array.from({ length: 50 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const found = errors(many, { mode: 'strict', maxErrors: 5 });
    expect(found).toHaveLength(6);
    expect(found.at(-1)?.message).toMatch(/more problem\(s\) not shown \(maxErrors is 5\)/);
  });

  describe('strict mode', () => {
    it('rejects unknown keys, naming the key where it stands', () => {
      expect(errors(seedText.replace('{', '{"extra":1,'), { mode: 'strict' })).toEqual([
        {
          code: 'unknown_key',
          path: '/extra',
          line: 1,
          column: 2,
          message: '"extra" is not a key of GetPersonalAccessTokenResponse; remove it, or decode in tolerant mode',
        },
      ]);
    });

    it('needs a zone on date-times but accepts offsets and any precision', () => {
      expect(errors(seedText.replace('18:45:37.098Z"', '18:45:37.098"'), { mode: 'strict' })[0]?.code).toBe(
        'invalid_datetime',
      );
      const offset = decode(
        model,
        seedText.replace('"2017-07-11T18:45:37.098Z"', '"2017-07-11T20:45:37.098123+02:00"'),
        {
          mode: 'strict',
        },
      );
      expect(offset.ok && offset.value.created).toBe('2017-07-11T18:45:37.098Z');
    });

    it('refuses null for an optional key that is not nullable', () => {
      expect(errors(seedText.replace('"managed":false', '"managed":null'), { mode: 'strict' })[0]).toMatchObject({
        code: 'invalid_type',
        path: '/managed',
        message: 'null is not allowed here; omit the key or give true or false',
      });
    });

    it('leaves absent optional keys absent', () => {
      const result = decode(
        model,
        '{"id":"a","name":"b","scope":null,"owner":{},"created":"2017-07-11T18:45:37.098Z"}',
        {
          mode: 'strict',
        },
      );
      expect(result.ok && result.value).toStrictEqual({
        id: 'a',
        name: 'b',
        scope: null,
        owner: {},
        created: '2017-07-11T18:45:37.098Z',
      });
    });
  });

  describe('tolerant mode', () => {
    const messy =
      '{"name":"b","id":"a","extra":{"x":1},"scope":[],"owner":{"id":"o"},"created":"2017-07-11T18:45:37.0981234","managed":null,"lastUsed":"2017-07-11T20:45:37+02:00"}';

    it('reads what PowerShell and real tenants write, with warnings', () => {
      const result = decode(model, messy);
      expect(result).toStrictEqual({
        ok: true,
        value: {
          id: 'a',
          name: 'b',
          scope: [],
          owner: { id: 'o' },
          created: '2017-07-11T18:45:37.098Z',
          lastUsed: '2017-07-11T18:45:37.000Z',
          managed: false,
          accessTokenValiditySeconds: 43200,
          userAwareTokenNeverExpires: false,
        },
        warnings: [
          {
            code: 'missing_zone',
            path: '/created',
            line: 1,
            column: 78,
            message: '"2017-07-11T18:45:37.0981234" has no zone; read as UTC',
          },
          {
            code: 'null_for_absent',
            path: '/managed',
            line: 1,
            column: 118,
            message: 'null for an optional key; read as absent',
          },
          {
            code: 'unknown_key',
            path: '/extra',
            line: 1,
            column: 22,
            message: '"extra" is not a key of GetPersonalAccessTokenResponse; dropped',
          },
        ],
      });
    });

    it('keeps unknown keys when asked, after the known ones', () => {
      const result = decode(model, messy, { unknownKeys: 'keep' });
      expect(result.ok && Object.keys(result.value).at(-1)).toBe('extra');
      expect(result.ok && (result.value as Record<string, unknown>).extra).toEqual({ x: 1 });
    });
  });

  describe('safety', () => {
    it('never lets "__proto__", "constructor" or "prototype" touch a prototype', () => {
      const text = seedText.replace(
        '{',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,',
      );
      const result = decode(model, text, { unknownKeys: 'keep' });
      if (!result.ok) throw new Error('expected success');
      const value = result.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(value.polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(value).slice(-3)).toEqual(['__proto__', 'constructor', 'prototype']);
    });

    it('answers too_deep for nesting beyond the limit, even a million levels', () => {
      const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
      expect(errors(deep)[0]).toMatchObject({ code: 'too_deep', path: '' });
      const nested = seedText.replace('{', `{"extra":${'['.repeat(100)}${']'.repeat(100)},`);
      expect(errors(nested, { unknownKeys: 'keep' })[0]).toMatchObject({ code: 'too_deep', path: '/extra' });
      expect(errors(nested, { mode: 'strict' })[0]).toMatchObject({ code: 'unknown_key', path: '/extra' });
      expect(decode(model, nested, { unknownKeys: 'keep', maxDepth: 200 }).ok).toBe(true);
    });

    it('answers too_large above maxBytes without parsing', () => {
      expect(errors(seedText, { maxBytes: 100 })[0]).toMatchObject({
        code: 'too_large',
        message: `the input is ${seedText.length} bytes, more than the limit of 100; raise maxBytes or stream it`,
      });
      expect(errors(new TextEncoder().encode(seedText), { maxBytes: 100 })[0]?.code).toBe('too_large');
      // Characters outside ASCII count as the bytes they take in UTF-8.
      expect(errors('"ééé"', { maxBytes: 7 })[0]?.code).toBe('too_large');
    });

    it('survives a 100 MB input', () => {
      const huge = `{"id":"${'x'.repeat(100 * 1024 * 1024)}"}`;
      expect(errors(huge)[0]?.code).toBe('too_large');
      const big = decode(
        model,
        huge.replace('}', ',"name":"n","scope":null,"owner":{},"created":"2017-07-11T18:45:37.098Z"}'),
        {
          maxBytes: 200 * 1024 * 1024,
        },
      );
      expect(big.ok && big.value.id.length).toBe(100 * 1024 * 1024);
      // 1 to 15 s alone; four times the slowest on a busy two-core machine with the demo running.
    }, 120_000);
  });

  it("reads beta's null expirationDate, as beta's file allows (one legacy shape)", () => {
    const { userAwareTokenNeverExpires: _, ...legacy } = { ...seedPat, expirationDate: null };
    for (const apiVersion of ['beta', 'v3', 'v2024'] as const)
      expect(decode('GetPersonalAccessTokenResponse', JSON.stringify(legacy), { apiVersion, mode: 'strict' }).ok).toBe(
        true,
      );
  });

  it('decodes every API version with its own shape', () => {
    const legacy = decode(model, seedText, { apiVersion: 'v3', mode: 'strict' });
    expect(legacy.ok).toBe(false);
    expect(legacy.ok ? [] : legacy.errors.map((e) => [e.code, e.path])).toEqual([
      ['unknown_key', '/userAwareTokenNeverExpires'],
    ]);
  });

  it('checks options and says what is allowed', () => {
    expect(() => decode('Nope' as never, seedText)).toThrow(/unknown model "Nope"; use one of PatOwner/);
    expect(() => decode(model, seedText, { mode: 'lenient' as never })).toThrow(SerializerError);
    expect(() => decode(model, seedText, { mode: 'strict', unknownKeys: 'keep' })).toThrow(
      /unknownKeys applies to tolerant mode/,
    );
    expect(() => decode(model, seedText, { maxBytes: 0 })).toThrow(/maxBytes must be a positive integer/);
  });
});

describe('decodeValue', () => {
  it('checks a parsed value, with paths but no lines', () => {
    const result = decodeValue(model, { ...seedPat, id: 1 }, { mode: 'strict' });
    expect(result.ok ? [] : result.errors).toEqual([
      { code: 'invalid_type', path: '/id', message: 'expected a string, got the number 1' },
    ]);
  });

  it('refuses values JSON cannot hold in kept keys', () => {
    const result = decodeValue(model, { ...seedPat, extra: () => 1 }, { unknownKeys: 'keep' });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['invalid_value']);
  });
});

describe('decodeOrThrow', () => {
  it('throws one SerializerError with every problem', () => {
    try {
      decodeOrThrow(model, '{"id":1}', { source: 'pat.json' });
      throw new Error('no error');
    } catch (error) {
      if (!(error instanceof SerializerError)) throw error;
      expect(error.name).toBe('SerializerError');
      expect(error.code).toBe('invalid_type');
      expect(error.path).toBe('/id');
      expect([error.line, error.column]).toEqual([1, 7]);
      expect(error.issues).toHaveLength(5);
      expect(error.message).toContain('GetPersonalAccessTokenResponse is not valid: 5 problems');
      expect(error.message).toContain('pat.json:1:7 /id: expected a string, got the number 1');
    }
  });
});

describe('unknownKeys, in @patkit/model words', () => {
  it('strips by default, as "strip" and the old "drop" do; keeps with "keep"', () => {
    const text = JSON.stringify({ ...seedPat, extra: 1 });
    const model = 'GetPersonalAccessTokenResponse';
    for (const unknownKeys of [undefined, 'strip', 'drop'] as const)
      expect(decode(model, text, unknownKeys === undefined ? {} : { unknownKeys })).toMatchObject({
        ok: true,
        value: seedPat,
      });
    expect(decode(model, text, { unknownKeys: 'keep' })).toMatchObject({ ok: true, value: { extra: 1 } });
    expect(() => decode(model, text, { unknownKeys: 'reject' as 'keep' })).toThrow(
      /unknownKeys must be "keep" or "strip"/,
    );
  });
});

describe('the types know the mode', () => {
  // The seed without the keys that have defaults, as an older tenant may send it.
  const { managed, accessTokenValiditySeconds, userAwareTokenNeverExpires, ...bare } = seedPat;
  const bareText = JSON.stringify(bare);

  it('tolerant reads (the default) fill the defaults, and their types say so', async () => {
    const one = decodeOrThrow(model, bareText);
    expectTypeOf(one).toEqualTypeOf<Pat>();
    expectTypeOf(one.managed).toEqualTypeOf<boolean>();
    expectTypeOf(one.accessTokenValiditySeconds).toEqualTypeOf<number>();
    expect(one).toMatchObject({
      managed: false,
      accessTokenValiditySeconds: 43_200,
      userAwareTokenNeverExpires: false,
    });
    const result = decode(model, bareText, { mode: 'tolerant', apiVersion: 'v3' });
    expectTypeOf(result).toEqualTypeOf<DecodeResult<Pat<'v3'>>>();
    const list = decodeList(model, `[${bareText}]`);
    expectTypeOf(list).toEqualTypeOf<DecodeResult<Pat[]>>();
    expect(list.ok && list.value[0]?.accessTokenValiditySeconds).toBe(43_200);
    expectTypeOf(decodeValue(model, bare)).toEqualTypeOf<DecodeResult<Pat>>();
    expectTypeOf(createDecoder(model).decodeOrThrow(bareText)).toEqualTypeOf<Pat>();
    for await (const pat of decodeStream(model, Readable.from([bareText]))) {
      expectTypeOf(pat).toEqualTypeOf<Pat>();
      expect(pat.managed).toBe(false);
    }
  });

  it('strict reads give what the text has: keys with defaults stay optional', () => {
    const strict = decodeOrThrow(model, bareText, { mode: 'strict' });
    expectTypeOf(strict).toEqualTypeOf<Model<typeof model>>();
    expectTypeOf(strict.managed).toEqualTypeOf<boolean | undefined>();
    expect('managed' in strict).toBe(false);
    expectTypeOf(createDecoder(model, { mode: 'strict' }).decodeOrThrow(bareText)).toEqualTypeOf<Model<typeof model>>();
  });

  it('a mode known only at run time gives either', () => {
    const mode: Mode = Math.random() < 2 ? 'strict' : 'tolerant';
    expectTypeOf(decodeOrThrow(model, seedText, { mode })).toEqualTypeOf<Model<typeof model> | Pat>();
  });
});
