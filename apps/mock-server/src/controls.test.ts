import { createClient } from '@patkit/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminPat,
  adminRequest,
  ManualClock,
  testSeed,
  tokenResponse,
  user,
  userPat,
} from './mock-server.test-utils.js';
import { type MockServer, type MockServerOptions, startMockServer } from './server.js';

let server: MockServer;

async function boot(options: MockServerOptions = {}) {
  server = await startMockServer({ seed: testSeed(), clock: new ManualClock(), ...options });
}

beforeEach(() => boot());
afterEach(async () => {
  await server.close();
});

const noConfig = { env: {}, cwd: '/nonexistent', home: '/nonexistent' };

function client(pat = userPat, retry = { maxAttempts: 1 }) {
  // Pinned: the faults, rate limits and journal below name v2025's paths.
  return createClient({
    baseUrl: server.url,
    apiVersion: 'v2025',
    ...pat,
    configEnvironment: noConfig,
    retry,
    timing: { sleep: async () => {} },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read the answers' JSON freely
async function admin(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<any> {
  return adminRequest(server.url, path, init);
}

describe('the clock', () => {
  it('moves through the admin API and the server object, and lastUsed and expiry follow it', async () => {
    expect((await admin('/clock')).body).toEqual({ now: '2026-11-29T12:00:00.000Z' });
    expect((await admin('/clock', { body: { advance: '100d' } })).body).toEqual({ now: '2027-03-09T12:00:00.000Z' });
    await client().mintToken();
    const listed = await client(adminPat).list({ ownerId: user.id });
    expect(listed.find((p) => p.id === userPat.clientId)?.lastUsed).toBe('2027-03-09T12:00:00.000Z');
    const token = await client().mintToken();
    server.clock.advance('2h');
    const expired = await fetch(`${server.url}/v2025/personal-access-tokens?owner-id=me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(await expired.json()).toEqual({ error: 'JWT validation failed: JWT is expired' });
    expect((await admin('/clock', { body: { now: '2030-01-01T00:00:00Z' } })).body).toEqual({
      now: '2030-01-01T00:00:00.000Z',
    });
  });

  it('refuses what is not a duration or a date', async () => {
    expect((await admin('/clock', { body: { advance: '100 days' } })).status).toBe(400);
    expect((await admin('/clock', { body: {} })).body.causes[0].text).toMatch(/send \{"advance":"100d"\}/);
    expect(() => server.clock.advance('-1d')).toThrow(/not a duration/);
  });

  it('stays within the years ISC date-times can write, and keeps working at the edge', async () => {
    const before = (await admin('/clock')).body;
    for (const body of [{ advance: '99999999999d' }, { advance: '3000000d' }, { now: '+010000-01-01T00:00:00Z' }]) {
      const refused = await admin('/clock', { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.causes[0].text).toMatch(/between 1970-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z/);
      expect((await admin('/clock')).body).toEqual(before);
    }
    expect((await admin('/clock', { body: { now: '1969-12-31T23:59:59Z' } })).status).toBe(400);
    expect((await admin('/clock', { body: { now: '9999-12-31T23:59:59.999Z' } })).body).toEqual({
      now: '9999-12-31T23:59:59.999Z',
    });
    // At the last moment time stands still, and the API still answers: the user's PAT has expired by then.
    expect((await tokenResponse(server.url, adminPat)).status).toBe(200);
    expect((await client(adminPat).list({ ownerId: 'me' })).length).toBeGreaterThan(0);
  });
});

describe('state', () => {
  it('resets to the seed, real offset zero, no faults, empty journal', async () => {
    await client().create({ name: 'temp', expirationDate: null, userAwareTokenNeverExpires: true });
    server.clock.advance('10d');
    server.faults.add({ path: '/v3', status: 500 });
    expect((await admin('/reset', { body: {} })).body).toEqual({ identities: 2, pats: 4 });
    expect(server.store.allPats().map((p) => p.name)).not.toContain('temp');
    expect(new Date(server.clock.now()).toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(server.faults.list()).toEqual([]);
    expect(server.journal.list()).toEqual([]);
  });

  it('loads seeds, merged or replacing, and creates identities', async () => {
    const extra = { identities: [{ id: 'new-id', name: 'New', level: 'user' }], pats: [] };
    expect((await admin('/seed?mode=merge', { body: extra })).body).toEqual({ identities: 3, pats: 4 });
    expect((await admin('/seed', { body: extra })).body).toEqual({ identities: 1, pats: 0 });
    const created = await admin('/identities', { body: { name: 'Grace', level: 'admin' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Grace', level: 'admin', id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await admin('/identities', { body: { id: 'new-id', name: 'Again' } })).status).toBe(400);
    expect((await admin('/identities')).body.map((i: { name: string }) => i.name)).toEqual(['Grace', 'New']);
    expect((await admin('/seed', { body: { identities: 'x' } })).body.causes[0].text).toMatch(
      /\/identities: expected an array/,
    );
  });

  it('shows every PAT, managed ones included, never a secret', async () => {
    const pats = (await admin('/pats')).body as Array<{ name: string; managed: boolean }>;
    expect(pats.map((p) => [p.name, p.managed])).toEqual([
      ['admin pat', false],
      ['user pat', false],
      ['reader', false],
      ['workflow', true],
    ]);
    expect(JSON.stringify(pats)).not.toMatch(/secret/);
  });
});

describe('faults', () => {
  it('fail the Nth matching request with a status, and the client retries through it', async () => {
    const fault = server.faults.add({ method: 'GET', path: '/v2025/personal-access-tokens', status: 503, nth: 1 });
    expect(await client(userPat, { maxAttempts: 3 }).list({ ownerId: 'me' })).toHaveLength(2);
    expect(server.journal.list({ path: '/v2025' }).map((e) => e.status)).toEqual([503, 200]);
    expect(server.faults.list()[0]).toMatchObject({ id: fault.id, seen: 2 });
  });

  it('fail with a probability, add latency, and drop connections', async () => {
    const never = (await admin('/faults', { body: { status: 500, probability: 0 } })).body as { id: string };
    expect(await client().list({ ownerId: 'me' })).toHaveLength(2);
    expect((await admin(`/faults/${never.id}`, { method: 'DELETE' })).status).toBe(204);
    server.faults.add({ path: '/v2025', latency: { min: 60, max: 80 } });
    const started = performance.now();
    await client().list({ ownerId: 'me' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    server.faults.clear();
    server.faults.add({ path: '/v2025', reset: true });
    await expect(client().list({ ownerId: 'me' })).rejects.toMatchObject({ code: 'network' });
    expect((await admin('/faults', { body: { probability: 2 } })).status).toBe(400);
  });

  it('refuses rules of the wrong shape, and the server keeps answering', async () => {
    const wrong = [
      null,
      [],
      'x',
      { method: 5, status: 503 },
      { path: 5, status: 503 },
      { latency: null },
      { latency: '5' },
      { latency: { min: '1', max: 2 } },
      { reset: 'yes' },
      { status: 503, probability: '1' },
      { status: 503, colour: 'red' },
    ];
    for (const body of wrong) {
      const answer = await admin('/faults', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.causes[0].text).toMatch(/^(invalid fault|the body must be a JSON object)/);
    }
    expect(server.faults.list()).toEqual([]);
    expect(await client().list({ ownerId: 'me' })).toHaveLength(2);
  });

  it('name the bad value before asking for what is missing', () => {
    expect(() => server.faults.add({ probability: 2 })).toThrow('invalid fault: probability must be between 0 and 1');
    expect(() => server.faults.add({ nth: 0 })).toThrow('invalid fault: nth must be a whole number from 1');
    expect(() => server.faults.add({ probability: 0.5 })).toThrow('invalid fault: give latency, status or reset');
  });
});

describe('admin bodies', () => {
  it.each(['/clock', '/seed', '/identities', '/rate-limit'])(
    '%s refuses a body that is not an object',
    async (path) => {
      for (const body of [null, [], 7, 'x']) {
        const answer = await admin(path, { body });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.causes[0].text).toBe('the body must be a JSON object');
      }
    },
  );
});

describe('rate limiting', () => {
  it('is off by default and, when on, answers 429 with Retry-After per client id and API version', async () => {
    const c = client();
    for (let i = 0; i < 120; i++) await c.list({ ownerId: 'me' });
    expect((await admin('/rate-limit', { body: { limit: 3, windowSeconds: 10 } })).body).toEqual({
      enabled: true,
      limit: 3,
      windowSeconds: 10,
    });
    const token = await c.accessToken();
    const get = (path: string, bearer = token) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const mine = (version: string) => `/${version}/personal-access-tokens?owner-id=me`;
    expect([(await get(mine('v2025'))).status, (await get(mine('v2025'))).status]).toEqual([200, 200]);
    // The identities of v2025 are v2025 too: the third request of this client id there.
    expect((await get('/v2025/identities')).status).not.toBe(429);
    const limited = await c.list({ ownerId: 'me' }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, retryAfter: 10, messages: [{ text: 'Rate Limit Exceeded' }] });
    // Another access token of the same PAT shares its count (it is the client id that is counted).
    expect((await get(mine('v2025'), await client().accessToken())).status).toBe(429);
    // Each API version is counted apart, the per-service one too.
    expect([(await get(mine('v3'))).status, (await get(mine('v2026'))).status]).toEqual([200, 200]);
    expect((await get('/personal-access-tokens/v1?owner-id=me')).status).toBe(200);
    // Another PAT has a count of its own.
    expect(await client(adminPat).list()).toHaveLength(4);
    server.clock.advance('10s');
    expect(await c.list({ ownerId: 'me' })).toHaveLength(2);
    server.rateLimit.disable();
  });

  it('starts on with ISC parameters when asked', async () => {
    await server.close();
    await boot({ rateLimit: true });
    expect(server.rateLimit.status).toEqual({ enabled: true, limit: 100, windowSeconds: 10 });
  });
});

describe('journal', () => {
  it('keeps the last requests with secrets redacted, filters them, and clears', async () => {
    await fetch(
      `${server.url}/oauth/token?grant_type=client_credentials&client_id=${userPat.clientId}&client_secret=${userPat.clientSecret}`,
      { method: 'POST' },
    );
    await client().list({ ownerId: 'me' });
    await admin('/clock');
    const entries = (await admin('/journal')).body as Array<{ path: string; clientId?: string; status: number }>;
    expect(entries.map((e) => e.path)).toEqual([
      `/oauth/token?grant_type=client_credentials&client_id=${userPat.clientId}&client_secret=[redacted]`,
      '/oauth/token',
      '/v2025/personal-access-tokens?owner-id=me',
    ]);
    expect(JSON.stringify(entries)).not.toContain(userPat.clientSecret);
    expect((await admin(`/journal?clientId=${userPat.clientId}`)).body).toHaveLength(1);
    expect((await admin('/journal?method=POST&status=200')).body).toHaveLength(2);
    expect((await admin('/journal', { method: 'DELETE' })).status).toBe(204);
    expect((await admin('/journal')).body).toEqual([]);
  });
});

describe('admin access and CORS', () => {
  it('can require a token, or be switched off', async () => {
    await server.close();
    await boot({ adminToken: 'let-me-in' });
    expect((await admin('/clock')).status).toBe(401);
    expect((await admin('/clock', { token: 'let-me-in' })).status).toBe(200);
    await server.close();
    await boot({ admin: false });
    expect((await admin('/clock')).status).toBe(404);
  });

  it('allows any origin by default and answers preflights', async () => {
    const response = await fetch(`${server.url}/v2025/personal-access-tokens`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    await server.close();
    await boot({ cors: 'https://app.example' });
    const plain = await fetch(`${server.url}/v2025/personal-access-tokens`);
    expect(plain.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});
