// The dashboard in headless Chromium (Debian's, through playwright-core):
// it shows a seeded PAT, a PAT created through the API appears without a
// reload, and moving the server clock ages "last used".
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, ManualClock, testSeed, userPat } from '../src/mock-server.test-utils.js';
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

    await fetch(`${server.url}/__admin/clock`, { method: 'POST', body: JSON.stringify({ advance: '100d' }) });
    // The user minted a token today (before the jump), so its lastUsed is now 100 days old.
    await expect.poll(() => row('user pat').textContent(), { timeout: 10_000 }).toContain('100 days ago');
    expect(await row('made in the test').textContent()).toContain('expired');
    await page.close();
  }, 60_000);
});
