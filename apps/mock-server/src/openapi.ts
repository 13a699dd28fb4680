import {
  type ApiVersion,
  apiVersions,
  apiVersionTable,
  type IdentityApiVersion,
  identityApiVersions,
  identityStatuses,
  type ModelName,
  type ModelVariant,
  modelNames,
  toJsonSchema,
} from '@patkit/model';
import { stringify } from 'yaml';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errors = {
  '400': jsonBody(ref('ErrorResponseDto'), 'Client Error: the request is invalid; causes say why.'),
  '401': jsonBody(ref('UnauthorizedResponseBody'), 'Unauthorized: no, an invalid or an expired bearer token.'),
  '403': jsonBody(ref('ErrorResponseDto'), "Forbidden: the token's scopes do not allow this."),
  '429': {
    ...jsonBody(ref('TooManyRequestsResponseBody'), 'Too Many Requests (when rate limiting is on).'),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
  },
};

// The schemas of each wire shape are named with this prefix, and built for the first version of that shape.
const schemaPrefix: Record<ModelVariant, string> = { current: '', legacy: 'Legacy' };
const variantModels: Record<ModelVariant, readonly ModelName[]> = {
  current: modelNames,
  legacy: [
    'GetPersonalAccessTokenResponse',
    'CreatePersonalAccessTokenRequest',
    'CreatePersonalAccessTokenResponse',
    'PatPatchDocument',
  ],
};

function schemas(): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const variant of ['current', 'legacy'] as const) {
    const apiVersion = apiVersions.find((v) => apiVersionTable[v].variant === variant) as ApiVersion;
    for (const name of variantModels[variant]) {
      const { $schema: _ignored, ...schema } = toJsonSchema(name, { apiVersion, target: 'openapi-3.0' });
      out[`${schemaPrefix[variant]}${name}`] = schema;
    }
  }
  return out;
}

function patPaths(version: ApiVersion) {
  const { basePath: base, variant } = apiVersionTable[version];
  const legacy = schemaPrefix[variant];
  const tags = [`Personal Access Tokens (${version})`];
  const security = [{ bearer: [] }];
  return {
    [base]: {
      get: {
        tags,
        security,
        operationId: `listPersonalAccessTokens_${version}`,
        summary: 'List personal access tokens',
        parameters: [
          {
            in: 'query',
            name: 'owner-id',
            schema: { type: 'string' },
            description: '"me", an identity id, or omitted for every PAT',
          },
          {
            in: 'query',
            name: 'filters',
            schema: { type: 'string' },
            description: '"lastUsed le <date-time>" or "lastUsed isnull"',
          },
        ],
        responses: {
          '200': jsonBody({ type: 'array', items: ref(`${legacy}GetPersonalAccessTokenResponse`) }, 'The PATs.'),
          ...errors,
        },
      },
      post: {
        tags,
        security,
        operationId: `createPersonalAccessToken_${version}`,
        summary: 'Create a personal access token',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref(`${legacy}CreatePersonalAccessTokenRequest`) } },
        },
        responses: {
          '200': jsonBody(
            ref(`${legacy}CreatePersonalAccessTokenResponse`),
            'Created; the only time the secret is shown.',
          ),
          ...errors,
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
      patch: {
        tags,
        security,
        operationId: `patchPersonalAccessToken_${version}`,
        summary: 'Patch a personal access token',
        requestBody: {
          required: true,
          content: { 'application/json-patch+json': { schema: ref(`${legacy}PatPatchDocument`) } },
        },
        responses: {
          '200': jsonBody(ref(`${legacy}GetPersonalAccessTokenResponse`), 'The new representation.'),
          '404': jsonBody(ref('ErrorResponseDto'), 'Not found.'),
          '415': jsonBody(ref('ErrorResponseDto'), 'The body is not application/json-patch+json.'),
          ...errors,
        },
      },
      delete: {
        tags,
        security,
        operationId: `deletePersonalAccessToken_${version}`,
        summary: 'Delete a personal access token',
        responses: {
          '204': { description: 'Deleted.' },
          '404': jsonBody(ref('ErrorResponseDto'), 'Not found.'),
          ...errors,
        },
      },
    },
  };
}

const object = (properties: Schema) => ({ type: 'object', properties });
const adminSecurity = [{ adminToken: [] }];

function admin(summary: string, response?: Schema, body?: Schema) {
  return {
    tags: ['Admin'],
    security: adminSecurity,
    summary,
    ...(body === undefined ? {} : { requestBody: { content: { 'application/json': { schema: body } } } }),
    responses: response === undefined ? { '204': { description: 'Done.' } } : { '200': jsonBody(response, 'Done.') },
  };
}

const clockSchema = object({ now: { type: 'string', format: 'date-time' } });
const countsSchema = object({ identities: { type: 'integer' }, pats: { type: 'integer' } });
const statusSchema = { type: 'string', enum: [...identityStatuses] };
const identityChangeSchema = object({
  identityStatus: statusSchema,
  lifecycleState: { type: 'string', description: 'e.g. active, inactive, terminated' },
  removed: { type: 'boolean', description: 'gone from ISC: the identities API no longer finds it; its PATs remain' },
});
const identitySchema = object({
  id: { type: 'string' },
  name: { type: 'string' },
  level: { type: 'string', enum: ['user', 'admin'] },
  alias: { type: 'string' },
  email: { type: 'string' },
  ...(identityChangeSchema.properties as Schema),
  created: { type: 'string', format: 'date-time' },
  modified: { type: 'string', format: 'date-time' },
  lastRefresh: { type: 'string', format: 'date-time' },
});

// ISC's Identity, as far as the mock fills it in.
const apiIdentitySchema = {
  ...object({
    id: { type: 'string' },
    name: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    modified: { type: 'string', format: 'date-time' },
    alias: { type: 'string' },
    emailAddress: { type: 'string', nullable: true },
    processingState: { type: 'string', nullable: true, enum: ['ERROR', 'OK', null] },
    identityStatus: statusSchema,
    managerRef: { type: 'object', nullable: true },
    isManager: { type: 'boolean' },
    lastRefresh: { type: 'string', format: 'date-time' },
    attributes: { type: 'object', additionalProperties: true },
    lifecycleState: object({ stateName: { type: 'string' }, manuallyUpdated: { type: 'boolean' } }),
  }),
  required: ['name'],
};

function identityPaths(version: IdentityApiVersion) {
  const base = apiVersionTable[version].identities.basePath;
  const tags = [`Identities (${version})`];
  const security = [{ bearer: [] }];
  const forbidden = jsonBody(ref('ErrorResponseDto'), 'The token lacks idn:identity:read (or the owner is no admin).');
  return {
    [base]: {
      get: {
        tags,
        security,
        operationId: `listIdentities_${version}`,
        summary: 'List identities',
        parameters: [
          {
            in: 'query',
            name: 'filters',
            schema: { type: 'string' },
            description:
              'id (eq, in), name, alias, firstname, lastname, email (eq, sw), cloudStatus, processingState, correlated, protected (eq); and, or, parentheses',
          },
          {
            in: 'query',
            name: 'sorters',
            schema: { type: 'string' },
            description: 'name, alias, cloudStatus; - for descending',
          },
          { in: 'query', name: 'defaultFilter', schema: { type: 'string', enum: ['CORRELATED_ONLY', 'NONE'] } },
          { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 0, maximum: 250, default: 250 } },
          { in: 'query', name: 'offset', schema: { type: 'integer', minimum: 0, default: 0 } },
          { in: 'query', name: 'count', schema: { type: 'boolean' }, description: 'true: X-Total-Count' },
        ],
        responses: {
          '200': jsonBody({ type: 'array', items: ref('Identity') }, 'The identities.'),
          ...errors,
          '403': forbidden,
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
      get: {
        tags,
        security,
        operationId: `getIdentity_${version}`,
        summary: 'An identity',
        responses: {
          '200': jsonBody(ref('Identity'), 'The identity.'),
          '404': jsonBody(ref('ErrorResponseDto'), 'No identity has this id (or it was removed).'),
          ...errors,
          '403': forbidden,
        },
      },
      delete: {
        tags,
        security,
        operationId: `deleteIdentity_${version}`,
        summary: 'Delete an identity (idn:identity:manage); one that owns PATs is refused',
        responses: {
          ...errors,
          '403': forbidden,
          '204': { description: 'Removed: the identities API no longer finds it.' },
          '400': jsonBody(
            object({
              message: { type: 'string' },
              associationDetails: {
                type: 'array',
                items: object({
                  associationType: { type: 'string' },
                  entities: {
                    type: 'array',
                    items: object({
                      identityEntity: object({
                        id: { type: 'string' },
                        name: { type: 'string' },
                        type: { type: 'string' },
                      }),
                    }),
                  },
                }),
              },
            }),
            'It owns PATs (listed): delete them first.',
          ),
          '404': jsonBody(ref('ErrorResponseDto'), 'No identity has this id (or it was removed).'),
        },
      },
    },
  };
}
const faultSchema = object({
  method: { type: 'string' },
  path: { type: 'string', description: 'requests whose path starts with this' },
  latency: {
    description: 'ms, or {min, max}',
    oneOf: [{ type: 'number' }, object({ min: { type: 'number' }, max: { type: 'number' } })],
  },
  status: { type: 'integer', minimum: 400, maximum: 599 },
  reset: { type: 'boolean' },
  probability: { type: 'number', minimum: 0, maximum: 1 },
  nth: { type: 'integer', minimum: 1 },
});
const rateLimitSchema = object({
  enabled: { type: 'boolean' },
  limit: { type: 'integer' },
  windowSeconds: { type: 'number' },
});
const journalSchema = {
  type: 'array',
  items: object({
    time: { type: 'string', format: 'date-time' },
    method: { type: 'string' },
    path: { type: 'string' },
    status: { type: 'integer' },
    ms: { type: 'number' },
    clientId: { type: 'string' },
  }),
};

/** The OpenAPI 3.0 description of everything this server serves, built from the model's schemas. */
export function openApiDocument(): Schema {
  const paths: Record<string, unknown> = {
    '/oauth/token': {
      post: {
        tags: ['OAuth'],
        summary: 'Mint an access token with a PAT (client_credentials)',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['grant_type', 'client_id', 'client_secret'],
                properties: {
                  grant_type: { type: 'string', enum: ['client_credentials'] },
                  client_id: { type: 'string' },
                  client_secret: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          '200': jsonBody(ref('OAuthTokenResponse'), 'The access token.'),
          '400': errors['400'],
          '401': jsonBody(ref('UnauthorizedResponseBody'), 'Wrong credentials, or the PAT has expired.'),
        },
      },
    },
    '/__admin/reset': {
      post: admin('Back to the starting seed, real time, no faults, no rate limit, empty journal', countsSchema),
    },
    '/__admin/seed': {
      post: {
        ...admin('Load a seed', countsSchema, { type: 'object', description: 'The seed format of the README' }),
        parameters: [{ in: 'query', name: 'mode', schema: { type: 'string', enum: ['replace', 'merge'] } }],
      },
    },
    '/__admin/identities': {
      get: admin('List identities', { type: 'array', items: identitySchema }),
      post: admin('Create an identity', identitySchema, identitySchema),
    },
    '/__admin/identities/{id}': {
      parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
      patch: admin('Change an identity (a leaver, for audits)', identitySchema, identityChangeSchema),
    },
    '/__admin/pats': {
      get: admin('Every PAT, managed ones included (never secrets)', {
        type: 'array',
        items: ref('GetPersonalAccessTokenResponse'),
      }),
    },
    '/__admin/clock': {
      get: admin('The server time', clockSchema),
      post: admin(
        'Move the clock: {"advance":"100d"} (s, m, h, d or w) or {"now":"<date-time>"}',
        clockSchema,
        object({ advance: { type: 'string' }, now: { type: 'string', format: 'date-time' } }),
      ),
    },
    '/__admin/faults': {
      get: admin('The fault rules', { type: 'array', items: faultSchema }),
      post: admin('Add a fault rule', faultSchema, faultSchema),
      delete: admin('Remove every fault rule'),
    },
    '/__admin/faults/{id}': {
      parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
      delete: admin('Remove a fault rule'),
    },
    '/__admin/rate-limit': {
      get: admin('The rate limit', rateLimitSchema),
      post: admin('Switch the rate limit on or off', rateLimitSchema, rateLimitSchema),
    },
    '/__admin/journal': {
      get: admin('The last requests, newest last; filters: method, status, clientId, path', journalSchema),
      delete: admin('Clear the journal'),
    },
  };
  for (const version of apiVersions) Object.assign(paths, patPaths(version));
  for (const version of identityApiVersions) Object.assign(paths, identityPaths(version));
  return {
    openapi: '3.0.3',
    info: {
      title: 'patkit mock server',
      version: '1',
      description: "A stateful mock of SailPoint ISC's personal access token API and /oauth/token, with an admin API.",
    },
    paths,
    components: {
      schemas: { ...schemas(), Identity: apiIdentitySchema },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from POST /oauth/token',
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'Only when the server runs with --admin-token' },
      },
    },
  };
}

let cached: { json: string; yaml: string } | undefined;

/** The document as JSON and YAML text, built once. */
export function openApiTexts(): { json: string; yaml: string } {
  if (cached === undefined) {
    const document = openApiDocument();
    cached = { json: JSON.stringify(document, null, 2), yaml: stringify(document) };
  }
  return cached;
}
