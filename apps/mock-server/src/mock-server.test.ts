import { ApiError, createClient } from '@patkit/client';
import { apiVersions, apiVersionTable } from '@patkit/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminPat, ManualClock, readerPat, testSeed, user, userPat } from './mock-server.test-utils.js';
import { type MockServer, startMockServer } from './server.js';

let server: MockServer;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  server = await startMockServer({ seed: testSeed(), clock });
});

afterEach(async () => {
  await server.close();
});

const noConfig = { env: {}, cwd: '/nonexistent', home: '/nonexistent' };

function client<V extends 'v2025' | 'v3' | 'v1' | 'beta' = 'v2025'>(
  pat: { clientId: string; clientSecret: string },
  apiVersion: V = 'v2025' as V,
) {
  return createClient<V>({
    baseUrl: server.url,
    ...pat,
    apiVersion,
    configEnvironment: noConfig,
    retry: { maxAttempts: 1 },
  });
}

async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

async function token(pat: { clientId: string; clientSecret: string }) {
  return (await client(pat).mintToken()).access_token;
}

describe('POST /oauth/token', () => {
  it('mints a signed JWT for the PAT, with ISC-like claims and its validity', async () => {
    const minted = await client(userPat).mintToken();
    expect(minted).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      identity_id: user.id,
      user_name: 'sam.user',
    });
    const claims = JSON.parse(Buffer.from(minted.access_token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({
      client_id: userPat.clientId,
      identity_id: user.id,
      user_name: 'sam.user',
      scope: ['sp:scopes:all'],
      exp: Math.floor(clock.time / 1000) + 3600,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes the credentials as a form, multipart or query parameters', async () => {
    const form = new FormData();
    form.set('grant_type', 'client_credentials');
    form.set('client_id', userPat.clientId);
    form.set('client_secret', userPat.clientSecret);
    expect((await raw('/oauth/token', { method: 'POST', body: form })).status).toBe(200);
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: userPat.clientId,
      client_secret: userPat.clientSecret,
    });
    expect((await raw(`/oauth/token?${query}`, { method: 'POST' })).status).toBe(200);
  });

  it('answers 401 in ISC shape for wrong credentials and expired PATs', async () => {
    const wrong = await client({ ...userPat, clientSecret: 'nope' })
      .mintToken()
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 401, messages: [{ text: expect.stringMatching(/Bad credentials/) }] });
    const created = await client(userPat).create({
      name: 'short-lived',
      expirationDate: '2026-12-01T00:00:00.000Z',
    } as never);
    clock.advanceDays(5);
    const expired = await client({ clientId: created.id, clientSecret: created.secret })
      .mintToken()
      .catch((e: unknown) => e);
    expect(expired).toMatchObject({ status: 401, messages: [{ text: 'The personal access token has expired' }] });
    const grant = await raw('/oauth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
    expect(grant.status).toBe(400);
    expect(grant.json).toMatchObject({
      detailCode: '400.1 Bad Request Content',
      trackingId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('moves lastUsed at most once a day of the server clock', async () => {
    const admin = client(adminPat);
    const lastUsed = async () =>
      (await admin.list({ ownerId: user.id })).find((p) => p.id === userPat.clientId)?.lastUsed;
    expect(await lastUsed()).toBe('2026-11-01T08:00:00.000Z');
    await client(userPat).mintToken();
    expect(await lastUsed()).toBe('2026-11-29T12:00:00.000Z');
    clock.time += 3_600_000;
    await client(userPat).mintToken();
    expect(await lastUsed()).toBe('2026-11-29T12:00:00.000Z');
    clock.advanceDays(1);
    await client(userPat).mintToken();
    expect(await lastUsed()).toBe('2026-11-30T13:00:00.000Z');
  });
});

describe('authorization', () => {
  it('needs a valid, unexpired bearer token', async () => {
    expect((await raw('/v2025/personal-access-tokens')).json).toEqual({
      error: 'Full authentication is required: send Authorization: Bearer <access token>',
    });
    const access = await token(userPat);
    const forged = `${access.slice(0, -4)}AAAA`;
    expect(
      (await raw('/v2025/personal-access-tokens?owner-id=me', { headers: { authorization: `Bearer ${forged}` } })).json,
    ).toEqual({
      error: 'JWT validation failed: invalid signature',
    });
    clock.time += 3601_000;
    expect(
      (await raw('/v2025/personal-access-tokens?owner-id=me', { headers: { authorization: `Bearer ${access}` } })).json,
    ).toEqual({
      error: 'JWT validation failed: JWT is expired',
    });
  });

  it('lets a user list their own PATs, not others, and hides managed PATs from them', async () => {
    const mine = await client(userPat).list({ ownerId: 'me' });
    expect(mine.map((p) => p.name)).toEqual(['user pat', 'reader']);
    await expect(client(userPat).list()).rejects.toMatchObject({ status: 403, detailCode: '403 Forbidden' });
    await expect(client(userPat).list({ ownerId: user.id })).rejects.toMatchObject({ status: 403 });
  });

  it('lets an admin list every PAT, managed ones included', async () => {
    const all = await client(adminPat).list();
    expect(all.map((p) => p.name)).toEqual(['admin pat', 'user pat', 'reader', 'workflow']);
    expect(all.find((p) => p.name === 'workflow')?.managed).toBe(true);
  });

  it('enforces the PAT scopes per operation', async () => {
    const reader = client(readerPat);
    expect(await reader.list({ ownerId: 'me' })).toHaveLength(2);
    await expect(
      reader.create({ name: 'x', expirationDate: null, userAwareTokenNeverExpires: true }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(reader.delete(userPat.clientId)).rejects.toMatchObject({ status: 403 });
  });
});

describe('list filters', () => {
  it('supports exactly lastUsed le and lastUsed isnull', async () => {
    const admin = client(adminPat);
    const stale = await admin.list({ ownerId: user.id, filters: 'lastUsed le 2026-11-15T00:00:00Z' });
    expect(stale.map((p) => p.name)).toEqual(['user pat']);
    const never = await admin.list({ ownerId: user.id, filters: 'lastUsed isnull' });
    expect(never.map((p) => p.name)).toEqual(['reader', 'workflow']);
    const error = await admin.list({ filters: 'name eq "x"' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).causes[0]?.text).toMatch(
      /filters supports exactly "lastUsed le <date-time>" and "lastUsed isnull"/,
    );
    await expect(admin.list({ filters: 'lastUsed LE 2026-11-15T00:00:00Z' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('create', () => {
  it('returns 200 with the secret once, and stores only a salted hash', async () => {
    const created = await client(userPat).create({
      name: 'ci',
      expirationDate: null,
      userAwareTokenNeverExpires: true,
    });
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created).toMatchObject({
      name: 'ci',
      scope: ['sp:scopes:all'],
      accessTokenValiditySeconds: 43200,
      expirationDate: null,
    });
    const row = server.store.pat(created.id);
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const listed = await client(userPat).list({ ownerId: 'me' });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await client({ clientId: created.id, clientSecret: created.secret }).mintToken()).expires_in).toBe(43200);
  });

  it('needs the never-expires acknowledgement in v2025 and a future date', async () => {
    const c = client(userPat);
    const missing = await c.create({ name: 'x' }).catch((e: unknown) => e);
    expect((missing as ApiError).causes[0]?.text).toMatch(/set userAwareTokenNeverExpires to true/);
    await expect(c.create({ name: 'x', expirationDate: '2020-01-01T00:00:00.000Z' } as never)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('applies the legacy six-month rule in v3, beta and v2024', async () => {
    const legacy = client(userPat, 'v3');
    const created = await legacy.create({ name: 'legacy' });
    expect(created.expirationDate).toBe('2027-05-29T12:00:00.000Z');
    await expect(
      legacy.create({ name: 'far', expirationDate: '2028-01-01T00:00:00.000Z' } as never),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('keeps names unique per owner and at most 10 PATs per owner', async () => {
    const c = client(userPat);
    const error = await c
      .create({ name: 'user pat', expirationDate: null, userAwareTokenNeverExpires: true })
      .catch((e: unknown) => e);
    expect((error as ApiError).causes[0]?.text).toBe('name: you already have a PAT named "user pat"');
    for (let i = 0; i < 7; i++)
      await c.create({ name: `n${i}`, expirationDate: null, userAwareTokenNeverExpires: true });
    const full = await c
      .create({ name: 'one too many', expirationDate: null, userAwareTokenNeverExpires: true })
      .catch((e: unknown) => e);
    expect((full as ApiError).causes[0]?.text).toBe('an owner may have at most 10 PATs; delete one first');
  });

  it('rejects bad bodies with a 400 that names the problem', async () => {
    const access = await token(userPat);
    const headers = { authorization: `Bearer ${access}`, 'content-type': 'application/json' };
    const broken = await raw('/v2025/personal-access-tokens', { method: 'POST', headers, body: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.json)).toMatch(/invalid JSON/);
    const range = await raw('/v2025/personal-access-tokens', {
      method: 'POST',
      headers,
      body: '{"name":"x","accessTokenValiditySeconds":5}',
    });
    expect(JSON.stringify(range.json)).toMatch(/accessTokenValiditySeconds: 5 is out of range/);
    const type = await raw('/v2025/personal-access-tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(type.status).toBe(415);
  });
});

describe('patch and delete', () => {
  it('patches the allowed paths and returns the new representation', async () => {
    const c = client(userPat);
    const renamed = await c.rename(userPat.clientId, 'renamed');
    expect(renamed.name).toBe('renamed');
    const scoped = await c.addScope(userPat.clientId, 'sp:my-personal-access-tokens:read');
    expect(scoped.scope).toEqual(['sp:scopes:all', 'sp:my-personal-access-tokens:read']);
    const removed = await c.removeScope(scoped, 'sp:scopes:all');
    expect(removed.scope).toEqual(['sp:my-personal-access-tokens:read']);
    const expiring = await c.setExpiration(userPat.clientId, '2027-01-01T00:00:00Z');
    expect(expiring).toMatchObject({ expirationDate: '2027-01-01T00:00:00.000Z', userAwareTokenNeverExpires: false });
    const never = await c.setNeverExpires(userPat.clientId);
    expect(never).toMatchObject({ expirationDate: null, userAwareTokenNeverExpires: true });
  });

  it('refuses patches outside the rules', async () => {
    const access = await token(userPat);
    const path = `/v2025/personal-access-tokens/${userPat.clientId}`;
    const headers = { authorization: `Bearer ${access}`, 'content-type': 'application/json-patch+json' };
    const owner = await raw(path, { method: 'PATCH', headers, body: '[{"op":"replace","path":"/owner","value":{}}]' });
    expect(owner.status).toBe(400);
    expect(JSON.stringify(owner.json)).toMatch(/"\/owner\\" cannot be patched/);
    const json = await raw(path, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '[]',
    });
    expect(json.status).toBe(415);
    await expect(client(userPat).rename(adminPat.clientId, 'mine now')).rejects.toMatchObject({ status: 404 });
    await expect(client(userPat, 'v3').setScope(userPat.clientId, [])).resolves.toMatchObject({ scope: [] });
  });

  it('deletes with 204, and answers 404 for unknown ids', async () => {
    await client(userPat).delete(readerPat.clientId);
    expect(server.store.pat(readerPat.clientId)).toBeUndefined();
    await expect(client(userPat).delete(readerPat.clientId)).rejects.toMatchObject({
      status: 404,
      detailCode: '404 Not found',
    });
    await client(adminPat).delete(userPat.clientId);
  });
});

describe('routes', () => {
  it('answers unknown routes, methods and oversized bodies in ISC shapes', async () => {
    const missing = await raw('/v2025/something-else');
    expect(missing).toMatchObject({ status: 404, json: { detailCode: '404 Not found' } });
    const method = await raw('/v2025/personal-access-tokens', { method: 'PUT' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST');
    expect(method.json).toMatchObject({
      errorName: 'NotSupportedException',
      trackingId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const big = await raw('/v2025/personal-access-tokens', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    // One router for every route: the admin API answers 405 and Allow as the PAT API does.
    const admin = await raw('/__admin/clock', { method: 'PUT' });
    expect(admin).toMatchObject({ status: 405, json: { errorName: 'NotSupportedException' } });
    expect(admin.headers.get('allow')).toBe('GET, POST');
    expect(await raw('/__admin/nothing-here')).toMatchObject({ status: 404, json: { detailCode: '404 Not found' } });
    // Found by the HTTP fuzzer: "//" once parsed as a host and answered 500.
    expect((await raw('//')).status).toBe(404);
  });

  it('survives its own code throwing, in the request listener or after an await, and keeps serving', async () => {
    let broken = false;
    const failing = await startMockServer({
      clock: {
        now: () => {
          if (broken) throw new Error('the clock broke');
          return Date.now();
        },
      },
    });
    try {
      // The injected-status path answers, then journals (reading the clock) in the listener itself:
      // uncaught, that throw would end the process.
      failing.faults.add({ path: '/v3', status: 503 });
      broken = true;
      await fetch(`${failing.url}/v3/personal-access-tokens`).catch(() => undefined);
      broken = false;
      expect((await fetch(`${failing.url}/v3/personal-access-tokens`)).status).toBe(503);
      // The same after a latency fault's timer.
      failing.faults.clear();
      failing.faults.add({ path: '/v3', status: 503, latency: 5 });
      broken = true;
      await fetch(`${failing.url}/v3/personal-access-tokens`).catch(() => undefined);
      broken = false;
      expect((await fetch(`${failing.url}/v3/personal-access-tokens`)).status).toBe(503);
      // Without a fault the request is answered after an await, then journaled with the broken clock:
      // a rejection nobody handles would end the process too.
      failing.faults.clear();
      broken = true;
      const answered = await fetch(`${failing.url}/oauth/token`, { method: 'POST', body: 'grant_type=x' });
      expect(answered.status).toBe(400);
      broken = false;
      expect((await fetch(`${failing.url}/v3/personal-access-tokens`)).status).toBe(401);
    } finally {
      await failing.close();
    }
  });

  it('serves every API version at its own path', async () => {
    for (const version of apiVersions) {
      const access = await token(userPat);
      const listed = await raw(`${apiVersionTable[version].basePath}?owner-id=me`, {
        headers: { authorization: `Bearer ${access}` },
      });
      expect(listed.status).toBe(200);
    }
    expect(await client(userPat, 'v1').list({ ownerId: 'me' })).toHaveLength(2);
    const legacy = await client(userPat, 'beta').list({ ownerId: 'me' });
    expect(legacy[0]).not.toHaveProperty('userAwareTokenNeverExpires');
  });
});
