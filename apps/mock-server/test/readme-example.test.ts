// The "In a test suite" example of README.md, as written there.
import { createClient } from '@patkit/client';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';

let server: Awaited<ReturnType<typeof startMockServer>>;

beforeAll(async () => {
  server = await startMockServer({
    port: 0, // a free port
    seed: {
      identities: [{ id: 'id-1', name: 'Sam User', level: 'user' }],
      pats: [{ id: 'pat-1', secret: 'test-secret', name: 'CI', ownerId: 'id-1' }],
    },
  });
});
afterEach(() => server.reset()); // the seed again, real time, no faults, empty journal
afterAll(() => server.close());

it('ages lastUsed and expires PATs as the clock moves', async () => {
  const client = createClient({ baseUrl: server.url, clientId: 'pat-1', clientSecret: 'test-secret' });
  const created = await client.create({
    name: 'short-lived',
    expirationDate: new Date(Date.now() + 30 * 86_400_000),
  });
  expect(created.secret).toMatch(/^[0-9a-f]{64}$/);

  server.clock.advance('100d');
  const fresh = createClient({ baseUrl: server.url, clientId: 'pat-1', clientSecret: 'test-secret' });
  const [ci] = await fresh.list({ ownerId: 'me' }); // minting the token moved lastUsed
  expect(Date.parse(ci?.lastUsed ?? '')).toBeGreaterThan(Date.now() + 99 * 86_400_000);

  const expired = createClient({ baseUrl: server.url, clientId: created.id, clientSecret: created.secret });
  await expect(expired.mintToken()).rejects.toMatchObject({ status: 401 });
  expect(server.journal.list({ method: 'POST', status: 401 })).toHaveLength(1);
});
