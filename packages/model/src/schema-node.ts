import type * as z from 'zod';
import { describeNode, type FieldNode, type SchemaNode } from './describe-node.js';
import { defOf, modelNameOf, unwrap } from './introspect.js';

// The PAT patch's rules depend on each operation's path: they get kinds of their own.
const opaqueModels = new Set(['PatPatchOperation', 'PatPatchDocument']);

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER
    ? value
    : undefined;
}

function optionalNumbers(min: number | undefined, max: number | undefined) {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

const cache = new WeakMap<z.core.$ZodType, SchemaNode>();

/** The SchemaNode of a zod schema built by this package. */
export function schemaNode(schema: z.core.$ZodType): SchemaNode {
  const cached = cache.get(schema);
  if (cached) return cached;
  const { base, nullable, meta } = unwrap(schema);
  const name = modelNameOf(schema) ?? modelNameOf(base);
  const def = defOf(base);
  let node: SchemaNode;
  if (name !== undefined && opaqueModels.has(name)) {
    // Only the current variant may patch /userAwareTokenNeverExpires.
    const probe = { op: 'replace', path: '/userAwareTokenNeverExpires', value: true };
    const document = name === 'PatPatchDocument';
    const variant = (schema as z.ZodType).safeParse(document ? [probe] : probe).success ? 'current' : 'legacy';
    node = { kind: document ? 'pat-patch-document' : 'pat-patch-operation', variant, nullable };
  } else if (meta.format === 'date-time') {
    node = { kind: 'date-time', nullable };
  } else if (def.type === 'string' || def.type === 'boolean') {
    node = { kind: def.type, nullable };
  } else if (def.type === 'number') {
    const number = base as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
    const range = optionalNumbers(finite(number.minValue), finite(number.maxValue));
    node = { kind: number.isInt ? 'integer' : 'number', ...range, nullable };
  } else if (def.type === 'literal') {
    node = { kind: 'literal', values: def.values ?? [], nullable };
  } else if (def.type === 'enum') {
    node = { kind: 'enum', values: Object.values(def.entries ?? {}), nullable };
  } else if (def.type === 'array' && def.element) {
    const minItems = (base as unknown as { _zod: { bag: { minimum?: number } } })._zod.bag.minimum;
    node = { kind: 'array', item: schemaNode(def.element), ...(minItems ? { minItems } : {}), nullable };
  } else if (def.type === 'object') {
    const fields = Object.entries(def.shape ?? {}).map(([key, field]): FieldNode => {
      const info = unwrap(field);
      return {
        key,
        node: schemaNode(field),
        optional: info.optional,
        ...('default' in info.meta ? { default: info.meta.default } : {}),
      };
    });
    node = { kind: 'object', ...(name === undefined ? {} : { name }), fields, nullable };
  } else {
    // JSON's null is a JSON value.
    node = { kind: 'json', nullable: true };
  }
  cache.set(schema, node);
  return node;
}

/** Says in words what a zod schema of this package accepts. */
export function describeSchema(schema: z.core.$ZodType): string {
  return describeNode(schemaNode(schema));
}

/** The `default` each key of an object schema declares, e.g. `{ managed: false }`. */
export function defaultsOf(schema: z.core.$ZodType): Record<string, unknown> {
  const node = schemaNode(schema);
  if (node.kind !== 'object') return {};
  return Object.fromEntries(node.fields.filter((f) => 'default' in f).map((f) => [f.key, f.default]));
}

export { describeNode, type FieldNode, type SchemaNode };
