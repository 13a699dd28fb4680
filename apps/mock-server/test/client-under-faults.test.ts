// @patkit/client against the mock server's fault injection: retries succeed
// within their bounds, and a create is never made twice.
import { createClient } from '@patkit/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testSeed, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

let server: MockServer;
beforeEach(async () => {
  server = await startMockServer({ seed: testSeed() });
});
afterEach(() => server.close());

const sleeps: number[] = [];
function client(retry: Record<string, number | boolean> = {}) {
  // Pinned: the faults below match v2025's paths.
  return createClient({
    baseUrl: server.url,
    apiVersion: 'v2025',
    ...userPat,
    configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 40, ...retry },
    timing: { sleep: async (ms: number) => void sleeps.push(ms) },
  });
}

const never = { expirationDate: null, userAwareTokenNeverExpires: true } as const;
const creates = () => server.store.patsOf('user-identity').filter((p) => p.name.startsWith('made'));

describe('the client under injected faults', () => {
  it('gets through a burst of 503s and added latency on reads', async () => {
    server.faults.add({ method: 'GET', path: '/v2025', status: 503, nth: 1 });
    server.faults.add({ method: 'GET', path: '/v2025', status: 503, nth: 2 });
    server.faults.add({ method: 'GET', path: '/v2025', latency: 20 });
    sleeps.length = 0;
    expect(await client().list({ ownerId: 'me' })).toHaveLength(2);
    expect(sleeps.length).toBe(2);
    expect(sleeps.every((ms) => ms <= 40)).toBe(true);
  });

  it('waits out 429s with Retry-After, creates included, and creates once', async () => {
    server.faults.add({ method: 'POST', path: '/v2025', status: 429, nth: 1 });
    sleeps.length = 0;
    await client().create({ name: 'made after 429', ...never });
    expect(sleeps).toEqual([1000]);
    expect(creates()).toHaveLength(1);
  });

  it('never repeats a create after a 503 or a dropped connection, unless asked', async () => {
    server.faults.add({ method: 'POST', path: '/v2025', status: 503, nth: 1 });
    await expect(client().create({ name: 'made once', ...never })).rejects.toMatchObject({ status: 503 });
    expect(creates()).toHaveLength(0);
    server.faults.clear();
    server.faults.add({ method: 'POST', path: '/v2025', reset: true, nth: 1 });
    await expect(client().create({ name: 'made once', ...never })).rejects.toMatchObject({ code: 'network' });
    server.faults.clear();
    server.faults.add({ method: 'POST', path: '/v2025', status: 503, nth: 1 });
    await client({ retryCreate: true }).create({ name: 'made on retry', ...never });
    expect(creates().map((p) => p.name)).toEqual(['made on retry']);
  });

  it('gives up within its bounds when the faults do not end', async () => {
    server.faults.add({ path: '/v2025', status: 503 });
    sleeps.length = 0;
    await expect(client({ maxAttempts: 3 }).list({ ownerId: 'me' })).rejects.toMatchObject({ status: 503 });
    expect(sleeps).toHaveLength(2);
    expect(server.journal.list({ path: '/v2025' })).toHaveLength(3);
  });
});
