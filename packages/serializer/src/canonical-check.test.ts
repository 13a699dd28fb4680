import { fc, test } from '@fast-check/vitest';
import { type ApiVersion, modelNames } from '@patkit/model';
import { arbitraryFor, edgeStringArbitrary } from '@patkit/model/arbitraries';
import { modelNodes, variantOf } from '@patkit/model/core';
import { describe, expect } from 'vitest';
import { compileCheck } from './canonical-check.js';
import { compileDecoder, INVALID, newContext } from './decoder.js';
import { textFloor } from './duplicate-keys.js';
import { encode } from './encode.js';
import { hasGeneralOnly } from './fixtures.test-utils.js';
import { resolveDecodeOptions } from './options.js';

const versions: ApiVersion[] = ['v2025', 'v3'];
const modes = ['strict', 'tolerant'] as const;
const cases = modelNames.flatMap((model) =>
  versions.flatMap((apiVersion) => modes.map((mode) => [model, apiVersion, mode] as const)),
);

// Values that break a model, or that decoding would change (a date to normalize, a null to drop).
const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  edgeStringArbitrary(),
  fc.constantFrom(
    null,
    -0,
    1e21,
    15.5,
    '\ud800',
    ['\ud800'],
    '2017-07-11T18:45:37Z',
    '2017-02-30T00:00:00.000Z',
    'IDENTITY',
    [],
  ),
);

describe.each(cases)('%s (%s, %s): the canonical check', (model, apiVersion, mode) => {
  const { flags } = resolveDecodeOptions({ apiVersion, mode });
  const node = modelNodes[variantOf(apiVersion)][model];
  const anyText = compileCheck(node, flags, false);
  const cleanText = compileCheck(node, flags, true);
  /**
   * The check of a parsed value; of a clean text (no escape, well-formed), both variants, which must
   * agree. A value that passes has the floor any value has (duplicate-keys.ts).
   */
  const check = (value: unknown) => {
    const text = JSON.stringify(value);
    if (!text.includes('\\') && text.isWellFormed()) expect(cleanText(value)).toBe(anyText(value));
    const floor = anyText(value);
    if (floor >= 0) expect(floor).toBe(textFloor(value));
    return floor >= 0;
  };
  const decoder = compileDecoder(node, flags);
  const decoded = (value: unknown) => {
    const ctx = newContext(20, 64);
    const output = decoder(value, ctx, undefined, undefined);
    return output === INVALID || ctx.errors.length > 0 || ctx.warnings.length > 0 ? 'problems' : output;
  };
  const fields = node.kind === 'object' ? node.fields.map((field) => field.key) : [];

  /** Parsed as decoding parses: from text, keys in the text's order. */
  const parsed = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  test.prop([arbitraryFor(model, { apiVersion })])('passes what the encoder writes, in strict mode', (x) => {
    const value = JSON.parse(encode(model, x, { apiVersion })) as unknown;
    // Passing means: decoding gives an equal value with no problem.
    if (check(value)) expect(decoded(parsed(value))).toStrictEqual(value);
    // Strict decoding adds no defaults: all of it passes but for what only the decoder reads.
    else expect(mode === 'tolerant' || hasGeneralOnly(node)).toBe(true);
  });

  test.prop([
    arbitraryFor(model, { apiVersion }),
    fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...fields, 'extra', '__proto__'), fc.string()), value: odd }), {
      maxLength: 3,
    }),
    fc.boolean(),
    fc.boolean(),
  ])('passes only what decoding returns unchanged, with no problem', (x, changes, deep, drop) => {
    const value = JSON.parse(encode(model, x, { apiVersion })) as unknown;
    if (typeof value !== 'object' || value === null) return;
    const plain = value as Record<string, unknown>;
    for (const change of changes) {
      const nested = Object.values(plain).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
      const target = deep && nested !== undefined ? (nested as Record<string, unknown>) : plain;
      // A model that is an array (a patch document) keeps a length that is a length.
      if (Array.isArray(target) && change.key === 'length') continue;
      if (drop) delete target[change.key];
      else target[change.key] = change.value;
    }
    // Keys moved out of the spec's order: a reversed copy.
    const text = JSON.stringify(plain);
    for (const candidate of [JSON.parse(text), Object.fromEntries(Object.entries(JSON.parse(text)).reverse())]) {
      if (check(candidate)) expect(decoded(parsed(candidate))).toStrictEqual(candidate);
    }
  });
});
