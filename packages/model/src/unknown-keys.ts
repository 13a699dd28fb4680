import * as z from 'zod';

/**
 * What a schema does with keys the spec does not list:
 * `reject` fails validation, `strip` drops them, `keep` passes them through.
 */
export type UnknownKeys = 'reject' | 'strip' | 'keep';

export const unknownKeysPolicies = ['reject', 'strip', 'keep'] as const satisfies readonly UnknownKeys[];

/** z.object with the given policy. Typed as the strip variant: outputs only differ in extra keys. */
export function objectWith(policy: UnknownKeys) {
  return <Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strip> => {
    if (policy === 'reject') return z.strictObject(shape) as unknown as z.ZodObject<Shape, z.core.$strip>;
    if (policy === 'keep') return z.looseObject(shape) as unknown as z.ZodObject<Shape, z.core.$strip>;
    return z.object(shape);
  };
}

export type ObjectFactory = ReturnType<typeof objectWith>;
