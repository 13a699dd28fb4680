// Every response of every endpoint, for every API version, validated by ajv
// against the response schema the official OpenAPI files give for its status.
import { apiVersions, apiVersionTable } from '@patkit/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, tokenResponse } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import { demoCredentials } from '../src/state/seed.js';
import {
  type SpecOperation,
  type SpecVersion,
  specProblems,
  tokenResponseValidator,
} from './official-responses.test-utils.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 'demo' });
});
afterAll(async () => {
  await server.close();
});

const checked: string[] = [];

async function call(
  version: SpecVersion,
  kind: 'list' | 'item',
  operation: SpecOperation,
  path: string,
  init: RequestInit,
) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  const label = `${version} ${operation.toUpperCase()} ${response.status}`;
  expect(specProblems(version, kind, operation, response.status, text), `${label}: ${text}`).toEqual([]);
  checked.push(label);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const token = () => accessToken(server.url, demoCredentials.user);

describe('responses against the official OpenAPI files', () => {
  it.each(apiVersions)('%s', async (version) => {
    const { basePath: base, variant } = apiVersionTable[version];
    const auth = { authorization: `Bearer ${await token()}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const patch = { ...auth, 'content-type': 'application/json-patch+json' };
    const legacy = variant === 'legacy';
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
    for (const [secret, status] of [
      [demoCredentials.user.clientSecret, 200],
      ['wrong', 401],
    ] as const) {
      const response = await tokenResponse(server.url, {
        clientId: demoCredentials.user.clientId,
        clientSecret: secret,
      });
      expect(response.status).toBe(status);
      const validate = tokenResponseValidator(status);
      expect(validate(await response.json()) ? [] : validate.errors).toEqual([]);
    }
  });

  it('covered every status of the scenario', () => {
    expect(checked).toHaveLength(6 * 11);
  });
});
