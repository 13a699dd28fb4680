import type * as z from 'zod';
import { defOf, modelNameOf, unwrap } from './introspect.js';

/**
 * A plain description of what a schema accepts, derived from the zod schema,
 * for code that compiles its own fast validators or generators (the
 * serializer, the arbitraries). `zod` marks a schema whose rules do not fit
 * this description (the PAT patch): validate it with the schema itself.
 */
export type SchemaNode = (
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'date-time' }
  | { readonly kind: 'literal'; readonly values: readonly unknown[] }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly item: SchemaNode; readonly minItems?: number }
  | { readonly kind: 'object'; readonly name?: string; readonly fields: readonly FieldNode[] }
  | { readonly kind: 'json' }
  | { readonly kind: 'zod'; readonly description: string; readonly schema: z.ZodType }
) & { readonly nullable: boolean };

export interface FieldNode {
  readonly key: string;
  readonly node: SchemaNode;
  readonly optional: boolean;
  /** The spec's default, applied by constructors and tolerant readers. */
  readonly default?: unknown;
}

// The PAT patch's rules depend on each operation's path: only zod expresses them.
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
    const item = def.type === 'array' && def.element ? modelNameOf(def.element) : undefined;
    const description = item ? `an array whose items are each a ${item} object` : `a ${name} object`;
    node = { kind: 'zod', description, schema: schema as z.ZodType, nullable };
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

/** Says in words what a node accepts: "a date-time such as …", "an integer from 15 to 43200 or null". */
export function describeNode(node: SchemaNode): string {
  let text: string;
  switch (node.kind) {
    case 'date-time':
      text = 'a date-time such as "2017-07-11T18:45:37.098Z"';
      break;
    case 'string':
      text = 'a string';
      break;
    case 'boolean':
      text = 'true or false';
      break;
    case 'integer':
    case 'number':
      text = node.kind === 'integer' ? 'an integer' : 'a number';
      if (node.min !== undefined && node.max !== undefined) text += ` from ${node.min} to ${node.max}`;
      else if (node.min !== undefined) text += ` of at least ${node.min}`;
      break;
    case 'literal':
      text = node.values.map((v) => JSON.stringify(v)).join(' or ');
      break;
    case 'enum':
      text = `one of ${node.values.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'array': {
      const item = describeNode(node.item);
      text = item === 'a string' ? 'an array of strings' : `an array whose items are each ${item}`;
      break;
    }
    case 'object':
      text = node.name ? `a ${node.name} object` : 'an object';
      break;
    case 'zod':
      text = node.description;
      break;
    case 'json':
      return 'a JSON value';
  }
  return node.nullable ? `${text} or null` : text;
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
