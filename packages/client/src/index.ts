// The models' short names, for code that imports only the client.
export type { CreatedPat, Pat, PatRequest } from '@patkit/model';
export {
  type CallOptions,
  type ClientOptions,
  type ClientPat,
  type CreateOptions,
  createClient,
  type ListOptions,
  PatClient,
} from './client.js';
export { ApiError, type ApiErrorDetails, ClientError, type ClientErrorCode } from './client-error.js';
export {
  type ConfigEnvironment,
  type ConfigLayer,
  type Credentials,
  type ResolvedConfig,
  resolveConfig,
  type Setting,
  type Sources,
  sailEnvironmentConfig,
  sailEnvironments,
  settingNames,
} from './config.js';
export { type Filter, lastUsed } from './filters.js';
export type { ClientHooks, RequestEvent, ResponseEvent, RetryEvent } from './hooks.js';
export { httpFetch } from './http-fetch.js';
export { identitiesPerRequest, identityJson, type OwnerIdentity, ownerIdentity } from './identities.js';
export { patches } from './patches.js';
export { iscRateLimit, type RateLimit } from './rate-pacer.js';
export {
  type Keyring,
  osKeyring,
  readSailKeyring,
  type SailKeyringSetting,
  sailKeyringServices,
  writeSailKeyring,
} from './sail-keyring.js';
export {
  defaultTokenDir,
  fileTokenStore,
  type StoredToken,
  type TokenKey,
  type TokenStore,
  userCacheDir,
} from './token-store.js';
export type { RetryOptions, Timing } from './transport.js';
