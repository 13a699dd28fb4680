import * as z from 'zod';
import { named } from './model-registry.js';
import type { ObjectFactory } from './unknown-keys.js';

/** The identity that owns a PAT. Every key is optional in the spec. */
export function buildPatOwner(object: ObjectFactory) {
  return named(
    'PatOwner',
    object({
      type: z.literal('IDENTITY').exactOptional(),
      id: z.string().exactOptional(),
      name: z.string().exactOptional(),
    }),
  );
}

export type PatOwnerSchema = ReturnType<typeof buildPatOwner>;
