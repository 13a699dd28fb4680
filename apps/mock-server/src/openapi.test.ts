import { apiVersions, apiVersionTable, toJsonSchema } from '@patkit/model';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testSeed, tokenResponse, userPat } from './mock-server.test-utils.js';
import { mockRoutes } from './routes.js';
import { type MockServer, startMockServer } from './server.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
});
afterAll(async () => {
  await server.close();
});

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};

describe('GET /openapi.json and /openapi.yaml', () => {
  it('describe every endpoint, admin included, with the model schemas', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
    expect(doc.openapi).toBe('3.0.3');
    for (const version of apiVersions) {
      const base = apiVersionTable[version].basePath;
      expect(Object.keys(doc.paths[base] ?? {})).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`${base}/{id}`] ?? {})).toEqual(['parameters', 'patch', 'delete']);
    }
    expect(doc.paths['/oauth/token']).toBeDefined();
    for (const admin of ['reset', 'seed', 'identities', 'pats', 'clock', 'faults', 'rate-limit', 'journal']) {
      expect(doc.paths[`/__admin/${admin}`], admin).toBeDefined();
    }
    const { $schema: _ignored, ...generated } = toJsonSchema('GetPersonalAccessTokenResponse', {
      target: 'openapi-3.0',
    });
    expect(doc.components.schemas.GetPersonalAccessTokenResponse).toEqual(generated);
    expect(doc.components.schemas.LegacyGetPersonalAccessTokenResponse).not.toHaveProperty(
      'properties.userAwareTokenNeverExpires',
    );
    const yaml = parse(await (await fetch(`${server.url}/openapi.yaml`)).text());
    expect(yaml).toEqual(doc);
  });

  it('document exactly the routes of the route table (but the document and the dashboard themselves)', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // The handlers are only built, never called: no state is needed.
    const routed = mockRoutes({} as never, {} as never, { admin: true })
      .filter((route) => !['/', '/openapi.json', '/openapi.yaml', '/favicon.ico'].includes(route.path))
      .map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual(routed.sort());
  });

  it('describe what the server answers', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: 'openapi' });
    const token = await (await tokenResponse(server.url, userPat)).json();
    expect(ajv.validate({ $ref: 'openapi#/components/schemas/OAuthTokenResponse' }, token)).toBe(true);
    const list = await (
      await fetch(`${server.url}/v2025/personal-access-tokens?owner-id=me`, {
        headers: { authorization: `Bearer ${(token as { access_token: string }).access_token}` },
      })
    ).json();
    const listSchema = { type: 'array', items: { $ref: 'openapi#/components/schemas/GetPersonalAccessTokenResponse' } };
    expect(ajv.validate(listSchema, list) ? [] : ajv.errors).toEqual([]);
    expect(ajv.validate(listSchema, [{ id: 1 }])).toBe(false);
  });
});
