import type {
  LegacyPatPatchOperation as LegacyPatchOperation,
  PatPatchOperation as PatchOperation,
} from './pat-patch.js';
import { getSchemas, type Model } from './schemas.js';

// The v2025 schemas (unknown keys stripped) under their model names, and the
// types of both variants: `GetPersonalAccessTokenResponse` is v2025, v2026 and
// v1; `LegacyGetPersonalAccessTokenResponse` is v3, beta and v2024.

const current = /* @__PURE__ */ getSchemas();

export const PatOwner = current.PatOwner;
export type PatOwner = Model<'PatOwner'>;

export const GetPersonalAccessTokenResponse = current.GetPersonalAccessTokenResponse;
export type GetPersonalAccessTokenResponse = Model<'GetPersonalAccessTokenResponse'>;
export type LegacyGetPersonalAccessTokenResponse = Model<'GetPersonalAccessTokenResponse', 'v3'>;

export const CreatePersonalAccessTokenRequest = current.CreatePersonalAccessTokenRequest;
export type CreatePersonalAccessTokenRequest = Model<'CreatePersonalAccessTokenRequest'>;
export type LegacyCreatePersonalAccessTokenRequest = Model<'CreatePersonalAccessTokenRequest', 'v3'>;

export const CreatePersonalAccessTokenResponse = current.CreatePersonalAccessTokenResponse;
export type CreatePersonalAccessTokenResponse = Model<'CreatePersonalAccessTokenResponse'>;
export type LegacyCreatePersonalAccessTokenResponse = Model<'CreatePersonalAccessTokenResponse', 'v3'>;

export const JsonPatchOperation = current.JsonPatchOperation;
export type JsonPatchOperation = Model<'JsonPatchOperation'>;

export const PatPatchOperation = current.PatPatchOperation;
export type PatPatchOperation = PatchOperation;
export type LegacyPatPatchDocument = LegacyPatchOperation[];

export const PatPatchDocument = current.PatPatchDocument;
export type PatPatchDocument = Model<'PatPatchDocument'>;

export const LocaleOrigin = current.LocaleOrigin;
export type LocaleOrigin = Model<'LocaleOrigin'>;

export const ErrorMessageDto = current.ErrorMessageDto;
export type ErrorMessageDto = Model<'ErrorMessageDto'>;

export const ErrorResponseDto = current.ErrorResponseDto;
export type ErrorResponseDto = Model<'ErrorResponseDto'>;

export const UnauthorizedResponseBody = current.UnauthorizedResponseBody;
export type UnauthorizedResponseBody = Model<'UnauthorizedResponseBody'>;

export const TooManyRequestsResponseBody = current.TooManyRequestsResponseBody;
export type TooManyRequestsResponseBody = Model<'TooManyRequestsResponseBody'>;

export const OAuthTokenResponse = current.OAuthTokenResponse;
export type OAuthTokenResponse = Model<'OAuthTokenResponse'>;
