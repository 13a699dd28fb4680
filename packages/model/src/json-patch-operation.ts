import * as z from 'zod';
import { jsonValueField } from './fields.js';
import { named } from './model-registry.js';
import type { ObjectFactory } from './unknown-keys.js';

export const jsonPatchOps = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;

export type JsonPatchOp = (typeof jsonPatchOps)[number];

/**
 * One RFC 6902 operation, as generic as the spec's JsonPatchOperation. The
 * spec's `value` lists string, boolean, integer, object and array; any JSON
 * value is accepted here because clearing `/expirationDate` needs `null`.
 */
export function buildJsonPatchOperation(object: ObjectFactory) {
  return named(
    'JsonPatchOperation',
    object({
      op: z.enum(jsonPatchOps),
      path: z.string(),
      value: jsonValueField.exactOptional(),
    }),
  );
}
