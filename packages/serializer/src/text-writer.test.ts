import { fc, test } from '@fast-check/vitest';
import { type ApiVersion, modelNames } from '@patkit/model';
import { arbitraryFor, edgeStringArbitrary } from '@patkit/model/arbitraries';
import { modelNodes, variantOf } from '@patkit/model/core';
import { describe, expect, it } from 'vitest';
import { prepareEncoder } from './encode.js';
import { hasGeneralOnly } from './fixtures.test-utils.js';
import { compileWriter, quoteString } from './text-writer.js';

const versions: ApiVersion[] = ['v2025', 'v3'];
const cases = modelNames.flatMap((model) => versions.map((apiVersion) => [model, apiVersion] as const));

/** What the general path writes, or 'throws'. */
function general(toPlain: (value: unknown) => unknown, value: unknown): string {
  try {
    return JSON.stringify(toPlain(value));
  } catch {
    return 'throws';
  }
}

// Values that break a model in every way the writer must notice (or write exactly as JSON.stringify would).
const odd = fc.oneof(
  fc.anything(),
  edgeStringArbitrary(),
  fc.constantFrom(
    undefined,
    null,
    -0,
    Number.NaN,
    1e21,
    15.5,
    '\ud800',
    'a"b\\c\n\u0001',
    '2017-07-11T18:45:37Z',
    '2017-02-30T00:00:00.000Z',
    'IDENTITY',
    [],
    // A hole: JSON.stringify would write null.
    Object.assign(new Array<unknown>(2), { 1: 'x' }),
  ),
);

describe.each(cases)('%s (%s): the text writer', (model, apiVersion) => {
  const node = modelNodes[variantOf(apiVersion)][model];
  const write = compileWriter(node);
  const { toPlain } = prepareEncoder(model, { apiVersion });
  const arbitrary = arbitraryFor(model, { apiVersion });
  const fields = node.kind === 'object' ? node.fields.map((field) => field.key) : [];

  test.prop([arbitrary])('writes every valid model, as JSON.stringify of the general path', (x) => {
    const text = write(x);
    if (!hasGeneralOnly(node)) expect(text).toBe(JSON.stringify(toPlain(x)));
    else expect(text === undefined || text === JSON.stringify(toPlain(x))).toBe(true);
  });

  test.prop([
    arbitrary,
    fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...fields, 'extra'), fc.string()), value: odd }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.boolean(),
  ])('writes a broken or unusual value as the general path does, or leaves it to that path', (x, changes, deep) => {
    if (typeof x !== 'object' || x === null) return;
    const value: Record<string, unknown> = { ...x };
    for (const change of changes) {
      // Deep: inside a nested object of the model (a PAT's owner), when it has one.
      const nested = Object.values(value).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
      const target = deep && nested !== undefined ? (nested as Record<string, unknown>) : value;
      target[change.key] = change.value;
    }
    const text = write(value);
    if (text !== undefined) expect(text).toBe(general(toPlain, value));
  });
});

describe('the text writer, by hand', () => {
  it('quotes as JSON.stringify does', () => {
    for (const text of ['', 'plain', 'a"b', 'back\\slash', 'line\nbreak', '\u0000\u001f', 'é😀', '\u2028\u007f'])
      expect(quoteString(text)).toBe(JSON.stringify(text));
  });

  it('answers class instances, getters and inherited keys as the general path does', () => {
    const { toPlain } = prepareEncoder('GetPersonalAccessTokenResponse', {});
    const write = compileWriter(modelNodes[variantOf('v2025')].GetPersonalAccessTokenResponse);
    const base = {
      id: '86f1dc6fe8f54414950454cbb11278fa',
      name: 'n',
      scope: null,
      owner: { type: 'IDENTITY', id: 'o' },
      created: '2017-07-11T18:45:37.098Z',
    };
    const inherited = Object.create({ extra: 1 }) as Record<string, unknown>;
    Object.assign(inherited, base);
    const withToJson = Object.assign(Object.create({ toJSON: () => 'hidden' }) as object, base);
    const getter = Object.defineProperty({ ...base }, 'name', { get: () => 'from a getter', enumerable: true });
    for (const value of [base, inherited, withToJson, getter]) {
      const text = write(value);
      if (text !== undefined) expect(text).toBe(JSON.stringify(toPlain(value)));
    }
    expect(write(base)).toBe(JSON.stringify(toPlain(base)));
  });
});
