import type { ApiVersion, defaultApiVersion, ModelVariant, VariantOf } from './api-version.js';
import type { ModelName } from './model-names.js';
import type { ModelNodeLiterals } from './model-nodes.generated.js';
import type { Model } from './schemas.js';

type DefaultedKeyOf<T> = T extends { readonly fields: readonly (infer F)[] }
  ? F extends { readonly key: infer K; readonly default: unknown }
    ? K
    : never
  : never;

/** The keys of a model that constructors and tolerant decoding fill with the spec's default when absent. */
export type DefaultedKey<N extends ModelName, W extends ModelVariant> = DefaultedKeyOf<ModelNodeLiterals[W][N]>;

// The models as patkit hands them out. Mapped types, so that editors show
// their names (`Pat<"v2025">`) rather than fifteen lines of object type.

/** T with keys K always present (a default filled them); the others as they were. Distributes over a union T. */
type Filled<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] } & {
  [P in keyof T as P extends K ? P : never]-?: Exclude<T[P], undefined>;
};

type Defaulted<N extends ModelName, V extends ApiVersion> = Filled<Model<N, V>, DefaultedKey<N, VariantOf<V>>>;

/**
 * A PAT as patkit gives it to you (the spec's GetPersonalAccessTokenResponse):
 * from a constructor, a tolerant decode or a tolerant client (the defaults), `managed`,
 * `accessTokenValiditySeconds` (and from v2025 `userAwareTokenNeverExpires`)
 * are always there, with the spec's defaults when the API left them out.
 */
export type Pat<V extends ApiVersion = typeof defaultApiVersion> = Defaulted<'GetPersonalAccessTokenResponse', V>;

/**
 * A create request as `createPatRequest` builds it (the spec's
 * CreatePersonalAccessTokenRequest), defaults filled. To write one by hand,
 * pass the object to `client.create` or type it `ModelInput<'CreatePersonalAccessTokenRequest'>`.
 */
export type PatRequest<V extends ApiVersion = typeof defaultApiVersion> = Defaulted<
  'CreatePersonalAccessTokenRequest',
  V
>;

/** A PAT just created, its secret included (the spec's CreatePersonalAccessTokenResponse). */
export type CreatedPat<V extends ApiVersion = typeof defaultApiVersion> = Defaulted<
  'CreatePersonalAccessTokenResponse',
  V
>;

/**
 * A model as constructors and tolerant decoding return it: absent keys that
 * have a default in the spec are filled, so their types are not optional.
 * The three PAT models by their short names.
 */
export type WithDefaults<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
> = N extends 'GetPersonalAccessTokenResponse'
  ? Pat<V>
  : N extends 'CreatePersonalAccessTokenRequest'
    ? PatRequest<V>
    : N extends 'CreatePersonalAccessTokenResponse'
      ? CreatedPat<V>
      : [DefaultedKey<N, VariantOf<V>>] extends [never]
        ? Model<N, V>
        : Defaulted<N, V>;
