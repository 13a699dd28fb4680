import * as z from 'zod';
import type { ModelName } from './model-names.js';

/** Names object schemas so error messages can say "a PatOwner object". */
export const modelNameRegistry = z.registry<{ model: ModelName }>();

export function named<T extends z.ZodType>(model: ModelName, schema: T): T {
  modelNameRegistry.add(schema, { model });
  return schema;
}
