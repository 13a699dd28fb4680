// The dashboard in headless Chromium (Debian's, through playwright-core):
// it shows a seeded PAT, a PAT created through the API appears without a
// reload, and moving the server clock ages "last used".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, ManualClock, spawnCli, testSeed, user, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

let server: MockServer;
let browser: Browser;

beforeAll(async () => {
  server = await startMockServer({ seed: testSeed(), clock: new ManualClock() });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard', () => {
  it('shows PATs live and ages them when the clock moves', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const row = (name: string) => page.locator('#pats tr', { hasText: name });
    await expect.poll(() => row('user pat').count(), { timeout: 10_000 }).toBe(1);
    // Seeded with lastUsed 2026-11-01T08:00Z; the server clock reads 2026-11-29T12:00Z.
    await expect.poll(() => row('user pat').textContent(), { timeout: 10_000 }).toContain('28 days ago');
    expect(await row('reader').textContent()).toContain('never');

    const token = await accessToken(server.url, userPat);
    await fetch(`${server.url}/v2025/personal-access-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'made in the test', expirationDate: '2026-12-02T12:00:00Z' }),
    });
    await expect.poll(() => row('made in the test').count(), { timeout: 10_000 }).toBe(1);
    expect(await row('made in the test').textContent()).toContain('in 3 days');
    await expect
      .poll(() => page.locator('#journal').textContent(), { timeout: 10_000 })
      .toContain('/v2025/personal-access-tokens');

    await fetch(`${server.url}/__admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '100d' }),
    });
    // The user minted a token today (before the jump), so its lastUsed is now 100 days old.
    await expect.poll(() => row('user pat').textContent(), { timeout: 10_000 }).toContain('100 days ago');
    expect(await row('made in the test').textContent()).toContain('expired');
    await page.close();
  }, 60_000);

  it('works when the server runs from source, as npm start runs it (tsx), under a CSP without unsafe-inline', async () => {
    const running = await spawnCli(['--seed', 'demo', '--log-level', 'silent']);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      const response = await page.goto(running.url);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(policy).not.toContain('unsafe-inline');
      await expect.poll(() => page.locator('#pats tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await page.locator('#status').textContent()).not.toContain('connecting');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      running.child.kill('SIGKILL');
    }
  }, 60_000);

  it("shows each owner's status and lifecycle state, a leaver marked", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const owner = (name: string) => page.locator('#owners tr', { hasText: name });
    await expect.poll(() => owner('Sam User').textContent(), { timeout: 10_000 }).toContain('ACTIVE');
    expect(await owner('Sam User').textContent()).toContain('active');
    server.updateIdentity(user.id, { identityStatus: 'TERMINATED', lifecycleState: 'terminated' });
    await expect.poll(() => owner('Sam User').textContent(), { timeout: 10_000 }).toContain('TERMINATED');
    expect(await owner('Sam User').locator('td.bad').textContent()).toBe('TERMINATED');
    expect(await owner('Ada Admin').locator('td.bad').count()).toBe(0);
    server.updateIdentity(user.id, { identityStatus: 'ACTIVE', lifecycleState: 'active' });
    await page.close();
  }, 60_000);

  it('cannot be used from a page of another origin, with CORS or without', async () => {
    const seed = {
      identities: [{ id: 'intruder', name: 'Intruder', level: 'admin' }],
      pats: [{ id: 'e'.repeat(32), secret: 'known-secret', name: 'planted', ownerId: 'intruder' }],
    };
    // A page on another loopback port: what a malicious site in the user's browser could do.
    const attacker: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const outcomes = await page.evaluate(
        async ({ mock, body }) => {
          const attempt = async (path: string, init: RequestInit) => {
            try {
              const response = await fetch(`${mock}${path}`, init);
              return response.type === 'opaque' ? 'opaque' : `read ${response.status}`;
            } catch {
              return 'blocked';
            }
          };
          return [
            // A simple request: no preflight, the answer unreadable, but the server gets it.
            await attempt('/__admin/seed?mode=merge', {
              method: 'POST',
              mode: 'no-cors',
              headers: { 'content-type': 'text/plain' },
              body,
            }),
            await attempt('/__admin/seed?mode=merge', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            }),
            await attempt('/__admin/pats', {}),
            await attempt('/__admin/reset', { method: 'POST' }),
          ];
        },
        { mock: server.url, body: JSON.stringify(seed) },
      );
      expect(outcomes).toEqual(['opaque', 'blocked', 'blocked', 'blocked']);
      expect(server.store.pat('e'.repeat(32))).toBeUndefined();
      expect(server.store.identity('intruder')).toBeUndefined();
      // What the simple request met: a 403 naming the origin, journaled nowhere, changing nothing.
      const direct = await fetch(`${server.url}/__admin/seed?mode=merge`, {
        method: 'POST',
        headers: { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' },
        body: JSON.stringify(seed),
      });
      expect(direct.status).toBe(403);
      expect(direct.headers.get('access-control-allow-origin')).toBeNull();
      const plain = await fetch(`${server.url}/__admin/seed?mode=merge`, {
        method: 'POST',
        body: JSON.stringify(seed),
      });
      expect(plain.status).toBe(415);
      const preflight = await fetch(`${server.url}/__admin/seed`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
      // The PAT API keeps its CORS for browser clients.
      expect(
        (await fetch(`${server.url}/v2025/personal-access-tokens`)).headers.get('access-control-allow-origin'),
      ).toBe('*');
    } finally {
      await page.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  }, 60_000);
});
