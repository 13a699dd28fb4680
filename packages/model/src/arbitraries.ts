import fc from 'fast-check';
import { type ApiVersion, defaultApiVersion, type ModelVariant, variantOf } from './api-version.js';
import { type IsoDateTime, maxDateTimeMs, minDateTimeMs } from './date-time.js';
import type { ModelName } from './model-names.js';
import type { PatPatchOperation } from './pat-patch.js';
import { type SchemaNode, schemaNode } from './schema-node.js';
import { getSchema, type Model } from './schemas.js';

/** Date-times from 0000-01-01 to 9999-12-31 at millisecond precision, with the edges and leap days favoured. */
export function isoDateTimeArbitrary(): fc.Arbitrary<IsoDateTime> {
  const edges = [
    minDateTimeMs,
    maxDateTimeMs,
    0,
    -1,
    Date.UTC(2000, 1, 29, 12),
    Date.UTC(2017, 6, 11, 18, 45, 37, 98),
    Date.UTC(2024, 11, 31, 23, 59, 59, 999),
  ];
  return fc
    .oneof(
      { arbitrary: fc.integer({ min: minDateTimeMs, max: maxDateTimeMs }), weight: 8 },
      { arbitrary: fc.constantFrom(...edges), weight: 1 },
    )
    .map((ms) => new Date(ms).toISOString() as IsoDateTime);
}

const edgeStrings = [
  '',
  ' ',
  '\u0000',
  '\t\r\n',
  '"',
  '\\',
  '</script>',
  '__proto__',
  'constructor',
  'prototype',
  'NodeJS Integration',
  'Ünïcödé ∑ 😀 👩‍👩‍👧',
  '\u202Ereversed',
  '\uFEFFbom',
  '\u2028\u2029',
  'x'.repeat(1000),
];

/** Any Unicode text, with empty, control, escape-heavy, prototype-named and very long strings favoured. */
export function edgeStringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...edgeStrings), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  );
}

// Plain objects only: null-prototype records would not equal what a schema returns.
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

// What only the current variant can patch: the expiry and its never-expires acknowledgement.
const expiryOperations: Record<ModelVariant, () => fc.Arbitrary<PatPatchOperation>[]> = {
  current: () => {
    const valueOp = fc.constantFrom('add' as const, 'replace' as const, 'test' as const);
    return [
      record({
        op: valueOp,
        path: fc.constant('/expirationDate' as const),
        value: fc.option(isoDateTimeArbitrary(), { nil: null }),
      }),
      record({ op: valueOp, path: fc.constant('/userAwareTokenNeverExpires' as const), value: fc.boolean() }),
    ];
  },
  legacy: () => [],
};

function patPatchOperation(variant: ModelVariant): fc.Arbitrary<PatPatchOperation> {
  const valueOp = fc.constantFrom('add' as const, 'replace' as const, 'test' as const);
  const index = fc.nat({ max: 20 }).map((n) => `/scope/${n}` as const);
  const text = edgeStringArbitrary();
  const options: fc.Arbitrary<PatPatchOperation>[] = [
    record({ op: valueOp, path: fc.constant('/name' as const), value: text }),
    record({
      op: valueOp,
      path: fc.constant('/scope' as const),
      value: fc.option(fc.array(text, { maxLength: 4 }), { nil: null }),
    }),
    record({ op: fc.constant('add' as const), path: fc.constant('/scope/-' as const), value: text }),
    record({ op: valueOp, path: index, value: text }),
    record({ op: fc.constant('remove' as const), path: index }),
  ];
  return fc.oneof(...options, ...expiryOperations[variant]());
}

const neverExpiresAck: PatPatchOperation = { op: 'replace', path: '/userAwareTokenNeverExpires', value: true };

function patPatchDocument(variant: ModelVariant): fc.Arbitrary<PatPatchOperation[]> {
  return fc.array(patPatchOperation(variant), { minLength: 1, maxLength: 5 }).map((operations) => {
    const clearsExpiry = operations.some((o) => o.path === '/expirationDate' && o.op !== 'test' && o.value === null);
    // A null expiry needs the never-expires acknowledgement in the same patch.
    return clearsExpiry ? [...operations, neverExpiresAck] : operations;
  });
}

function fromNode(node: SchemaNode): fc.Arbitrary<unknown> {
  const arbitrary = fromKind(node);
  return node.nullable ? fc.option(arbitrary, { nil: null, freq: 4 }) : arbitrary;
}

function fromKind(node: SchemaNode): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case 'date-time':
      return isoDateTimeArbitrary();
    case 'string':
      return edgeStringArbitrary();
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return fc.integer({
        min: Math.max(node.min ?? -2_147_483_648, -2_147_483_648),
        max: Math.min(node.max ?? 2_147_483_647, 2_147_483_647),
      });
    case 'literal':
    case 'enum':
      return fc.constantFrom(...node.values);
    case 'array':
      return fc.array(fromNode(node.item), { maxLength: 4, minLength: node.minItems ?? 0 });
    case 'object': {
      const arbitraries: Record<string, fc.Arbitrary<unknown>> = {};
      for (const field of node.fields) arbitraries[field.key] = fromNode(field.node);
      const requiredKeys = node.fields.filter((field) => !field.optional).map((field) => field.key);
      return fc.record(arbitraries, { requiredKeys, noNullPrototype: true });
    }
    case 'pat-patch-operation':
      return patPatchOperation(node.variant);
    case 'pat-patch-document':
      return patPatchDocument(node.variant);
    case 'json':
      return jsonValueArbitrary();
  }
}

/** JSON values as JSON can carry them: -0 comes back from JSON as 0, so it is never generated. */
export function jsonValueArbitrary(): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
}

export interface ArbitraryOptions<V extends ApiVersion> {
  /** Selects the variant. Default: `defaultApiVersion`. */
  readonly apiVersion?: V;
}

/**
 * Valid values of a model, derived from its schema: every sample passes the
 * schema of that API version. Optional keys are absent (never `undefined`),
 * nullable keys are sometimes `null`.
 */
export function arbitraryFor<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  options: ArbitraryOptions<V> = {},
): fc.Arbitrary<Model<N, V>> {
  const variant = variantOf(options.apiVersion ?? defaultApiVersion);
  if (model === 'PatPatchOperation') return patPatchOperation(variant) as fc.Arbitrary<Model<N, V>>;
  if (model === 'PatPatchDocument') return patPatchDocument(variant) as fc.Arbitrary<Model<N, V>>;
  return fromNode(schemaNode(getSchema(model, options))) as fc.Arbitrary<Model<N, V>>;
}
