// audit -o html in headless Chromium (Debian's, through playwright-core):
// the page opens from disk with no network and no console errors, every
// chart's numbers equal the JSON output's, the findings table filters and
// sorts, and a screenshot is kept in reports/ (the README shows a copy).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { day } from '@patkit/model/time';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patkit } from '../src/cli.test-utils.js';

const dir = mkdtempSync(join(tmpdir(), 'patkit-html-'));
let browser: Browser;

/** An export with a bit of everything: stale, never used, expired, expiring, broad, owners who left. */
function writeExport(): { pats: string; identities: string } {
  const now = Date.now();
  const at = (days: number) => new Date(now + days * day).toISOString();
  const owner = (i: number) => ({ type: 'IDENTITY', id: `owner-${i}`, name: `Owner <${i}>` });
  const pats = Array.from({ length: 60 }, (_, i) => ({
    id: i.toString(16).padStart(32, '0'),
    name: i === 0 ? 'tricky <script>alert(1)</script> & "quotes"' : `integration ${i}`,
    scope: i % 3 === 0 ? ['sp:scopes:all'] : ['sp:my-personal-access-tokens:read'],
    owner: owner(i % 12),
    created: at(-400 + i),
    lastUsed: i % 5 === 0 ? null : at(-(i * 7) % 400),
    managed: false,
    accessTokenValiditySeconds: i % 4 === 0 ? 43_200 : 3600,
    expirationDate: i % 6 === 0 ? null : at(-20 + i * 3),
    userAwareTokenNeverExpires: i % 6 === 0,
  }));
  const identities = Array.from({ length: 6 }, (_, i) => ({
    id: `owner-${i}`,
    name: `Owner <${i}>`,
    identityStatus: i === 3 ? 'TERMINATED' : 'ACTIVE',
    lifecycleState: { stateName: 'active' },
  }));
  const files = { pats: join(dir, 'export.ndjson'), identities: join(dir, 'identities.json') };
  writeFileSync(files.pats, pats.map((pat) => JSON.stringify(pat)).join('\n'));
  writeFileSync(files.identities, JSON.stringify(identities));
  return files;
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('audit -o html', () => {
  it('renders offline with no errors; its charts say what the JSON says; the table filters and sorts', async () => {
    const { pats, identities } = writeExport();
    const args = ['audit', '--from', pats, '--identities', identities];
    const html = await patkit([...args, '-o', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).not.toContain('<script>alert(1)</script>');
    // Its one script runs by its hash: 'unsafe-inline' is never allowed for scripts.
    expect(html.stdout).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'">/);
    expect(/script-src[^;"]*unsafe-inline/.test(html.stdout)).toBe(false);
    const json = JSON.parse((await patkit([...args, '-o', 'json'])).stdout);
    // The text report names the ten owners with the most findings, and how many more there are.
    expect(Object.keys(json.summary.byOwner)).toHaveLength(12);
    expect((await patkit([...args, '-o', 'report'])).stdout).toMatch(
      /by owner: (.+ \d+, ){9}.+ \d+ and 2 more owner\(s\) \(-o json lists all\)\n/,
    );
    const file = join(dir, 'report.html');
    writeFileSync(file, html.stdout);

    const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');

    const numbers = async (chart: string) =>
      Object.fromEntries(
        await page
          .locator(`table.numbers[data-chart="${chart}"] tbody tr`)
          .evaluateAll((rows) =>
            rows.map((row) => [
              row.querySelector('th')?.textContent ?? '',
              Number(row.querySelector('td')?.textContent),
            ]),
          ),
      );
    const { summary } = json;
    expect(await numbers('by-severity')).toEqual({
      high: summary.bySeverity.high,
      medium: summary.bySeverity.medium,
      low: summary.bySeverity.low,
    });
    const byFinding = await numbers('by-finding');
    expect(Object.fromEntries(Object.entries(byFinding).filter(([, n]) => n !== 0))).toEqual(summary.byFinding);
    expect(await numbers('by-last-used')).toEqual(summary.byLastUsed);
    expect(await numbers('by-expiry')).toEqual(summary.byExpiry);
    const owners = await numbers('by-owner');
    for (const [owner, count] of Object.entries(owners)) expect(summary.byOwner[owner]).toBe(count);
    expect(Object.keys(owners)).toHaveLength(Math.min(10, Object.keys(summary.byOwner).length));
    expect(Math.max(...(Object.values(owners) as number[]))).toBe(
      Math.max(...(Object.values(summary.byOwner) as number[])),
    );
    for (const key of ['audited', 'flagged', 'findings'])
      expect(Number(await page.locator(`[data-count="${key}"]`).textContent())).toBe(summary[key]);
    // The counts add up, and the owner findings are there (the terminated owner's PATs).
    expect(summary.byFinding.owner_inactive).toBeGreaterThan(0);
    expect(Object.values(summary.byLastUsed).reduce((a: number, b) => a + (b as number), 0)).toBe(summary.audited);

    // Every finding is a row; filtering and sorting work.
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(summary.findings);
    await page.selectOption('#severity', 'high');
    expect(await page.locator('#shown').textContent()).toBe(String(summary.bySeverity.high));
    await page.selectOption('#severity', '');
    await page.fill('#filter', 'tricky <script>');
    expect(Number(await page.locator('#shown').textContent())).toBeGreaterThan(0);
    expect(await page.locator('#findings tbody tr:not([hidden])').first().textContent()).toContain(
      'tricky <script>alert(1)</script> & "quotes"',
    );
    await page.fill('#filter', '');
    await page.click('#findings th:nth-child(3) button');
    const names = await page.locator('#findings tbody tr td:nth-child(3)').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await page.getAttribute('#findings th:nth-child(3)', 'aria-sort')).toBe('ascending');
    await page.click('#findings th:nth-child(1) button');
    await page.click('#findings th:nth-child(1) button');
    await page.evaluate('window.scrollTo(0, 0)');

    const reports = new URL('../reports/', import.meta.url);
    mkdirSync(reports, { recursive: true });
    await page.screenshot({ path: new URL('audit-report.png', reports).pathname, fullPage: false });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
    // The README shows a screenshot of this page, by an address that works on the registry's page too.
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(
      '![patkit audit -o html](https://raw.githubusercontent.com/patkit/patkit/main/apps/cli/docs/audit-report.png)',
    );
    expect(existsSync(new URL('../docs/audit-report.png', import.meta.url))).toBe(true);
  }, 60_000);

  it('lists at most 10,000 findings and says where the rest are', async () => {
    const { htmlReport, maxHtmlRows } = await import('../src/audit/html-report.js');
    const row = { severity: 'low' as const, finding: 'expired', id: 'x', name: 'n', owner: 'o', detail: 'd' };
    const page = htmlReport({
      summary: {
        audited: 1,
        flagged: 1,
        findings: maxHtmlRows + 5,
        invalid: 0,
        owners: { checked: false },
        bySeverity: { low: maxHtmlRows + 5, medium: 0, high: 0 },
        byFinding: { expired: maxHtmlRows + 5 },
        byOwner: { o: maxHtmlRows + 5 },
        byLastUsed: {},
        byExpiry: {},
      },
      rows: Array.from({ length: maxHtmlRows + 5 }, () => row),
      notes: [],
      generated: new Date(0),
    });
    expect(page.match(/<tr data-severity=/g)).toHaveLength(maxHtmlRows);
    expect(page).toContain(
      `the first ${maxHtmlRows} of ${maxHtmlRows + 5} findings, most severe first; patkit audit -o csv gives them all`,
    );
  });
});

describe('audit -o html of several tenants', () => {
  it('has a tenant column, a chart of findings by tenant, and a tenant filter', async () => {
    const { htmlReport } = await import('../src/audit/html-report.js');
    const { Tally, sumSummaries } = await import('../src/audit/tally.js');
    const now = Date.now();
    const rowsOf = (tenant: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        tenant,
        host: `${tenant}.api.identitynow.com`,
        severity: 'medium' as const,
        finding: 'never_used',
        id: `${tenant}-${i}`,
        name: `${tenant} job ${i}`,
        owner: 'Sam',
        detail: 'never used',
      }));
    const empty = new Tally(now).summary();
    const tenants = [
      { tenant: 'prod', summary: { ...empty, findings: 3 } },
      { tenant: 'sandbox', summary: { ...empty, findings: 2 } },
    ];
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const file = join(dir, 'tenants.html');
    writeFileSync(
      file,
      htmlReport({
        summary: sumSummaries(tenants.map((one) => one.summary)),
        rows: [...rowsOf('prod', 3), ...rowsOf('sandbox', 2)],
        notes: [],
        generated: new Date(now),
        tenants,
      }),
    );
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('#findings thead th').first().textContent()).toBe('tenant');
    expect(await page.locator('table.numbers[data-chart="by-tenant"] tbody tr').allTextContents()).toEqual([
      'prod3',
      'sandbox2',
    ]);
    await page.selectOption('#tenant', 'sandbox');
    expect(await page.locator('#shown').textContent()).toBe('2');
    const visible = await page.locator('#findings tbody tr:not([hidden]) td:first-child').allTextContents();
    expect(visible).toEqual(['sandbox', 'sandbox']);
    // Sorting by severity still ranks, with the tenant column first.
    await page.locator('#findings th[data-column="severity"] button').click();
    expect(await page.locator('#findings th[data-column="severity"]').getAttribute('aria-sort')).toBe('ascending');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
