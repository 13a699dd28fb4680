import { fc, test } from '@fast-check/vitest';
import {
  type ApiVersion,
  createModel,
  type FieldNode,
  getSchema,
  type ModelName,
  maxDateTimeMs,
  minDateTimeMs,
  modelNames,
  schemaNode,
} from '@patkit/model';
import { arbitraryFor } from '@patkit/model/arbitraries';
import { describe, expect } from 'vitest';
import { decode, decodeOrThrow } from '../src/decode.js';
import { decodeList, decodeStream } from '../src/decode-list.js';
import { encode } from '../src/encode.js';
import { encodeList } from '../src/encode-list.js';

const versions: ApiVersion[] = ['v2025', 'v3'];
const cases = modelNames.flatMap((model) => versions.map((apiVersion) => [model, apiVersion] as const));

function fieldsOf(model: ModelName, apiVersion: ApiVersion): readonly FieldNode[] {
  const node = schemaNode(getSchema(model, { apiVersion }));
  return node.kind === 'object' ? node.fields : [];
}

/** What tolerant reading makes of a model: the constructors' defaults applied. */
function withDefaults(model: ModelName, apiVersion: ApiVersion, value: unknown): unknown {
  return createModel(model, value as never, { apiVersion });
}

describe.each(cases)('%s (%s) round trips', (model, apiVersion) => {
  const arbitrary = arbitraryFor(model, { apiVersion });

  test.prop([arbitrary])('strict: decode(encode(x)) is x', (x) => {
    expect(decodeOrThrow(model, encode(model, x, { apiVersion }), { apiVersion, mode: 'strict' })).toStrictEqual(x);
  });

  test.prop([arbitrary])('tolerant: decode(encode(x)) is x with the defaults applied', (x) => {
    const decoded = decodeOrThrow(model, encode(model, x, { apiVersion }), { apiVersion });
    expect(decoded).toStrictEqual(withDefaults(model, apiVersion, x));
  });

  test.prop([arbitrary, fc.constantFrom(undefined, 2, '\t')])('encode(decode(s)) is s for canonical s', (x, indent) => {
    const text = encode(model, x, { apiVersion, ...(indent === undefined ? {} : { indent }) });
    const strict = decodeOrThrow(model, text, { apiVersion, mode: 'strict' });
    expect(encode(model, strict, { apiVersion, ...(indent === undefined ? {} : { indent }) })).toBe(text);
  });
});

// Renders an instant the way other writers do: more digits, an offset, no zone.
const dateRendering = fc.oneof(
  fc.constant((iso: string) => `${iso.slice(0, 23)}417Z`),
  fc.constant((iso: string) => `${iso.slice(0, 23)}4170`),
  fc.integer({ min: -14 * 60, max: 14 * 60 }).map((offset) => (iso: string) => {
    const localMs = Date.parse(iso) + offset * 60_000;
    // Near year 0000 or 9999 the local time may not fit in four digits.
    if (localMs < minDateTimeMs || localMs > maxDateTimeMs) return iso;
    const local = new Date(localMs).toISOString().slice(0, 23);
    const abs = Math.abs(offset);
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
  }),
);

const objectCases = cases.filter(([model, apiVersion]) => fieldsOf(model, apiVersion).length > 0);

describe.each(objectCases)('%s (%s) messy renderings', (model, apiVersion) => {
  const fields = fieldsOf(model, apiVersion);
  const known = new Set(fields.map((f) => f.key));
  const nullable = fields.filter((f) => f.optional && !f.node.nullable).map((f) => f.key);
  const dateKeys = fields.filter((f) => f.node.kind === 'date-time').map((f) => f.key);
  const messy = fc.record({
    x: arbitraryFor(model, { apiVersion }),
    order: fc.array(fc.integer(), { minLength: 20, maxLength: 20 }),
    indent: fc.constantFrom(0, 1, 4, '\t'),
    render: dateRendering,
    nulls: fc.subarray(nullable),
    unknown: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !known.has(k)),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 2 },
    ),
  });

  test.prop([messy])('tolerant reads it as its canonical form; strict names what breaks', (m) => {
    const plain = JSON.parse(encode(model, m.x, { apiVersion })) as Record<string, unknown>;
    for (const key of dateKeys) {
      const value = plain[key];
      if (typeof value === 'string') plain[key] = m.render(value);
    }
    const nulls = m.nulls.filter((key) => !(key in plain));
    for (const key of nulls) plain[key] = null;
    const entries = [...Object.entries(plain), ...Object.entries(m.unknown)];
    const shuffled = entries
      .map((e, i) => [m.order[i % m.order.length] ?? 0, i, e] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const text = JSON.stringify(Object.fromEntries(shuffled.map(([, , e]) => e)), null, m.indent);

    const tolerant = decodeOrThrow(model, text, { apiVersion });
    expect(tolerant).toStrictEqual(decodeOrThrow(model, encode(model, m.x, { apiVersion }), { apiVersion }));

    const strict = decode(model, text, { apiVersion, mode: 'strict' });
    const codes = strict.ok ? [] : strict.errors.map((e) => [e.code, e.path]);
    const noZone = dateKeys.some(
      (key) => typeof plain[key] === 'string' && !/(Z|[+-]\d\d:\d\d)$/.test(plain[key] as string),
    );
    const expected = [
      ...nulls.map((key) => ['invalid_type', `/${key}`]),
      ...dateKeys
        .filter(() => noZone)
        .filter((key) => typeof plain[key] === 'string')
        .map((key) => ['invalid_datetime', `/${key}`]),
      ...Object.keys(m.unknown).map((key) => ['unknown_key', `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`]),
    ];
    expect(codes.map(String).sort()).toEqual(expected.map(String).sort());
  });
});

const patCases = (['v2025', 'v3'] as const).map((apiVersion) => [apiVersion] as const);

describe.each(patCases)('GetPersonalAccessTokenResponse (%s) mutations', (apiVersion) => {
  const model = 'GetPersonalAccessTokenResponse';
  const pat = arbitraryFor(model, { apiVersion });
  const fields = fieldsOf(model, apiVersion);
  const required = fields.filter((f) => !f.optional).map((f) => f.key);
  const dates = fields.filter((f) => f.node.kind === 'date-time').map((f) => f.key);
  const impossible = fc.constantFrom(
    '2017-02-30T00:00:00Z',
    '2019-02-29T12:00:00.000Z',
    '2017-04-31T00:00:00Z',
    '2017-13-01T00:00:00Z',
  );
  const outside = fc.oneof(fc.integer({ min: -1e9, max: 14 }), fc.integer({ min: 43_201, max: 1e9 }));

  const mutation = fc.oneof(
    fc.constantFrom(...required).map((key) => ({ key, drop: true as const, code: 'missing_key' })),
    fc
      .tuple(fc.constantFrom('id', 'name', 'created'), fc.constantFrom(1, true, [], {}))
      .map(([key, value]) => ({ key, value, code: 'invalid_type' })),
    fc.tuple(fc.constantFrom(...dates), impossible).map(([key, value]) => ({ key, value, code: 'invalid_datetime' })),
    outside.map((value) => ({ key: 'accessTokenValiditySeconds', value, code: 'out_of_range' })),
  );

  test.prop([pat, mutation, fc.constantFrom('strict' as const, 'tolerant' as const)])(
    'a schema-breaking change fails with its code at its path',
    (x, change, mode) => {
      const plain = JSON.parse(encode(model, x, { apiVersion })) as Record<string, unknown>;
      if ('drop' in change) delete plain[change.key];
      else plain[change.key] = change.value;
      const result = decode(model, JSON.stringify(plain), { apiVersion, mode });
      expect(result.ok ? [] : result.errors.map((e) => [e.code, e.path])).toEqual([[change.code, `/${change.key}`]]);
    },
  );
});

describe('streaming agrees with whole-document decoding', () => {
  const model = 'GetPersonalAccessTokenResponse';
  const list = fc.array(arbitraryFor(model), { maxLength: 6 });
  const cuts = fc.array(fc.nat(), { maxLength: 12 });

  test.prop([list, cuts, fc.constantFrom('json' as const, 'ndjson' as const), fc.constantFrom(undefined, 2)])(
    'for any list cut into chunks at any byte',
    async (pats, offsets, format, indent) => {
      const text = encodeList(model, pats, format === 'json' && indent !== undefined ? { indent } : { format });
      const bytes = new TextEncoder().encode(text);
      const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((start, i) => bytes.subarray(start, [...points, bytes.length][i]));
      const streamed = [];
      for await (const item of decodeStream(model, chunks)) streamed.push(item);
      const whole = decodeList(model, text);
      expect(whole.ok && whole.value).toStrictEqual(streamed);
    },
  );

  // Every input, not only valid documents: valid lists with bytes inserted,
  // replaced or cut, and bytes from nothing. Either both read the same items
  // (and skip the same ones), or both refuse.
  const damaged = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc
      .tuple(
        list,
        fc.constantFrom('json' as const, 'ndjson' as const),
        fc.array(
          fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x2c, 0x5b, 0x5d, 0x7b, 0x22, 0x80, 0xbb, 0xef, 0xc2, 0xa0, 0x0a)),
          {
            maxLength: 3,
          },
        ),
        fc.nat(),
      )
      .map(([pats, format, edits, cut]) => {
        const bytes = [...new TextEncoder().encode(encodeList(model, pats, { format }))];
        for (const [at, byte] of edits) bytes.splice(at % (bytes.length + 1), at % 2, byte);
        return Uint8Array.from(cut % 5 === 0 ? bytes.slice(0, cut % (bytes.length + 1)) : bytes);
      }),
  );

  test.prop([damaged, cuts, fc.boolean()])(
    'for any bytes at all, valid or not',
    async (bytes, offsets, skipInvalid) => {
      const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((start, i) => bytes.subarray(start, [...points, bytes.length][i]));
      const options = { mode: 'tolerant' as const, skipInvalid };
      let streamed: unknown;
      try {
        const items = [];
        for await (const item of decodeStream(model, chunks, options)) items.push(item);
        streamed = items;
      } catch {
        streamed = 'refused';
      }
      const whole = decodeList(model, bytes, options);
      expect(streamed).toStrictEqual(whole.ok ? whole.value : 'refused');
    },
  );
});
