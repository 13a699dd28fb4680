import { type ApiVersion, apiVersions, defaultApiVersion, isApiVersion } from './api-version.js';
import { ModelError } from './model-error.js';
import { type ModelIssue, toModelIssues } from './model-issue.js';
import { isModelName, type ModelName, modelNames } from './model-names.js';
import { getSchema, type Model, type SchemaOptions } from './schemas.js';
import { unknownKeysPolicies } from './unknown-keys.js';

/**
 * A validation's answer, in the words of `@patkit/serializer`'s results:
 * `ok`, then `value` or `errors`. `success`, `data` and `issues` (zod's
 * words) say the same for a release, then go.
 */
export type ValidationResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** @deprecated Use `ok`. */
      readonly success: true;
      /** @deprecated Use `value`. */
      readonly data: T;
    }
  | {
      readonly ok: false;
      readonly errors: readonly ModelIssue[];
      /** @deprecated Use `ok`. */
      readonly success: false;
      /** @deprecated Use `errors`. */
      readonly issues: readonly ModelIssue[];
    };

/** Throws a ModelError for an unknown model, API version or unknownKeys policy. */
export function checkOptions(model: string, options: SchemaOptions): void {
  if (!isModelName(model)) {
    throw new ModelError(
      'invalid_option',
      `Unknown model ${JSON.stringify(model)}; use one of ${modelNames.join(', ')}`,
    );
  }
  if (options.apiVersion !== undefined && !isApiVersion(options.apiVersion)) {
    throw new ModelError(
      'invalid_option',
      `Unknown API version ${JSON.stringify(options.apiVersion)}; use one of ${apiVersions.join(', ')}`,
    );
  }
  if (options.unknownKeys !== undefined && !unknownKeysPolicies.includes(options.unknownKeys)) {
    throw new ModelError(
      'invalid_option',
      `Unknown unknownKeys policy ${JSON.stringify(options.unknownKeys)}; use one of ${unknownKeysPolicies.join(', ')}`,
    );
  }
}

/** Validates `input` as a model; never throws for bad input, only for bad options. */
export function validateModel<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  input: unknown,
  options: SchemaOptions<V> = {},
): ValidationResult<Model<N, V>> {
  checkOptions(model, options);
  const schema = getSchema(model, options);
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) {
    const value = result.data as Model<N, V>;
    return { ok: true, value, success: true, data: value };
  }
  const errors = toModelIssues(result.error, schema, input);
  return { ok: false, errors, success: false, issues: errors };
}

/** Validates `input` as a model and returns it, or throws a ModelError listing every problem. */
export function parseModel<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  input: unknown,
  options: SchemaOptions<V> = {},
): Model<N, V> {
  const result = validateModel(model, input, options);
  if (result.ok) return result.value;
  throw ModelError.fromIssues(`${model} (${options.apiVersion ?? defaultApiVersion})`, result.errors);
}
