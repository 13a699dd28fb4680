// SailPoint's official TypeScript SDK (sailpoint-api-client), unmodified,
// against the mock server: its own token request, then the PAT operations of
// its v3, beta and v2024 API classes, and its v2024 identities.
import {
  Configuration,
  IdentitiesV2024Api,
  PersonalAccessTokensApi,
  PersonalAccessTokensBetaApi,
  PersonalAccessTokensV2024Api,
} from 'sailpoint-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server.js';
import { demoCredentials } from '../src/state/seed.js';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ seed: 'demo' });
});

afterAll(async () => {
  await server.close();
});

function configuration(who: 'user' | 'admin' = 'user'): Configuration {
  const { clientId, clientSecret } = demoCredentials[who];
  return new Configuration({ baseurl: server.url, tokenUrl: `${server.url}/oauth/token`, clientId, clientSecret });
}

describe('sailpoint-api-client against the mock server', () => {
  it('v3: lists, creates, patches and deletes', async () => {
    const api = new PersonalAccessTokensApi(configuration());
    const listed = await api.listPersonalAccessTokens({ ownerId: 'me' });
    expect(listed.status).toBe(200);
    expect(listed.data.map((pat) => pat.name)).toContain('NodeJS Integration');
    const created = await api.createPersonalAccessToken({
      createPersonalAccessTokenRequest: { name: 'sdk v3', scope: ['sp:scopes:all'] },
    });
    expect(created.status).toBe(200);
    expect(created.data.secret).toMatch(/^[0-9a-f]{64}$/);
    const patched = await api.patchPersonalAccessToken({
      id: created.data.id,
      jsonPatchOperation: [{ op: 'replace', path: '/name', value: 'sdk v3 renamed' }],
    });
    expect(patched.data.name).toBe('sdk v3 renamed');
    const deleted = await api.deletePersonalAccessToken({ id: created.data.id });
    expect(deleted.status).toBe(204);
  });

  it('beta: the same operations', async () => {
    const api = new PersonalAccessTokensBetaApi(configuration());
    const created = await api.createPersonalAccessToken({ createPersonalAccessTokenRequestBeta: { name: 'sdk beta' } });
    expect(created.data.name).toBe('sdk beta');
    const patched = await api.patchPersonalAccessToken({
      id: created.data.id,
      jsonPatchOperationBeta: [{ op: 'replace', path: '/scope', value: ['sp:my-personal-access-tokens:read'] }],
    });
    expect(patched.data.scope).toEqual(['sp:my-personal-access-tokens:read']);
    expect((await api.listPersonalAccessTokens({ ownerId: 'me' })).data.map((p) => p.name)).toContain('sdk beta');
    expect((await api.deletePersonalAccessToken({ id: created.data.id })).status).toBe(204);
  });

  it('v2024: the same operations, and a filter', async () => {
    const api = new PersonalAccessTokensV2024Api(configuration());
    const created = await api.createPersonalAccessToken({
      createPersonalAccessTokenRequestV2024: { name: 'sdk v2024' },
    });
    const never = await api.listPersonalAccessTokens({ ownerId: 'me', filters: 'lastUsed isnull' });
    expect(never.data.map((p) => p.id)).toContain(created.data.id);
    const patched = await api.patchPersonalAccessToken({
      id: created.data.id,
      jsonPatchOperationV2024: [{ op: 'replace', path: '/name', value: 'sdk v2024 renamed' }],
    });
    expect(patched.data.name).toBe('sdk v2024 renamed');
    expect((await api.deletePersonalAccessToken({ id: created.data.id })).status).toBe(204);
  });

  it('v2024 identities: list with filters, sorters, paging and count; get; an unknown id; delete', async () => {
    server.seed(
      {
        identities: [
          { id: 'sdk-1', name: 'Sdk One', level: 'user' },
          { id: 'sdk-2', name: 'Sdk Two', level: 'user' },
        ],
        pats: [],
      },
      'merge',
    );
    // v2024's identities are experimental in the SDK: it sends X-SailPoint-Experimental once told to.
    const config = configuration('admin');
    config.experimental = true;
    const api = new IdentitiesV2024Api(config);
    const listed = await api.listIdentities({ filters: 'name sw "sdk"', sorters: '-name', limit: 1, count: true });
    expect(listed.status).toBe(200);
    expect(listed.data.map((identity) => identity.id)).toEqual(['sdk-2']);
    expect(listed.headers['x-total-count']).toBe('2');
    const second = await api.listIdentities({ filters: 'name sw "sdk"', sorters: '-name', limit: 1, offset: 1 });
    expect(second.data.map((identity) => identity.id)).toEqual(['sdk-1']);
    const one = await api.getIdentity({ id: 'sdk-1' });
    expect(one.data).toMatchObject({ id: 'sdk-1', name: 'Sdk One', identityStatus: 'ACTIVE' });
    expect(typeof one.data.created).toBe('string');
    await expect(api.getIdentity({ id: 'nobody' })).rejects.toMatchObject({ response: { status: 404 } });
    const removed = await api.deleteIdentity({ id: 'sdk-2', xSailPointExperimental: 'true' });
    expect(removed.status).toBe(204);
    await expect(api.getIdentity({ id: 'sdk-2' })).rejects.toMatchObject({ response: { status: 404 } });
  });
});
