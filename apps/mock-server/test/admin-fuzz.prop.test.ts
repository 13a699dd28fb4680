// Random calls at every admin endpoint: never a 5xx, never a crash, and
// afterwards the clock reads, the API answers and the state rules hold.
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { adminRequest, stateProblems, testSeed, tokenResponse, user, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import { iscShaped } from './http-fuzz.test-utils.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
});
afterAll(() => server.close());

const anything = fc.jsonValue({ maxDepth: 2 });
// Mostly a value of the right kind (so that calls get past the checks and change the state), else anything.
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary }, { weight: 1, arbitrary: anything });
const often = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: odd });

const duration = fc
  .tuple(
    often(fc.nat(4000), fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e20, noNaN: true }))),
    often(fc.constantFrom('s', 'm', 'h', 'd'), fc.constantFrom('', 'y', ' d')),
  )
  .map(([n, unit]) => `${n}${unit}`);
const dateTime = often(
  fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('2026-13-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', 'yesterday'),
  ),
);
// A small pool, so that ids meet those of the starting seed and each other.
const id = often(
  fc.constantFrom(user.id, 'admin-identity', userPat.clientId, 'new-1', 'new-2', 'p-1', 'p-2', 'p-3'),
  fc.string({ maxLength: 40 }),
);
const identity = fc.record(
  {
    id: maybe(id),
    name: maybe(fc.string({ minLength: 1, maxLength: 20 })),
    level: maybe(often(fc.constantFrom('user', 'admin'), fc.constant('root'))),
  },
  { requiredKeys: ['id', 'name', 'level'] },
);
const pat = fc.record(
  {
    id: maybe(id),
    secret: maybe(fc.string({ minLength: 1, maxLength: 20 })),
    name: maybe(fc.constantFrom('user pat', 'reader', 'x', 'y', 'z', '')),
    ownerId: maybe(id),
    scope: maybe(
      fc.option(fc.array(fc.constantFrom('sp:scopes:all', 'sp:my-personal-access-tokens:read', '')), { nil: null }),
    ),
    created: maybe(dateTime),
    lastUsed: maybe(fc.option(dateTime, { nil: null })),
    managed: maybe(fc.boolean()),
    accessTokenValiditySeconds: maybe(
      often(fc.integer({ min: 3600, max: 43200 }), fc.oneof(fc.integer(), fc.double())),
    ),
    expirationDate: maybe(fc.option(dateTime, { nil: null })),
    userAwareTokenNeverExpires: maybe(fc.boolean()),
  },
  { requiredKeys: ['id', 'secret', 'name', 'ownerId'] },
);
const call = fc.oneof(
  fc
    .oneof(fc.record({ advance: maybe(duration) }), fc.record({ now: maybe(dateTime) }), anything)
    .map((body) => ({ method: 'POST', path: '/clock', body })),
  fc
    .tuple(
      fc.record({
        identities: maybe(fc.array(identity, { maxLength: 3 })),
        pats: maybe(often(fc.array(pat, { maxLength: 3 }), fc.array(pat, { maxLength: 12 }))),
      }),
      fc.constantFrom('?mode=merge', '?mode=merge', '', '?mode=x'),
    )
    .map(([body, query]) => ({ method: 'POST', path: `/seed${query}`, body })),
  identity.map((body) => ({ method: 'POST', path: '/identities', body })),
  fc
    .record(
      {
        method: maybe(fc.constantFrom('GET', 'post')),
        path: maybe(fc.constantFrom('/v2025', '/oauth', '')),
        latency: maybe(fc.oneof(fc.nat(50), fc.record({ min: maybe(fc.nat(20)), max: maybe(fc.nat(40)) }))),
        status: maybe(fc.integer({ min: 300, max: 700 })),
        reset: maybe(fc.boolean()),
        probability: maybe(fc.double({ min: -1, max: 2 })),
        nth: maybe(fc.integer({ min: -1, max: 3 })),
      },
      { requiredKeys: [] },
    )
    .map((body) => ({ method: 'POST', path: '/faults', body })),
  fc
    .record(
      { enabled: maybe(fc.boolean()), limit: maybe(fc.integer()), windowSeconds: maybe(fc.double()) },
      { requiredKeys: [] },
    )
    .map((body) => ({ method: 'POST', path: '/rate-limit', body })),
  fc
    .tuple(
      fc.constantFrom('/journal', '/pats', '/identities', '/faults', '/clock', '/rate-limit'),
      fc.webQueryParameters(),
    )
    .map(([path, query]) => ({ method: 'GET', path: `${path}?${query}`, body: undefined })),
);

describe('admin API fuzzing', () => {
  test.prop([fc.array(call, { minLength: 1, maxLength: 4 })], { numRuns: process.env.CI ? 300 : 100 })(
    'answers any admin call without a 5xx, and the server stays usable',
    async (calls) => {
      server.reset();
      for (const { method, path, body } of calls) {
        const { status, text } = await adminRequest(server.url, path, { method, body });
        expect(status, `${method} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
        expect(iscShaped(status, text), `${method} ${path} → ${text.slice(0, 200)}`).toBe(true);
      }
      server.faults.clear();
      expect((await adminRequest(server.url, '/clock')).status).toBe(200);
      expect([200, 400, 401, 429]).toContain((await tokenResponse(server.url, userPat)).status);
      expect(stateProblems(server.store)).toEqual([]);
    },
  );
});
