// Every response of every endpoint, for every API version, validated by ajv
// against the response schema the official OpenAPI files give for its status.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpecNode, specNode } from '../../../packages/model/src/official-spec.test-utils.js';
import { accessToken } from './mock-server.test-utils.js';
import { demoCredentials } from './seed.js';
import { type MockServer, startMockServer } from './server.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 'demo' });
});
afterAll(async () => {
  await server.close();
});

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

// The files for each version; beta and v2024 share v3's legacy shape, v2026 v2025's.
const files = {
  v2025: { list: 'idn/v2025/paths/personal-access-tokens.yaml', item: 'idn/v2025/paths/personal-access-token.yaml' },
  v2026: { list: 'idn/v2025/paths/personal-access-tokens.yaml', item: 'idn/v2025/paths/personal-access-token.yaml' },
  v3: { list: 'idn/v3/paths/personal-access-tokens.yaml', item: 'idn/v3/paths/personal-access-token.yaml' },
  beta: { list: 'idn/v3/paths/personal-access-tokens.yaml', item: 'idn/v3/paths/personal-access-token.yaml' },
  v2024: { list: 'idn/v3/paths/personal-access-tokens.yaml', item: 'idn/v3/paths/personal-access-token.yaml' },
  v1: {
    list: 'idn/apis/personal-access-tokens/paths/personal-access-tokens-v1.yaml',
    item: 'idn/apis/personal-access-tokens/paths/personal-access-tokens-v1-by-id.yaml',
  },
} as const;

type Version = keyof typeof files;

// The copied v3 files point at ../responses/*.yaml, which the reference copy
// does not hold; error responses are the same in every version, so v2025's stand in.
function responseFile(file: string, status: number): string {
  return status >= 400 && file.startsWith('idn/v3/') ? file.replace('idn/v3/', 'idn/v2025/') : file;
}

function responseSchema(file: string, operation: string, status: number): SpecNode | undefined {
  const response = specNode(responseFile(file, status), `/${operation}/responses/${status}`);
  const schema = (response?.content as Record<string, { schema?: SpecNode }> | undefined)?.['application/json']?.schema;
  if (schema === undefined) return undefined;
  // Known inconsistency (shared/brief/API.md): the create response marks expirationDate
  // required and non-null, yet v2025 creates never-expiring PATs, which read as null.
  if (operation === 'post' && status === 200 && (schema.properties as Record<string, SpecNode>)?.expirationDate) {
    const properties = schema.properties as Record<string, SpecNode>;
    return {
      ...schema,
      properties: { ...properties, expirationDate: { ...properties.expirationDate, nullable: true } },
    };
  }
  return schema;
}

const checked: string[] = [];

async function call(version: Version, kind: 'list' | 'item', operation: string, path: string, init: RequestInit) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  const label = `${version} ${operation.toUpperCase()} ${response.status}`;
  const schema = responseSchema(files[version][kind], operation, response.status);
  if (response.status === 204) {
    expect(text, label).toBe('');
  } else {
    expect(schema, `${label}: the spec lists no body for this status`).toBeDefined();
    const validate = ajv.compile(schema as object);
    const body = JSON.parse(text);
    expect(validate(body) ? [] : validate.errors, `${label}: ${text}`).toEqual([]);
  }
  checked.push(label);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const token = () => accessToken(server.url, demoCredentials.user);

describe('responses against the official OpenAPI files', () => {
  it.each(Object.keys(files) as Version[])('%s', async (version) => {
    const base = version === 'v1' ? '/personal-access-tokens/v1' : `/${version}/personal-access-tokens`;
    const auth = { authorization: `Bearer ${await token()}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const patch = { ...auth, 'content-type': 'application/json-patch+json' };
    const legacy = ['v3', 'beta', 'v2024'].includes(version);
    const body = JSON.stringify(
      legacy
        ? { name: `spec ${version}` }
        : { name: `spec ${version}`, expirationDate: null, userAwareTokenNeverExpires: true },
    );

    expect((await call(version, 'list', 'get', `${base}?owner-id=me`, { headers: auth })).status).toBe(200);
    expect(
      (await call(version, 'list', 'get', `${base}?owner-id=me&filters=name%20eq%20x`, { headers: auth })).status,
    ).toBe(400);
    expect((await call(version, 'list', 'get', base, { headers: auth })).status).toBe(403);
    expect((await call(version, 'list', 'get', base, {})).status).toBe(401);
    const created = await call(version, 'list', 'post', base, { method: 'POST', headers: json, body });
    expect(created.status).toBe(200);
    expect((await call(version, 'list', 'post', base, { method: 'POST', headers: json, body })).status).toBe(400);
    const id = (created.body as { id: string }).id;
    const rename = JSON.stringify([{ op: 'replace', path: '/name', value: `renamed ${version}` }]);
    expect(
      (await call(version, 'item', 'patch', `${base}/${id}`, { method: 'PATCH', headers: patch, body: rename })).status,
    ).toBe(200);
    expect(
      (
        await call(version, 'item', 'patch', `${base}/${id}`, {
          method: 'PATCH',
          headers: patch,
          body: '[{"op":"replace","path":"/owner","value":1}]',
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(version, 'item', 'patch', `${base}/unknown`, { method: 'PATCH', headers: patch, body: rename }))
        .status,
    ).toBe(404);
    expect((await call(version, 'item', 'delete', `${base}/${id}`, { method: 'DELETE', headers: auth })).status).toBe(
      204,
    );
    expect((await call(version, 'item', 'delete', `${base}/${id}`, { method: 'DELETE', headers: auth })).status).toBe(
      404,
    );
  });

  it('the token endpoint', async () => {
    const file = 'dereferenced/deref-sailpoint-api.oauth.yaml';
    const path = '/paths/~1oauth~1token/post/responses';
    for (const [secret, status] of [
      [demoCredentials.user.clientSecret, 200],
      ['wrong', 401],
    ] as const) {
      const response = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: demoCredentials.user.clientId,
          client_secret: secret,
        }),
      });
      expect(response.status).toBe(status);
      const node = specNode(file, `${path}/${status}`);
      const schema = (node.content as Record<string, { schema: object }>)['application/json']?.schema as object;
      const validate = ajv.compile(schema);
      expect(validate(await response.json()) ? [] : validate.errors).toEqual([]);
    }
  });

  it('covered every status of the scenario', () => {
    expect(checked).toHaveLength(6 * 11);
  });
});
