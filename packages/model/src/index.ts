// Everything of the zod-free core, and the zod schemas with what builds on them.

export {
  type ConstructorInput,
  type ConstructorOptions,
  createCreatedPat,
  createCreatePersonalAccessTokenRequest,
  createCreatePersonalAccessTokenResponse,
  createErrorMessageDto,
  createErrorResponseDto,
  createGetPersonalAccessTokenResponse,
  createJsonPatchOperation,
  createLocaleOrigin,
  createModel,
  createOAuthTokenResponse,
  createPat,
  createPatOwner,
  createPatPatchDocument,
  createPatPatchOperation,
  createPatRequest,
  createTooManyRequestsResponseBody,
  createUnauthorizedResponseBody,
} from './constructors.js';
export * from './core.js';
export { localeOrigins } from './error-bodies.js';
export {
  accessTokenValiditySecondsField,
  dateTimeField,
  defaultScope,
  isJsonValue,
  type JsonValue,
} from './fields.js';
export { schemaAt, unwrap } from './introspect.js';
export { type JsonPatchOp, jsonPatchOps } from './json-patch-operation.js';
export {
  type JsonSchema,
  type JsonSchemaOptions,
  type JsonSchemaTarget,
  toJsonSchema,
  toJsonSchemas,
} from './json-schema.js';
export { ModelError, type ModelErrorCode } from './model-error.js';
export { type ModelIssue, type ModelIssueCode, toModelIssues } from './model-issue.js';
export type { LegacyPatPatchOperation } from './pat-patch.js';
export type { CreatedPat, DefaultedKey, Pat, PatRequest, WithDefaults } from './pat-types.js';
export { defaultsOf, describeSchema, schemaNode } from './schema-node.js';
export {
  getSchema,
  getSchemas,
  type Model,
  type ModelInput,
  type SchemaOf,
  type SchemaOptions,
  type SchemaSet,
} from './schemas.js';
export * from './schemas-default.js';
export { type UnknownKeys, unknownKeysPolicies } from './unknown-keys.js';
export { parseModel, type ValidationResult, validateModel } from './validate.js';
