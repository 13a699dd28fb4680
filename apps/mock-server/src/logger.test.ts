import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHandler } from './app.js';
import { Logger } from './logger.js';
import { testSeed, userPat } from './mock-server.test-utils.js';
import { VerifiedTokens } from './pats/jwt.js';
import { ControllableClock, systemClock } from './state/clock.js';
import { Faults } from './state/faults.js';
import { Journal } from './state/journal.js';
import { RateLimiter } from './state/rate-limit.js';
import { loadSeed } from './state/seed.js';
import { Store } from './state/store.js';

describe('request logs', () => {
  it('are JSON lines with method, path, status, duration and client id — never secrets or tokens', async () => {
    const lines: string[] = [];
    const logger = new Logger('info', (text) => lines.push(...text.trim().split('\n')));
    const store = new Store();
    loadSeed(store, testSeed(), systemClock);
    const jwtSecret = Buffer.alloc(32, 7);
    const clock = new ControllableClock();
    const rateLimit = new RateLimiter(clock);
    const ctx = {
      store,
      clock,
      jwtSecret,
      tokens: new VerifiedTokens(jwtSecret),
      rateLimit,
      tenantId: 't',
      org: 'o',
      refuseInactiveOwners: false,
    };
    const controls = { store, clock, faults: new Faults(), rateLimit, journal: new Journal(), initialSeed: undefined };
    const server = createServer(createHandler(ctx, logger, controls, { admin: false, cors: false }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: userPat.clientId,
      client_secret: userPat.clientSecret,
    });
    const minted = (await (await fetch(`${url}/oauth/token?${query}`, { method: 'POST' })).json()) as {
      access_token: string;
    };
    await fetch(`${url}/v2025/personal-access-tokens?owner-id=me`, {
      headers: { authorization: `Bearer ${minted.access_token}` },
    });
    await new Promise((resolve) => setImmediate(resolve));
    logger.flush();
    server.close();
    store.close();
    const text = lines.join('\n');
    expect(text).not.toContain(userPat.clientSecret);
    expect(text).not.toContain(minted.access_token);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'info', msg: 'request', method: 'POST', path: '/oauth/token', status: 200 }),
      expect.objectContaining({
        method: 'GET',
        path: '/v2025/personal-access-tokens',
        status: 200,
        clientId: userPat.clientId,
      }),
    ]);
  });
});
