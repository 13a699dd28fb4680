// The "In a test suite" example of README.md, as written there.
import { createClient } from '@patkit/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer } from './index.js';

let server: Awaited<ReturnType<typeof startMockServer>>;

beforeAll(async () => {
  server = await startMockServer({
    port: 0,
    seed: {
      identities: [{ id: 'id-1', name: 'Sam User', level: 'user' }],
      pats: [{ id: 'pat-1', secret: 'test-secret', name: 'CI', ownerId: 'id-1' }],
    },
  });
});
afterAll(() => server.close());

it('creates a PAT', async () => {
  const client = createClient({ baseUrl: server.url, clientId: 'pat-1', clientSecret: 'test-secret' });
  const created = await client.create({ name: 'new', expirationDate: null, userAwareTokenNeverExpires: true });
  expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
  expect((await client.list({ ownerId: 'me' })).map((p) => p.name)).toEqual(['CI', 'new']);
});
