import * as z from 'zod';
import type { ApiVersion, defaultApiVersion } from './api-version.js';
import { type ModelName, modelNames } from './model-names.js';
import { getSchema, type SchemaOptions } from './schemas.js';

export type JsonSchemaTarget = 'draft-2020-12' | 'openapi-3.0';

export interface JsonSchemaOptions<V extends ApiVersion = ApiVersion> extends SchemaOptions<V> {
  /** `draft-2020-12` (default) or an OpenAPI 3.0 Schema Object. */
  readonly target?: JsonSchemaTarget;
}

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a model's wire form, generated from its zod schema.
 * Date-times are `{type: string, format: date-time}`; defaults and ranges are kept.
 */
export function toJsonSchema<V extends ApiVersion = typeof defaultApiVersion>(
  model: ModelName,
  options: JsonSchemaOptions<V> = {},
): JsonSchema {
  const target = options.target ?? 'draft-2020-12';
  return z.toJSONSchema(getSchema(model, options), {
    target,
    io: 'input',
    unrepresentable: 'any',
    // OpenAPI 3.0's Schema Object has one `example`; `examples` is JSON Schema's.
    override: ({ jsonSchema }) => {
      if (target !== 'openapi-3.0' || !Array.isArray(jsonSchema.examples)) return;
      jsonSchema.example = jsonSchema.examples[0];
      delete jsonSchema.examples;
    },
  }) as JsonSchema;
}

/** The JSON Schema of every model, keyed by model name. */
export function toJsonSchemas<V extends ApiVersion = typeof defaultApiVersion>(
  options: JsonSchemaOptions<V> = {},
): Record<ModelName, JsonSchema> {
  return Object.fromEntries(modelNames.map((name) => [name, toJsonSchema(name, options)])) as Record<
    ModelName,
    JsonSchema
  >;
}
