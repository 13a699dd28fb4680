// @patkit/model/core: what code needs to read and write PAT JSON without
// zod — API versions, date-times, JSON Pointers, model names, the PAT patch
// rules, the scopes ISC knows and every model's SchemaNode as generated data. Loads fast.
export {
  type ApiVersion,
  type ApiVersionInfo,
  apiVersions,
  apiVersionTable,
  defaultApiVersion,
  type IdentityApiVersion,
  identityApiVersions,
  isApiVersion,
  type LegacyApiVersion,
  legacyApiVersions,
  type ModelVariant,
  rateLimitPath,
  type VariantOf,
  variantOf,
} from './api-version.js';
export {
  type DateTimeParseOptions,
  type DateTimeParseResult,
  type IsoDateTime,
  isIsoDateTime,
  maxDateTimeMs,
  minDateTimeMs,
  parseDateTime,
  toIsoDateTime,
} from './date-time.js';
export { describeNode, type FieldNode, type SchemaNode } from './describe-node.js';
export { describeValue } from './describe-value.js';
export {
  type IdentityStatus,
  identityStatuses,
  inactiveIdentityStatuses,
  inactiveLifecycleStates,
} from './identity-status.js';
export { parseJsonPointer, toJsonPointer } from './json-pointer.js';
export { isModelName, type ModelName, modelNames } from './model-names.js';
export { modelNodes } from './model-nodes.generated.js';
export { normalizePatName } from './pat-name.js';
export {
  neverExpiresNeedsAck,
  opNotAllowed,
  type PatchRule,
  patchablePaths,
  patchRuleFor,
  patchRules,
  unpatchablePath,
} from './pat-patch-rules.js';
export { closestKnownScope, isKnownScope, knownScopes } from './scopes.js';
export {
  day,
  defaultAccessTokenValiditySeconds,
  durationGrammar,
  durationUnits,
  isoToMs,
  maxAccessTokenValiditySeconds,
  minAccessTokenValiditySeconds,
  parseDuration,
  relativeTime,
  relativeTimeFormat,
  staleAfterDays,
} from './time.js';
