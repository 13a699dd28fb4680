import type { ApiVersion, defaultApiVersion } from './api-version.js';
import type { IsoDateTime } from './date-time.js';
import type { ModelName } from './model-names.js';
import type { WithDefaults } from './pat-types.js';
import { defaultsOf } from './schema-node.js';
import { getSchema, type Model, type SchemaOptions } from './schemas.js';
import { checkOptions, parseModel } from './validate.js';

/** A model's fields as a constructor takes them: date-times may also be Dates or RFC 3339 strings. */
export type ConstructorInput<T> = T extends IsoDateTime
  ? IsoDateTime | string | Date
  : T extends readonly (infer Item)[]
    ? ConstructorInput<Item>[]
    : T extends object
      ? { [K in keyof T]: ConstructorInput<T[K]> }
      : T;

export interface ConstructorOptions<V extends ApiVersion> extends SchemaOptions<V> {}

function datesToText(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map(datesToText);
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own keys, so a "__proto__" key stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, datesToText(item)]));
  }
  return value;
}

/**
 * Builds a model the way the PowerShell SDK's `Initialize-V2025…` functions do:
 * absent keys get the spec's defaults (so their types are not optional),
 * then everything is validated. Unknown keys are rejected unless
 * `unknownKeys` says otherwise.
 */
export function createModel<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  input: ConstructorInput<Model<N, V>>,
  options: ConstructorOptions<V> = {},
): WithDefaults<N, V> {
  const schemaOptions = { ...options, unknownKeys: options.unknownKeys ?? 'reject' } as SchemaOptions<V>;
  // Before the schema is looked up: an unknown API version has none.
  checkOptions(model, schemaOptions);
  let value = datesToText(input);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const defaults = defaultsOf(getSchema(model, schemaOptions));
    value = { ...defaults, ...value };
  }
  // The defaults were merged in above, and validation keeps them.
  return parseModel(model, value, schemaOptions) as WithDefaults<N, V>;
}

function constructorFor<N extends ModelName>(model: N) {
  return <V extends ApiVersion = typeof defaultApiVersion>(
    input: ConstructorInput<Model<N, V>>,
    options: ConstructorOptions<V> = {},
  ): WithDefaults<N, V> => createModel(model, input, options);
}

export const createPatOwner = constructorFor('PatOwner');
export const createGetPersonalAccessTokenResponse = constructorFor('GetPersonalAccessTokenResponse');
export const createPatRequest = constructorFor('CreatePersonalAccessTokenRequest');
export const createCreatedPat = constructorFor('CreatePersonalAccessTokenResponse');
/** @deprecated Use `createPatRequest`. */
export const createCreatePersonalAccessTokenRequest = createPatRequest;
/** @deprecated Use `createCreatedPat`. */
export const createCreatePersonalAccessTokenResponse = createCreatedPat;
/** A PAT as the API lists it: `createGetPersonalAccessTokenResponse` by its short name. */
export const createPat = createGetPersonalAccessTokenResponse;
export const createJsonPatchOperation = constructorFor('JsonPatchOperation');
export const createPatPatchOperation = constructorFor('PatPatchOperation');
export const createPatPatchDocument = constructorFor('PatPatchDocument');
export const createLocaleOrigin = constructorFor('LocaleOrigin');
export const createErrorMessageDto = constructorFor('ErrorMessageDto');
export const createErrorResponseDto = constructorFor('ErrorResponseDto');
export const createUnauthorizedResponseBody = constructorFor('UnauthorizedResponseBody');
export const createTooManyRequestsResponseBody = constructorFor('TooManyRequestsResponseBody');
export const createOAuthTokenResponse = constructorFor('OAuthTokenResponse');
