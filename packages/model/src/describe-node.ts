import type { ModelVariant } from './api-version.js';

/**
 * A plain description of what a schema accepts, derived from the zod schema,
 * for code that compiles its own fast validators or generators (the
 * serializer, the arbitraries). The PAT patch, whose rules depend on each
 * operation's path, has kinds of its own; its rules are in pat-patch-rules.ts.
 * Nothing here loads zod.
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
  | { readonly kind: 'pat-patch-operation'; readonly variant: ModelVariant }
  | { readonly kind: 'pat-patch-document'; readonly variant: ModelVariant }
) & { readonly nullable: boolean };

export interface FieldNode {
  readonly key: string;
  readonly node: SchemaNode;
  readonly optional: boolean;
  /** The spec's default, applied by constructors and tolerant readers. */
  readonly default?: unknown;
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
    case 'pat-patch-operation':
      text = 'a PatPatchOperation object';
      break;
    case 'pat-patch-document':
      text = 'an array whose items are each a PatPatchOperation object';
      break;
    case 'json':
      return 'a JSON value';
  }
  return node.nullable ? `${text} or null` : text;
}
