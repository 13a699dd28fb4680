// Random requests at the mock server: never a 5xx, always one of ISC's error
// shapes, and the state rules hold afterwards.
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { accessToken, testSeed, userPat } from './mock-server.test-utils.js';
import { type MockServer, startMockServer } from './server.js';

let server: MockServer;
let token = '';
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
  token = await accessToken(server.url, userPat);
});
afterAll(() => server.close());

const versions = ['/v3', '/beta', '/v2024', '/v2025', '/v2026'];
const path = fc.oneof(
  fc.constantFrom('/oauth/token', '/personal-access-tokens/v1', '/', '/__admin/nope', '/openapi.json'),
  fc
    .tuple(fc.constantFrom(...versions), fc.constantFrom('', '/', `/${userPat.clientId}`, '/nope', '/%ZZ', '/a/b'))
    .map(([v, rest]) => `${v}/personal-access-tokens${rest}`),
  fc.webPath(),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?owner-id=me',
    '?owner-id=me&filters=lastUsed%20isnull',
    '?filters=name%20eq%20x',
    '?owner-id=&filters=',
  ),
  fc.webQueryParameters().map((q) => `?${q}`),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }),
  fc.json().map((text) => text.slice(0, Math.max(0, Math.floor(text.length * 0.7)))),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.nat({ max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom(
    '{"__proto__":{"polluted":true},"name":"x","expirationDate":null,"userAwareTokenNeverExpires":true}',
    '[{"op":"replace","path":"/name","value":{"__proto__":1}}]',
    `{"name":"${'x'.repeat(50_000)}"}`,
    '{"name":7}',
  ),
  fc.constant(new Uint8Array([0xff, 0xfe, 0x7b])),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data',
);
const method = fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS');

function iscShaped(status: number, text: string): boolean {
  if (status < 400) return true;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (status === 401) return typeof value.error === 'string';
  if (status === 429) return typeof value.message === 'string';
  if (status === 405) return typeof value.errorName === 'string' && typeof value.trackingId === 'string';
  return (
    typeof value.detailCode === 'string' &&
    /^[0-9a-f]{32}$/.test(String(value.trackingId)) &&
    Array.isArray(value.messages)
  );
}

describe('HTTP fuzzing', () => {
  test.prop([method, path, query, body, contentType, fc.constantFrom('valid', 'none', 'garbage')], {
    numRuns: process.env.CI ? 500 : 100,
  })('answers any request without a 5xx, in ISC shapes', async (m, p, q, b, ct, auth) => {
    const headers: Record<string, string> = {};
    if (ct !== undefined) headers['content-type'] = ct;
    if (auth === 'valid') headers.authorization = `Bearer ${token}`;
    if (auth === 'garbage') headers.authorization = 'Bearer a.b.c';
    const withBody = b !== undefined && m !== 'GET' && m !== 'HEAD';
    const response = await fetch(server.url + p + q, { method: m, headers, ...(withBody ? { body: b } : {}) });
    const text = await response.text();
    expect(response.status, `${m} ${p}${q}`).toBeLessThan(500);
    if (m !== 'HEAD')
      expect(iscShaped(response.status, text), `${m} ${p}${q} ${response.status} ${text.slice(0, 200)}`).toBe(true);
  });

  test.prop([fc.constant(null)], { numRuns: 1 })('leaves the state whole', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const identity of server.store.identities()) {
      const pats = server.store.patsOf(identity.id);
      expect(pats.length).toBeLessThanOrEqual(10);
      expect(new Set(pats.map((pat) => pat.name)).size).toBe(pats.length);
      for (const pat of pats) expect(pat.secretHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
