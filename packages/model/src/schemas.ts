import type * as z from 'zod';
import { type ApiVersion, defaultApiVersion, type VariantOf, variantOf } from './api-version.js';
import { buildCreatePersonalAccessTokenRequest } from './create-personal-access-token-request.js';
import { buildCreatePersonalAccessTokenResponse } from './create-personal-access-token-response.js';
import { buildErrorBodies } from './error-bodies.js';
import { buildGetPersonalAccessTokenResponse } from './get-personal-access-token-response.js';
import { buildJsonPatchOperation } from './json-patch-operation.js';
import type { ModelName } from './model-names.js';
import { buildOAuthTokenResponse } from './oauth-token-response.js';
import { buildPatOwner } from './pat-owner.js';
import { buildPatPatch } from './pat-patch.js';
import { objectWith, type UnknownKeys } from './unknown-keys.js';

function buildSchemaSets(unknownKeys: UnknownKeys) {
  const object = objectWith(unknownKeys);
  const PatOwner = buildPatOwner(object);
  const get = buildGetPersonalAccessTokenResponse(object, PatOwner);
  const createRequest = buildCreatePersonalAccessTokenRequest(object);
  const createResponse = buildCreatePersonalAccessTokenResponse(object, PatOwner);
  const patch = buildPatPatch(object);
  const shared = {
    PatOwner,
    JsonPatchOperation: buildJsonPatchOperation(object),
    ...buildErrorBodies(object),
    OAuthTokenResponse: buildOAuthTokenResponse(object),
  };
  return {
    current: {
      ...shared,
      GetPersonalAccessTokenResponse: get.current,
      CreatePersonalAccessTokenRequest: createRequest.current,
      CreatePersonalAccessTokenResponse: createResponse.current,
      ...patch.current,
    },
    legacy: {
      ...shared,
      GetPersonalAccessTokenResponse: get.legacy,
      CreatePersonalAccessTokenRequest: createRequest.legacy,
      CreatePersonalAccessTokenResponse: createResponse.legacy,
      ...patch.legacy,
    },
  };
}

type SchemaSets = ReturnType<typeof buildSchemaSets>;

/** The zod schema of every model for one variant. */
export type SchemaSet<V extends ApiVersion = typeof defaultApiVersion> = SchemaSets[VariantOf<V>];

/** The zod schema of one model. */
export type SchemaOf<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion> = SchemaSet<V>[N];

/** A model's value after validation (dates are IsoDateTime). */
export type Model<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion> = z.output<SchemaOf<N, V>>;

/** What a model's schema accepts. */
export type ModelInput<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion> = z.input<SchemaOf<N, V>>;

export interface SchemaOptions<V extends ApiVersion = ApiVersion> {
  /** Selects the wire shape. Default: `defaultApiVersion`. */
  readonly apiVersion?: V;
  /** What to do with keys the spec does not list. Default `strip`. */
  readonly unknownKeys?: UnknownKeys;
}

const cache = new Map<UnknownKeys, SchemaSets>();

/** The schemas for an API version and unknown-key policy (built once, then shared). */
export function getSchemas<V extends ApiVersion = typeof defaultApiVersion>(
  options: SchemaOptions<V> = {},
): SchemaSet<V> {
  const unknownKeys = options.unknownKeys ?? 'strip';
  let sets = cache.get(unknownKeys);
  if (sets === undefined) {
    sets = buildSchemaSets(unknownKeys);
    cache.set(unknownKeys, sets);
  }
  return sets[variantOf(options.apiVersion ?? defaultApiVersion)] as SchemaSet<V>;
}

/** The schema of one model. */
export function getSchema<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  options: SchemaOptions<V> = {},
): SchemaOf<N, V> {
  return getSchemas(options)[model] as SchemaOf<N, V>;
}
