// Concurrent writes for one owner: the rules hold under races.
import { createClient } from '@patkit/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stateProblems, testSeed, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

let server: MockServer;
beforeEach(async () => {
  server = await startMockServer({
    seed: { ...testSeed(), pats: testSeed().pats.filter((p) => p.id === userPat.clientId) },
  });
});
afterEach(() => server.close());

function client() {
  return createClient({
    baseUrl: server.url,
    ...userPat,
    configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    retry: { maxAttempts: 1 },
  });
}

const never = { expirationDate: null, userAwareTokenNeverExpires: true } as const;

describe('concurrent creates for one owner', () => {
  it('50 with the same name: exactly one succeeds', async () => {
    const c = client();
    await c.accessToken();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => c.create({ name: 'same', ...never })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason.status === 400)).toBe(true);
    expect(server.store.patsOf('user-identity').filter((p) => p.name === 'same')).toHaveLength(1);
  });

  it('50 with distinct names: exactly ten in all, the limit, succeed', async () => {
    const c = client();
    await c.accessToken();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => c.create({ name: `n${i}`, ...never })),
    );
    // The owner already had one PAT, so nine more fit.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
    expect(server.store.patsOf('user-identity')).toHaveLength(10);
  });

  it('interleaved patches and deletes leave every PAT whole or gone', async () => {
    const c = client();
    const created = await Promise.all(Array.from({ length: 5 }, (_, i) => c.create({ name: `p${i}`, ...never })));
    await Promise.allSettled(
      created.flatMap((pat, i) => [
        c.rename(pat.id, `renamed ${i}`),
        c.addScope(pat.id, 'sp:my-personal-access-tokens:read'),
        i % 2 === 0 ? c.delete(pat.id) : c.rename(pat.id, `again ${i}`),
      ]),
    );
    const left = server.store.patsOf('user-identity').filter((p) => p.id !== userPat.clientId);
    expect(left.map((p) => p.id).sort()).toEqual(
      created
        .filter((_, i) => i % 2 === 1)
        .map((p) => p.id)
        .sort(),
    );
    for (const pat of left) {
      expect(pat.name).toMatch(/^(renamed|again) \d$/);
      expect(pat.scope).toEqual(['sp:scopes:all', 'sp:my-personal-access-tokens:read']);
    }
    expect(stateProblems(server.store)).toEqual([]);
  });
});
