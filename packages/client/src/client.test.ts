import type { CreatedPat, Model, Pat } from '@patkit/model';
import { apiVersionTable, defaultApiVersion } from '@patkit/model';
import type { Mode } from '@patkit/serializer';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type ClientOptions, createClient } from './client.js';
import { ApiError, ClientError } from './client-error.js';
import { type FakeServer, fakeTiming, pat, startFakeServer, tokenResponse } from './fake-server.test-utils.js';
import { lastUsed } from './filters.js';
import { identityJson, ownerIdentity } from './identities.js';

const secret = 'super-secret-value-1234567890';
// The paths of the version a client uses when none is given.
const patsPath = apiVersionTable[defaultApiVersion].basePath;
const identities = apiVersionTable[defaultApiVersion].identities.basePath;
let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer((request) =>
    request.path === '/oauth/token' ? tokenResponse() : { status: 200, body: JSON.stringify([pat]) },
  );
});

afterEach(async () => {
  await server.close();
});

function client<
  V extends NonNullable<ClientOptions['apiVersion']> = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(options: ClientOptions<V, M> = {}) {
  return createClient<V, M>({
    baseUrl: server.url,
    clientId: 'pat-id',
    clientSecret: secret,
    configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    ...options,
  });
}

const apiCalls = () => server.requests.filter((r) => r.path !== '/oauth/token');
const tokenCalls = () => server.requests.filter((r) => r.path === '/oauth/token');

describe('operations', () => {
  it('lists with owner and filters, decoding tolerantly', async () => {
    const pats = await client().list({ ownerId: 'me', filters: lastUsed.le('2023-02-05T10:59:27.214Z') });
    expect(pats).toEqual([{ ...pat, lastUsed: '2023-01-04T18:58:17.486Z' }]);
    const [call] = apiCalls();
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe(`${patsPath}?owner-id=me&filters=lastUsed+le+2023-02-05T10%3A59%3A27.214Z`);
    expect(call?.headers.authorization).toMatch(/^Bearer token-\d+$/);
    const [token] = tokenCalls();
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'pat-id',
      client_secret: secret,
    });
  });

  it('uses the path and model of each API version', async () => {
    server.handle((r) =>
      r.path === '/oauth/token'
        ? tokenResponse()
        : {
            status: 200,
            body: JSON.stringify([
              { ...pat, expirationDate: '2027-01-01T00:00:00Z', userAwareTokenNeverExpires: undefined },
            ]),
          },
    );
    const legacy = await client({ apiVersion: 'v3' }).list({ filters: lastUsed.isNull() });
    expect(legacy[0]).not.toHaveProperty('userAwareTokenNeverExpires');
    await client({ apiVersion: 'v1' }).list();
    expect(apiCalls().map((r) => r.path)).toEqual([
      '/v3/personal-access-tokens?filters=lastUsed+isnull',
      '/personal-access-tokens/v1',
    ]);
  });

  it('decodes strictly on request', async () => {
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: JSON.stringify([{ ...pat, extra: 1 }]) },
    );
    await expect(client({ mode: 'strict' }).list()).rejects.toMatchObject({
      code: 'invalid_response',
      cause: { code: 'unknown_key', path: '/0/extra' },
    });
    expect(await client().list()).toHaveLength(1);
  });

  it('creates, patches and deletes', async () => {
    server.handle((r) => {
      if (r.path === '/oauth/token') return tokenResponse();
      if (r.method === 'POST')
        return {
          status: 200,
          body: JSON.stringify({
            ...pat,
            secret: 'f'.repeat(64),
            lastUsed: undefined,
            managed: undefined,
            userAwareTokenNeverExpires: undefined,
          }),
        };
      if (r.method === 'PATCH') return { status: 200, body: JSON.stringify({ ...pat, name: 'renamed' }) };
      return { status: 204 };
    });
    const c = client();
    const created = await c.create({ name: 'ci', expirationDate: null, userAwareTokenNeverExpires: true } as never);
    expect(created.secret).toBe('f'.repeat(64));
    expect((await c.rename(pat.id, 'renamed')).name).toBe('renamed');
    await c.removeScope({ id: pat.id, scope: ['a', 'b'] }, 'b');
    await c.setNeverExpires(pat.id);
    await c.delete(pat.id);
    const calls = apiCalls();
    expect(calls.map((r) => `${r.method} ${r.path} ${r.headers['content-type'] ?? ''}`)).toEqual([
      `POST ${patsPath} application/json`,
      `PATCH ${patsPath}/${pat.id} application/json-patch+json`,
      `PATCH ${patsPath}/${pat.id} application/json-patch+json`,
      `PATCH ${patsPath}/${pat.id} application/json-patch+json`,
      `DELETE ${patsPath}/${pat.id} `,
    ]);
    expect(calls[0]?.body).toBe('{"name":"ci","expirationDate":null,"userAwareTokenNeverExpires":true}');
    expect(JSON.parse(calls[2]?.body ?? '')).toEqual([
      { op: 'test', path: '/scope/1', value: 'b' },
      { op: 'remove', path: '/scope/1' },
    ]);
    expect(JSON.parse(calls[3]?.body ?? '')).toEqual([
      { op: 'replace', path: '/expirationDate', value: null },
      { op: 'replace', path: '/userAwareTokenNeverExpires', value: true },
    ]);
  });

  it('refuses an invalid request before sending it', async () => {
    await expect(client().create({ name: 'x', accessTokenValiditySeconds: 5 })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('/accessTokenValiditySeconds: 5 is out of range'),
    });
    // @ts-expect-error v3 has no never-expiring PATs: the call does not type-check, and rejects in JavaScript
    await expect(client({ apiVersion: 'v3' }).setNeverExpires('id')).rejects.toThrow(/v3 has no never-expiring PATs/);
    // @ts-expect-error nor can it set an expiry
    await expect(client({ apiVersion: 'v3' }).setExpiration('id', '2030-01-01T00:00:00Z')).rejects.toThrow(/v3 cannot/);
    expect(apiCalls()).toHaveLength(0);
  });
});

describe('the types know the mode', () => {
  // A PAT without the keys that have defaults, as an older tenant may send it.
  const { managed, accessTokenValiditySeconds, userAwareTokenNeverExpires, ...bare } = pat;

  it('a tolerant client (the default) reads Pats: the defaults filled, in the values and the types', async () => {
    server.handle((request) =>
      request.path === '/oauth/token' ? tokenResponse() : { status: 200, body: JSON.stringify([bare]) },
    );
    const [listed] = await client().list();
    expectTypeOf(listed).toEqualTypeOf<Pat | undefined>();
    expect(listed).toMatchObject({
      managed: false,
      accessTokenValiditySeconds: 43_200,
      userAwareTokenNeverExpires: false,
    });
    const legacy = client({ apiVersion: 'v3' });
    expectTypeOf(legacy.list).returns.resolves.toEqualTypeOf<Pat<'v3'>[]>();
    for await (const batch of legacy.listBatches()) expectTypeOf(batch).toEqualTypeOf<Pat<'v3'>[]>();
    expectTypeOf(client().rename).returns.resolves.toEqualTypeOf<Pat>();
    expectTypeOf(client().create).returns.resolves.toEqualTypeOf<CreatedPat>();
  });

  it('a strict client reads what the API sent: keys with defaults stay optional', async () => {
    server.handle((request) =>
      request.path === '/oauth/token' ? tokenResponse() : { status: 200, body: JSON.stringify([bare]) },
    );
    const strict = client({ mode: 'strict' });
    const [listed] = await strict.list();
    expectTypeOf(listed).toEqualTypeOf<Model<'GetPersonalAccessTokenResponse'> | undefined>();
    expect(listed && 'managed' in listed).toBe(false);
    expectTypeOf(strict.listStream).returns.toEqualTypeOf<
      AsyncGenerator<Model<'GetPersonalAccessTokenResponse'>, void, undefined>
    >();
  });
});

describe('streaming list and identities', () => {
  it('streams the list one PAT at a time, with the same query as list', async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...pat, id: `${i}`.padStart(32, '0'), name: `pat ${i}` }));
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: JSON.stringify(many) }));
    const names: string[] = [];
    for await (const one of client().listStream({ ownerId: 'me' })) names.push(one.name);
    expect(names).toEqual(many.map((one) => one.name));
    expect(apiCalls()[0]?.path).toBe(`${patsPath}?owner-id=me`);
  });

  it('says which list it could not read', async () => {
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: `[${JSON.stringify(pat)}, {"id": 1}]` },
    );
    const read = async () => {
      for await (const _ of client().listStream()) {
        // read it all
      }
    };
    await expect(read()).rejects.toThrow(`the response to GET ${patsPath} is not a list of PATs`);
  });

  it('looks owners up 50 ids a request, every page, uncorrelated ones too', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `id-${i}`);
    server.handle((r) => {
      if (r.path === '/oauth/token') return tokenResponse();
      const query = new URL(r.path, 'http://x').searchParams;
      const asked = [...(query.get('filters') ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      // Every id but the last of each batch exists.
      const known = asked.slice(0, -1).map((id) => ({
        id,
        name: id.toUpperCase(),
        identityStatus: id === 'id-7' ? 'TERMINATED' : 'ACTIVE',
        lifecycleState: { stateName: 'active', manuallyUpdated: false },
      }));
      return { status: 200, body: JSON.stringify(known) };
    });
    const found = await client().identities([...ids, 'id-0']);
    const calls = apiCalls();
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      const query = new URL(call.path, 'http://x').searchParams;
      expect(call.path.startsWith(`${identities}?`)).toBe(true);
      expect(query.get('defaultFilter')).toBe('NONE');
      expect(query.get('limit')).toBe('250');
      expect(query.get('filters')).toMatch(/^id in \("id-\d+"(,"id-\d+")*\)$/);
    }
    expect(found.size).toBe(117);
    expect(found.get('id-7')).toEqual({
      id: 'id-7',
      name: 'ID-7',
      identityStatus: 'TERMINATED',
      lifecycleState: 'active',
    });
    expect(found.has('id-49')).toBe(false);
  });

  it("asks the default version's identities when its own version has none", async () => {
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: '[]' }));
    await client({ apiVersion: 'v3' }).identities(['a']);
    await client({ apiVersion: 'beta' }).identities(['a']);
    await client({ apiVersion: 'v1' }).identities(['a']);
    await client({ apiVersion: 'v2024' }).identities(['a']);
    expect(apiCalls().map((call) => call.path.split('?')[0])).toEqual([
      identities,
      '/beta/identities',
      '/identities/v1',
      '/v2024/identities',
    ]);
  });

  it('writes an identity in the API shape it reads back', () => {
    const full = { id: 'i', name: 'N', alias: 'n', identityStatus: 'TERMINATED', lifecycleState: 'inactive' };
    expect(identityJson(full)).toEqual({ ...full, lifecycleState: { stateName: 'inactive' } });
    for (const one of [full, { id: 'bare' }]) expect(ownerIdentity(identityJson(one))).toEqual(one);
  });

  it('pages on when a page is full', async () => {
    let page = 0;
    server.handle((r) => {
      if (r.path === '/oauth/token') return tokenResponse();
      page++;
      const size = page === 1 ? 250 : 3;
      return { status: 200, body: JSON.stringify(Array.from({ length: size }, (_, i) => ({ id: `p${page}-${i}` }))) };
    });
    expect((await client().identities(['a'])).size).toBe(253);
    expect(apiCalls().map((call) => new URL(call.path, 'http://x').searchParams.get('offset'))).toEqual(['0', '250']);
  });
});

describe('access tokens', () => {
  it('shares one token request among concurrent calls', async () => {
    const c = client();
    await Promise.all(Array.from({ length: 8 }, () => c.list()));
    expect(tokenCalls()).toHaveLength(1);
    expect(apiCalls()).toHaveLength(8);
  });

  it('renews the token shortly before it expires', async () => {
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse(100) : { status: 200, body: '[]' }));
    const timing = fakeTiming();
    const c = client({ timing });
    await c.list();
    timing.time += 89_000;
    await c.list();
    expect(tokenCalls()).toHaveLength(1);
    timing.time += 2_000;
    await c.list();
    expect(tokenCalls()).toHaveLength(2);
  });

  it('mints a new token once after a 401, then gives up', async () => {
    let refusals = 1;
    server.handle((r) => {
      if (r.path === '/oauth/token') return tokenResponse();
      if (refusals-- > 0) return { status: 401, body: '{"error":"JWT validation failed: JWT is expired"}' };
      return { status: 200, body: '[]' };
    });
    const c = client();
    expect(await c.list()).toEqual([]);
    expect(tokenCalls()).toHaveLength(2);
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : { status: 401, body: '{"error":"JWT is expired"}' },
    );
    const error = await c.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, messages: [{ text: 'JWT is expired' }] });
    expect(tokenCalls()).toHaveLength(3);
  });
});

describe('network failures', () => {
  it('say where, and what happened in words', async () => {
    const failing = (code: string) => async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    };
    const reach = (code: string) =>
      client({ fetch: failing(code), timing: fakeTiming(), retry: { maxAttempts: 1 } })
        .list()
        .then(
          () => {
            throw new Error('expected a network failure');
          },
          (e: unknown) => e as ClientError,
        );
    expect(await reach('ECONNREFUSED')).toMatchObject({
      code: 'network',
      message: `cannot reach ${server.url}: connection refused: nothing listens there (ECONNREFUSED); POST /oauth/token was not sent`,
    });
    expect((await reach('UND_ERR_SOCKET')).message).toContain(
      'the connection was dropped before the answer was complete',
    );
    expect((await reach('ENOTFOUND')).message).toContain('the host name does not resolve');
    expect((await reach('EWHATEVER')).message).toContain(': EWHATEVER;');
  });
});

describe('retries', () => {
  it('waits out a 429 by its Retry-After, in seconds or as an HTTP date', async () => {
    const timing = fakeTiming();
    let answers = [
      { status: 429, headers: { 'retry-after': '3' }, body: '{"message":" Rate Limit Exceeded "}' },
      { status: 429, headers: { 'retry-after': new Date(timing.time + 5_000).toUTCString() }, body: '{}' },
    ];
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : (answers.shift() ?? { status: 200, body: '[]' }),
    );
    expect(await client({ timing }).list()).toEqual([]);
    expect(timing.sleeps).toEqual([3_000, 2_000]);
    answers = [];
  });

  it('backs off exponentially within its bounds, then reports the last error', async () => {
    const timing = fakeTiming();
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 503, body: '<html>busy</html>' }));
    const error = await client({ timing, retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 } })
      .list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'api_error', status: 503, text: '<html>busy</html>' });
    expect(apiCalls()).toHaveLength(5);
    expect(timing.sleeps).toEqual([100, 200, 300, 300]);
  });

  it('draws each delay at random below its ceiling (full jitter)', async () => {
    const timing = { ...fakeTiming(), random: () => 0.5 };
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 502 }));
    await client({ timing, retry: { maxAttempts: 3, baseDelayMs: 1000 } })
      .list()
      .catch(() => {});
    expect(timing.sleeps).toEqual([500, 1000]);
  });

  it('stops retrying when the total time budget would be exceeded', async () => {
    const timing = fakeTiming();
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : { status: 429, headers: { 'retry-after': '30' } },
    );
    const error = await client({ timing, retry: { maxTotalMs: 45_000 } })
      .list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfter: 30 });
    expect(timing.sleeps).toEqual([30_000]);
  });

  it('never repeats a create that may have reached the server, unless asked', async () => {
    const timing = fakeTiming();
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 503 }));
    await expect(client({ timing }).create({ name: 'x' })).rejects.toMatchObject({ status: 503 });
    expect(apiCalls()).toHaveLength(1);
    await expect(client({ timing }).create({ name: 'x' }, { retryCreate: true })).rejects.toMatchObject({
      status: 503,
    });
    expect(apiCalls()).toHaveLength(5);
  });

  it('does repeat a create refused with 429', async () => {
    const timing = fakeTiming();
    let limited = true;
    server.handle((r) => {
      if (r.path === '/oauth/token') return tokenResponse();
      if (limited) {
        limited = false;
        return { status: 429, headers: { 'retry-after': '1' } };
      }
      return {
        status: 200,
        body: JSON.stringify({
          ...pat,
          secret: 's',
          lastUsed: undefined,
          managed: undefined,
          userAwareTokenNeverExpires: undefined,
        }),
      };
    });
    expect((await client({ timing }).create({ name: 'x' })).secret).toBe('s');
    expect(apiCalls()).toHaveLength(2);
  });

  it('retries a refused connection, which never reached the server', async () => {
    const timing = fakeTiming();
    const url = server.url;
    await server.close();
    const error = await createClient({
      baseUrl: url,
      clientId: 'id',
      clientSecret: secret,
      timing,
      configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    })
      .list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network', message: expect.stringContaining('ECONNREFUSED') });
    expect(timing.sleeps).toHaveLength(3);
    server = await startFakeServer(() => ({ status: 200 }));
  });

  it('times out each attempt and honours an AbortSignal', async () => {
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: '[]', delayMs: 2_000 }));
    await expect(client({ timeoutMs: 50, retry: { maxAttempts: 1 } }).list()).rejects.toMatchObject({
      code: 'timeout',
    });
    const controller = new AbortController();
    const pending = client().list({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('a list that arrives slowly', () => {
  // The list of 30 PATs in 10 parts, 60 ms apart: 600 ms in all, with a timeout of 300 ms.
  const listParts = (gapMs: number) => {
    const text = JSON.stringify(
      Array.from({ length: 30 }, (_, i) => ({ ...pat, id: i.toString(16).padStart(32, '0') })),
    );
    const size = Math.ceil(text.length / 10);
    return Array.from({ length: 10 }, (_, i) => ({ text: text.slice(i * size, (i + 1) * size), afterMs: gapMs }));
  };

  it('is read to its end however long it takes, while each part comes within the timeout', async () => {
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, parts: listParts(60) }));
    const c = client({ timeoutMs: 300, retry: { maxAttempts: 1 } });
    let read = 0;
    for await (const batch of c.listBatches({ ownerId: 'me' })) {
      read += batch.length;
      // A consumer slower than the timeout (audit looking owners up) does not time the list out either.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(read).toBe(30);
  });

  it('that stops arriving is a timeout saying how far it got', async () => {
    const parts = listParts(20).slice(0, 4);
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, parts, end: false }));
    const c = client({ timeoutMs: 300, retry: { maxAttempts: 1 } });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const batch of c.listBatches({ ownerId: 'me' })) seen.push(batch.length);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'timeout' });
    const read = seen.reduce((a, b) => a + b, 0);
    expect((error as Error).message).toBe(
      `the response to GET ${patsPath}?owner-id=me broke off after ${read} PAT(s): GET ${patsPath}?owner-id=me timed out after 300 ms`,
    );
  });

  it('that the server cuts off is a network error saying how far it got', async () => {
    const parts = listParts(10).slice(0, 3);
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, parts, end: false }));
    setTimeout(() => void server.close(), 250);
    const c = client({ timeoutMs: 5_000, retry: { maxAttempts: 1 } });
    const error = await (async () => {
      for await (const _ of c.listBatches({ ownerId: 'me' })) {
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network' });
    expect((error as Error).message).toMatch(
      /^the response to GET \S+ broke off after \d+ PAT\(s\): the connection closed/,
    );
  });
});

describe('error responses', () => {
  const once = { maxAttempts: 1 };

  async function failWith(status: number, body: string, headers?: Record<string, string>) {
    server.handle((r) =>
      r.path === '/oauth/token' ? tokenResponse() : { status, body, ...(headers ? { headers } : {}) },
    );
    const error = await client({ retry: once })
      .list()
      .catch((e: unknown) => e);
    if (!(error instanceof ApiError)) throw error;
    return error;
  }

  it.each([400, 403, 404, 500])('decodes the ErrorResponseDto of a %i', async (status) => {
    const body = {
      detailCode: `${status} Bad`,
      trackingId: 'b21b1f7ce4da4d639f2c62a57171b427',
      messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'It went wrong.' }],
      causes: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'Because.' }],
    };
    const error = await failWith(status, JSON.stringify(body));
    expect(error).toMatchObject({
      name: 'ApiError',
      code: 'api_error',
      status,
      method: 'GET',
      path: patsPath,
      detailCode: `${status} Bad`,
      trackingId: 'b21b1f7ce4da4d639f2c62a57171b427',
      messages: body.messages,
      causes: body.causes,
    });
    expect(error.message).toBe(
      `GET ${patsPath} failed with ${status} (${status} Bad): It went wrong.; Because. [tracking id b21b1f7ce4da4d639f2c62a57171b427]`,
    );
  });

  it('decodes the 429 body and its Retry-After', async () => {
    const error = await failWith(429, '{"message":" Rate Limit Exceeded "}', { 'retry-after': '7' });
    expect(error).toMatchObject({ status: 429, retryAfter: 7, messages: [{ text: 'Rate Limit Exceeded' }] });
  });

  it('keeps a body that is not JSON as text, cut to a sane length', async () => {
    const error = await failWith(502, `<html>${'x'.repeat(5000)}</html>`);
    expect(error.text?.length).toBeLessThan(1100);
    expect(error.text).toMatch(/… \(5013 characters in all\)$/);
  });

  it('never shows a secret, even one the server echoes', async () => {
    server.handle(() => ({ status: 401, body: JSON.stringify({ error: `bad client secret ${secret}` }) }));
    const error = await client({ retry: once })
      .list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, path: '/oauth/token' });
    expect(String((error as Error).message)).not.toContain(secret);
    expect((error as Error).message).toContain('[redacted]');
    const c = client();
    expect(JSON.stringify(c.config)).not.toContain(secret);
    expect(c.config.clientSecret).toBe(secret);
  });

  it('is a ClientError with a stable code', async () => {
    const error = await failWith(404, '{"detailCode":"404 Not found","messages":[]}');
    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('api_error');
  });
});

describe('promises', () => {
  it('every method that returns a promise rejects, and none throws, whatever it is given', async () => {
    // A legacy version too: what it cannot do is refused as a rejection.
    for (const apiVersion of ['v3', defaultApiVersion] as const) {
      const target = client({ apiVersion }) as unknown as Record<string, (...args: unknown[]) => unknown>;
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(target)).filter(
        // The private helpers that return no promise build requests; the rest are the API.
        (name) =>
          !['constructor', 'listPath', 'patPath', 'encode', 'settings'].includes(name) &&
          typeof target[name] === 'function',
      );
      expect(methods).toContain('setNeverExpires');
      for (const name of methods) {
        for (const args of [[], ['', 'bad', 'bad'], [{ id: 'x', scope: ['a'] }, 'b'], [null, Symbol('bad')]]) {
          let result: unknown;
          expect(
            () => {
              result = (target[name] as (...a: unknown[]) => unknown).apply(target, args);
            },
            `${apiVersion} ${name}(${args.map(String).join(', ')}) throws`,
          ).not.toThrow();
          // Async generators fail when first read; promises settle either way.
          if (result instanceof Promise) await result.catch(() => {});
        }
      }
    }
  });
});

describe('options and arguments', () => {
  it('are checked when the client is made, and before any request', async () => {
    const refused = (options: ClientOptions, message: RegExp) =>
      expect(() => client(options)).toThrow(
        expect.objectContaining({ code: 'invalid_argument', message: expect.stringMatching(message) }),
      );
    refused({ timeoutMs: -1 }, /^timeoutMs is -1; give a number from 1 to 2,147,483,647$/);
    refused({ timeoutMs: Number.NaN }, /^timeoutMs is NaN/);
    refused({ retry: { maxAttempts: 0 } }, /^retry\.maxAttempts is 0; give a whole number from 1 to 100$/);
    refused({ retry: { maxAttempts: 2.5 } }, /^retry\.maxAttempts is 2\.5/);
    refused({ retry: { baseDelayMs: -5 } }, /^retry\.baseDelayMs is -5/);
    refused({ retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, /^retry\.maxDelayMs is Infinity/);
    refused({ mode: 'lenient' as 'strict' }, /^mode is "lenient"/);
    const ok = client({ timeoutMs: 1, retry: { maxAttempts: 1, baseDelayMs: 0 } });
    for (const id of ['', '  ']) {
      await expect(ok.delete(id)).rejects.toMatchObject({
        code: 'invalid_argument',
        message: `a PAT id is needed, got ${JSON.stringify(id)}`,
      });
      await expect(ok.rename(id, 'n')).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('hooks and per-call options', () => {
  it('tells the client hooks and a call hooks of each attempt, response and retry, secrets hidden', async () => {
    const timing = fakeTiming();
    let answers = [{ status: 503, body: 'busy' }];
    server.handle((r) =>
      r.path === '/oauth/token'
        ? tokenResponse()
        : (answers.shift() ?? { status: 200, headers: { 'x-trace': 'abc' }, body: JSON.stringify([pat]) }),
    );
    const seen: string[] = [];
    const api = client({
      timing,
      hooks: {
        onRequest: (e) => seen.push(`request ${e.method} ${e.path} #${e.attempt} ${e.headers.authorization ?? ''}`),
        onResponse: (e) => seen.push(`response ${e.path} #${e.attempt} ${e.status}`),
        onRetry: (e) => seen.push(`retry ${e.path} #${e.attempt} ${e.status} in ${e.delayMs} ms`),
      },
    });
    let raw: Headers | undefined;
    await api.list({ hooks: { onResponse: (e) => (raw = e.headers) } });
    expect(seen).toEqual([
      'request POST /oauth/token #1 ',
      'response /oauth/token #1 200',
      `request GET ${patsPath} #1 Bearer [redacted]`,
      `response ${patsPath} #1 503`,
      `retry ${patsPath} #1 503 in 250 ms`,
      `request GET ${patsPath} #2 Bearer [redacted]`,
      `response ${patsPath} #2 200`,
    ]);
    // The call's own hook saw the raw response of its last attempt.
    expect(raw?.get('x-trace')).toBe('abc');
    expect(JSON.stringify(seen)).not.toContain(secret);
    answers = [];
  });

  it('tells a retry after a network error, with the error', async () => {
    const timing = fakeTiming();
    const retries: string[] = [];
    const refused = createClient({
      baseUrl: 'http://127.0.0.1:1',
      clientId: 'pat-id',
      clientSecret: secret,
      configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
      timing,
      retry: { maxAttempts: 2 },
      hooks: { onRetry: (e) => retries.push(`${e.path} #${e.attempt} ${(e.error as ClientError | undefined)?.code}`) },
    });
    await expect(refused.list()).rejects.toMatchObject({ code: 'network' });
    expect(retries).toEqual(['/oauth/token #1 network']);
  });

  it("sends a call's headers and the client's user agent; refuses the headers the client sets", async () => {
    const api = client({ userAgent: 'my-tool/1.0' });
    await api.list({ headers: { 'X-SailPoint-Experimental': 'true' } });
    const [call] = apiCalls();
    expect(call?.headers['x-sailpoint-experimental']).toBe('true');
    expect(call?.headers['user-agent']).toBe('my-tool/1.0 @patkit/client');
    expect(tokenCalls()[0]?.headers['user-agent']).toBe('my-tool/1.0 @patkit/client');
    await expect(api.list({ headers: { Authorization: 'Bearer mine' } })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'headers.Authorization is set by the client; leave it out',
    });
    expect(() => client({ userAgent: 'a\nb' })).toThrow(/userAgent is "a\\nb"; give one line of text/);
  });

  it('times a call out by its own timeoutMs, and checks it', async () => {
    server.handle((r) => (r.path === '/oauth/token' ? tokenResponse() : { status: 200, body: '[]', delayMs: 500 }));
    const api = client({ retry: { maxAttempts: 1 } });
    await expect(api.list({ timeoutMs: 50 })).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('after 50 ms'),
    });
    await expect(api.list({ timeoutMs: -1 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('an access token of the caller', () => {
  const noConfig = { env: {}, cwd: '/nonexistent', home: '/nonexistent' };

  it('is sent as it is: no token minted, no client id or secret needed', async () => {
    const api = createClient({ baseUrl: server.url, accessToken: 'given-token', configEnvironment: noConfig });
    expect(await api.list()).toHaveLength(1);
    expect(tokenCalls()).toEqual([]);
    expect(apiCalls()[0]?.headers.authorization).toBe('Bearer given-token');
    await expect(api.mintToken()).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('a string refused (401) is the call error; a function is asked again once', async () => {
    server.handle((r) => (r.headers.authorization === 'Bearer fresh' ? { status: 200, body: '[]' } : { status: 401 }));
    const fixed = createClient({ baseUrl: server.url, accessToken: 'stale', configEnvironment: noConfig });
    await expect(fixed.list()).rejects.toMatchObject({ code: 'api_error', status: 401 });
    expect(apiCalls()).toHaveLength(1);
    const tokens = ['stale', 'fresh'];
    const asked = createClient({
      baseUrl: server.url,
      accessToken: async () => tokens.shift() ?? 'none',
      configEnvironment: noConfig,
    });
    expect(await asked.list()).toEqual([]);
    expect(apiCalls().map((call) => call.headers.authorization)).toEqual([
      'Bearer stale',
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it('still needs the tenant, and must be a token', () => {
    expect(() => createClient({ accessToken: 't', configEnvironment: noConfig })).toThrow(
      expect.objectContaining({ code: 'config_missing', missing: ['baseUrl'] }),
    );
    expect(() => createClient({ baseUrl: server.url, accessToken: 'two words', configEnvironment: noConfig })).toThrow(
      /accessToken must be a token/,
    );
  });
});

describe('accessToken()', () => {
  it('stops waiting when its signal aborts, and the token is still minted for the others', async () => {
    server.handle((r) =>
      r.path === '/oauth/token' ? { ...tokenResponse(), delayMs: 200 } : { status: 200, body: '[]' },
    );
    const api = client();
    const controller = new AbortController();
    const waiting = api.accessToken({ signal: controller.signal });
    const other = api.accessToken();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(await other).toMatch(/^token-/);
    expect(tokenCalls()).toHaveLength(1);
    await expect(api.accessToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('rate limit', () => {
  // A limit of 2 per 10 s, so that a third call shows the pace; the fake clock records each wait.
  const limit = { requests: 2, perSeconds: 10 };

  it('waits for its turn per tenant, client id and API version, shared by the clients of one PAT', async () => {
    const timing = fakeTiming();
    const one = client({ timing, rateLimit: limit });
    await one.list();
    await one.list();
    // Minting the token is not an API call of a version: only the lists count.
    expect(timing.sleeps).toEqual([]);
    await one.findIdentities('id eq "a"');
    await client({ timing, rateLimit: limit, clientId: 'other-pat' }).list();
    expect(timing.sleeps).toEqual([]);
    // A second client of the same PAT and tenant shares the pace: its list is the third in 10 s.
    await client({ timing, rateLimit: limit }).list();
    expect(timing.sleeps).toEqual([10_000]);
    expect(apiCalls()).toHaveLength(5);
  });

  it('paces retries too, and not at all with rateLimit false', async () => {
    const timing = fakeTiming();
    let calls = 0;
    server.handle((request) =>
      request.path === '/oauth/token'
        ? tokenResponse()
        : ++calls === 1
          ? { status: 503, body: '{}' }
          : { status: 200, body: '[]' },
    );
    await client({ timing, rateLimit: { requests: 1, perSeconds: 10 }, retry: { baseDelayMs: 100 } }).list();
    // The backoff (100 ms), then the rest of the 10 s since the first attempt was answered.
    expect(timing.sleeps).toEqual([100, 9_900]);
    const unpaced = fakeTiming();
    const c = client({ timing: unpaced, rateLimit: false });
    await Promise.all([c.list(), c.list(), c.list()]);
    expect(unpaced.sleeps).toEqual([]);
  });

  it('refuses a limit that is none, naming the option', () => {
    expect(() => client({ rateLimit: { requests: 0, perSeconds: 10 } })).toThrow(/rateLimit is .*requests/);
  });
});
