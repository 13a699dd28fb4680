import type { ApiVersion, defaultApiVersion } from './api-version.js';
import type { Model } from './schemas.js';

// Short names for the three models users handle most (the spec's names stutter).

/** A PAT as the API lists and returns it (the spec's GetPersonalAccessTokenResponse). */
export type Pat<V extends ApiVersion = typeof defaultApiVersion> = Model<'GetPersonalAccessTokenResponse', V>;

/** What creating a PAT sends (the spec's CreatePersonalAccessTokenRequest). */
export type PatRequest<V extends ApiVersion = typeof defaultApiVersion> = Model<'CreatePersonalAccessTokenRequest', V>;

/** A PAT just created, its secret included (the spec's CreatePersonalAccessTokenResponse). */
export type CreatedPat<V extends ApiVersion = typeof defaultApiVersion> = Model<'CreatePersonalAccessTokenResponse', V>;
