import type * as z from 'zod';
import { modelNameRegistry } from './model-registry.js';

// Reads zod 4 definitions so that messages, defaults and arbitraries derive
// from the schemas instead of restating them.

type AnySchema = z.core.$ZodType;

interface Def {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly in?: AnySchema;
  readonly shape?: Record<string, AnySchema>;
  readonly element?: AnySchema;
  readonly entries?: Record<string, string>;
  readonly values?: readonly unknown[];
}

export function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

export interface Unwrapped {
  /** The schema under optional, nullable and pipe wrappers (the pipe's input side). */
  readonly base: AnySchema;
  readonly optional: boolean;
  readonly nullable: boolean;
  /** Metadata found on any wrapper, outermost first. */
  readonly meta: Readonly<Record<string, unknown>>;
}

function metaOf(schema: AnySchema): Record<string, unknown> | undefined {
  return (schema as z.ZodType).meta?.() as Record<string, unknown> | undefined;
}

export function unwrap(schema: AnySchema): Unwrapped {
  let current = schema;
  let optional = false;
  let nullable = false;
  const meta: Record<string, unknown> = {};
  for (;;) {
    for (const [key, value] of Object.entries(metaOf(current) ?? {})) if (!(key in meta)) meta[key] = value;
    const def = defOf(current);
    if (def.type === 'optional' && def.innerType) {
      optional = true;
      current = def.innerType;
    } else if (def.type === 'nullable' && def.innerType) {
      nullable = true;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return { base: current, optional, nullable, meta };
    }
  }
}

/** The schema of the value at `path` below `schema`, if the schema says. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const def = defOf(unwrap(current).base);
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else return undefined;
  }
  return current;
}

/** The model name a schema was registered under, if any. */
export function modelNameOf(schema: AnySchema): string | undefined {
  return modelNameRegistry.get(schema as z.ZodType)?.model;
}
