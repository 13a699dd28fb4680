import type { ApiVersion } from './api-version.js';
import type { ModelName } from './model-names.js';

export { type SpecNode, specNode } from '@patkit/reference';

export interface SpecSchema {
  readonly model: ModelName;
  readonly apiVersion: ApiVersion;
  readonly file: string;
  readonly pointer?: string;
}

const v2025 = 'idn/v2025/schemas';
const v3 = 'idn/v3/schemas';
const v1 = 'idn/apis/personal-access-tokens/schemas';
const shared = 'idn/apis/shared';
const json = '/content/application~1json/schema';

/** Where each model's schema stands in the official files, per API version. */
export const specSchemas: readonly SpecSchema[] = [
  { model: 'PatOwner', apiVersion: 'v2025', file: `${v2025}/PatOwner.yaml` },
  { model: 'PatOwner', apiVersion: 'v3', file: `${v3}/PatOwner.yaml` },
  { model: 'PatOwner', apiVersion: 'v1', file: `${v1}/patowner.yaml` },
  {
    model: 'GetPersonalAccessTokenResponse',
    apiVersion: 'v2025',
    file: `${v2025}/GetPersonalAccessTokenResponse.yaml`,
  },
  { model: 'GetPersonalAccessTokenResponse', apiVersion: 'v3', file: `${v3}/GetPersonalAccessTokenResponse.yaml` },
  { model: 'GetPersonalAccessTokenResponse', apiVersion: 'v1', file: `${v1}/getpersonalaccesstokenresponse.yaml` },
  {
    model: 'CreatePersonalAccessTokenRequest',
    apiVersion: 'v2025',
    file: `${v2025}/CreatePersonalAccessTokenRequest.yaml`,
  },
  { model: 'CreatePersonalAccessTokenRequest', apiVersion: 'v3', file: `${v3}/CreatePersonalAccessTokenRequest.yaml` },
  { model: 'CreatePersonalAccessTokenRequest', apiVersion: 'v1', file: `${v1}/createpersonalaccesstokenrequest.yaml` },
  {
    model: 'CreatePersonalAccessTokenResponse',
    apiVersion: 'v2025',
    file: `${v2025}/CreatePersonalAccessTokenResponse.yaml`,
  },
  {
    model: 'CreatePersonalAccessTokenResponse',
    apiVersion: 'v3',
    file: `${v3}/CreatePersonalAccessTokenResponse.yaml`,
  },
  {
    model: 'CreatePersonalAccessTokenResponse',
    apiVersion: 'v1',
    file: `${v1}/createpersonalaccesstokenresponse.yaml`,
  },
  { model: 'JsonPatchOperation', apiVersion: 'v2025', file: `${v2025}/JsonPatchOperation.yaml` },
  { model: 'JsonPatchOperation', apiVersion: 'v1', file: `${shared}/schemas/jsonpatchoperation.yaml` },
  {
    model: 'PatPatchOperation',
    apiVersion: 'v2025',
    file: 'idn/v2025/paths/personal-access-token.yaml',
    pointer: '/patch/requestBody/content/application~1json-patch+json/schema/items',
  },
  { model: 'LocaleOrigin', apiVersion: 'v2025', file: `${v2025}/LocaleOrigin.yaml` },
  { model: 'ErrorMessageDto', apiVersion: 'v2025', file: `${v2025}/ErrorMessageDto.yaml` },
  { model: 'ErrorResponseDto', apiVersion: 'v2025', file: `${v2025}/ErrorResponseDto.yaml` },
  { model: 'ErrorResponseDto', apiVersion: 'v1', file: `${shared}/schemas/errorresponsedto.yaml` },
  { model: 'UnauthorizedResponseBody', apiVersion: 'v2025', file: 'idn/v2025/responses/401.yaml', pointer: json },
  { model: 'TooManyRequestsResponseBody', apiVersion: 'v2025', file: 'idn/v2025/responses/429.yaml', pointer: json },
  {
    model: 'OAuthTokenResponse',
    apiVersion: 'v2025',
    file: 'dereferenced/deref-sailpoint-api.oauth.yaml',
    pointer: `/paths/~1oauth~1token/post/responses/200${json}`,
  },
];
