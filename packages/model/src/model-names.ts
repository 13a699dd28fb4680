/** Every wire model patkit knows, in the order the API documents them. */
export const modelNames = [
  'PatOwner',
  'GetPersonalAccessTokenResponse',
  'CreatePersonalAccessTokenRequest',
  'CreatePersonalAccessTokenResponse',
  'JsonPatchOperation',
  'PatPatchOperation',
  'PatPatchDocument',
  'LocaleOrigin',
  'ErrorMessageDto',
  'ErrorResponseDto',
  'UnauthorizedResponseBody',
  'TooManyRequestsResponseBody',
  'OAuthTokenResponse',
] as const;

export type ModelName = (typeof modelNames)[number];

export function isModelName(value: unknown): value is ModelName {
  return typeof value === 'string' && (modelNames as readonly string[]).includes(value);
}
