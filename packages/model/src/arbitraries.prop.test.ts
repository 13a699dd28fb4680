import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ApiVersion } from './api-version.js';
import { arbitraryFor } from './arbitraries.js';
import { type JsonSchema, toJsonSchema } from './json-schema.js';
import { modelNames } from './model-names.js';
import { validateModel } from './validate.js';

type Node = Record<string, unknown>;

const jsonTypes = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] as const;

/** The JSON types a JSON Schema node accepts, or every type when it does not say. */
function acceptedTypes(node: Node): Set<string> {
  if (Array.isArray(node.anyOf)) {
    const union = new Set<string>();
    for (const option of node.anyOf as Node[]) for (const type of acceptedTypes(option)) union.add(type);
    return union;
  }
  if (typeof node.type === 'string') {
    return new Set(node.type === 'number' ? ['number', 'integer'] : [node.type]);
  }
  if ('const' in node) return new Set([typeof node.const]);
  return new Set(jsonTypes);
}

// One value of each JSON type; 1.5 is a number that no integer schema accepts.
const samples: ReadonlyArray<readonly [string, unknown]> = [
  ['string', 'text'],
  ['integer', 7],
  ['number', 1.5],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
];

function wrongValues(node: Node): unknown[] {
  const accepted = acceptedTypes(node);
  return samples.filter(([type]) => !accepted.has(type)).map(([, value]) => value);
}

const versions: ApiVersion[] = ['v2025', 'v3'];
const cases = modelNames.flatMap((model) => versions.map((apiVersion) => [model, apiVersion] as const));

describe.each(cases)('arbitraryFor(%s, %s)', (model, apiVersion) => {
  const arbitrary = arbitraryFor(model, { apiVersion });
  const schema = toJsonSchema(model, { apiVersion }) as JsonSchema & { properties?: Record<string, Node> };
  const required = (schema.required as string[] | undefined) ?? [];
  const properties = schema.properties ?? {};
  const mutable = Object.entries(properties)
    .map(([key, node]) => [key, wrongValues(node)] as const)
    .filter(([, wrong]) => wrong.length > 0);

  test.prop([arbitrary])('every sample passes its schema and is returned unchanged', (sample) => {
    const result = validateModel(model, sample, { apiVersion, unknownKeys: 'reject' });
    expect(result.success ? result.data : result.issues).toStrictEqual(sample);
  });

  if (required.length > 0) {
    test.prop([arbitrary, fc.constantFrom(...required)])(
      'removing a required key fails with missing_key at that key',
      (sample, key) => {
        const { [key]: _removed, ...rest } = sample as Record<string, unknown>;
        const result = validateModel(model, rest, { apiVersion });
        expect(result.success).toBe(false);
        expect(result.success ? [] : result.issues).toContainEqual(
          expect.objectContaining({ code: 'missing_key', path: `/${key}` }),
        );
      },
    );
  }

  if (mutable.length > 0) {
    const mutation = fc
      .constantFrom(...mutable)
      .chain(([key, wrong]) => fc.tuple(fc.constant(key), fc.constantFrom(...wrong)));
    test.prop([arbitrary, mutation])(
      'a value of the wrong type fails with an error at that key',
      (sample, [key, value]) => {
        const result = validateModel(model, { ...(sample as object), [key]: value }, { apiVersion });
        expect(result.success).toBe(false);
        const issues = result.success ? [] : result.issues;
        expect(issues.some((issue) => issue.path === `/${key}` && /invalid_type|invalid_value/.test(issue.code))).toBe(
          true,
        );
      },
    );
  }

  test.prop([fc.constantFrom(...wrongValues(schema))])('a value of the wrong type at the root fails there', (value) => {
    const result = validateModel(model, value, { apiVersion });
    expect(result.success ? [] : result.issues.map((issue) => issue.path)).toContain('');
  });
});
