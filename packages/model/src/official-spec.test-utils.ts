import { type SpecNode, specNode } from '@patkit/reference';
import { type ApiVersion, apiVersions, apiVersionTable } from './api-version.js';
import type { ModelName } from './model-names.js';

export { type SpecNode, specNode };

export interface SpecSchema {
  readonly model: ModelName;
  readonly apiVersion: ApiVersion;
  /** The node of the official files, every $ref resolved. */
  readonly read: () => SpecNode;
}

const v2025 = 'idn/v2025/schemas';
const shared = 'idn/apis/shared';
const json = '/content/application~1json/schema';
const at = (file: string, pointer?: string) => () => specNode(file, pointer);

// The PAT models of every API version, found through the version's own path files (its row of apiVersionTable).
const perVersion = apiVersions.flatMap((apiVersion): SpecSchema[] => {
  const { list, item } = apiVersionTable[apiVersion].specFiles;
  const get = at(list, `/get/responses/200${json}/items`);
  const schemas: SpecSchema[] = [
    { model: 'GetPersonalAccessTokenResponse', apiVersion, read: get },
    { model: 'PatOwner', apiVersion, read: () => (get().properties as Record<string, SpecNode>).owner as SpecNode },
    { model: 'CreatePersonalAccessTokenRequest', apiVersion, read: at(list, `/post/requestBody${json}`) },
    { model: 'CreatePersonalAccessTokenResponse', apiVersion, read: at(list, `/post/responses/200${json}`) },
  ];
  // SailPoint's v3 item path refers to a schemas/JsonPatchOperation.yaml that its repository does not hold.
  if (apiVersion !== 'v3')
    schemas.push({
      model: 'PatPatchOperation',
      apiVersion,
      read: at(item, '/patch/requestBody/content/application~1json-patch+json/schema/items'),
    });
  return schemas;
});

/** Where each model's schema stands in the official files, per API version. */
export const specSchemas: readonly SpecSchema[] = [
  ...perVersion,
  { model: 'JsonPatchOperation', apiVersion: 'v2025', read: at(`${v2025}/JsonPatchOperation.yaml`) },
  { model: 'JsonPatchOperation', apiVersion: 'v1', read: at(`${shared}/schemas/jsonpatchoperation.yaml`) },
  { model: 'LocaleOrigin', apiVersion: 'v2025', read: at(`${v2025}/LocaleOrigin.yaml`) },
  { model: 'ErrorMessageDto', apiVersion: 'v2025', read: at(`${v2025}/ErrorMessageDto.yaml`) },
  { model: 'ErrorResponseDto', apiVersion: 'v2025', read: at(`${v2025}/ErrorResponseDto.yaml`) },
  { model: 'ErrorResponseDto', apiVersion: 'v1', read: at(`${shared}/schemas/errorresponsedto.yaml`) },
  { model: 'UnauthorizedResponseBody', apiVersion: 'v2025', read: at('idn/v2025/responses/401.yaml', json) },
  { model: 'TooManyRequestsResponseBody', apiVersion: 'v2025', read: at('idn/v2025/responses/429.yaml', json) },
  {
    model: 'OAuthTokenResponse',
    apiVersion: 'v2025',
    read: at('dereferenced/deref-sailpoint-api.oauth.yaml', `/paths/~1oauth~1token/post/responses/200${json}`),
  },
];
