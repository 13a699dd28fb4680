// The installed `patkit` against the installed `patkit-mock` (a seed file,
// a database file, a free port), on every Node.js line: profiles, SailPoint's
// config file, every output format, audit, export, prune, and rotate (to
// sail's keyring in a D-Bus session, a profile and a dotenv file).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  adminPat,
  adminWrite,
  emptyHome,
  lines,
  ownRequest,
  type RunningMock,
  sh,
  startMock,
  userEnv,
  userPat,
  writeSeed,
} from './artifacts.test-utils.js';

const names = ['admin automation', 'user integration', 'forgotten'];

describe.each(lines)('patkit against patkit-mock on %s', (_, node) => {
  const home = emptyHome();
  const env = userEnv(node, home);
  const patkit = (args: readonly string[], input?: string, extra: NodeJS.ProcessEnv = {}) =>
    sh('patkit', args, { ...env, ...extra }, input === undefined ? {} : { input });
  let mock: RunningMock;
  let admin: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mock = await startMock(
      ['--seed', writeSeed(home), '--db', join(home, 'state.db'), '--port', '0', '--log-level', 'warn'],
      env,
    );
    admin = { SAIL_BASE_URL: mock.url, SAIL_CLIENT_ID: adminPat.id, SAIL_CLIENT_SECRET: adminPat.secret };
  });

  afterAll(async () => {
    expect(await mock.stop()).toBe(0);
    expect(mock.output()).toContain('patkit mock server stopping');
  });

  it('says where it listens and where its dashboard is, and serves the dashboard', async () => {
    expect(mock.output()).toContain(`patkit mock server listening on ${mock.url}\nDashboard: ${mock.url}/\n`);
    const page = await fetch(`${mock.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>');
    expect(sh('patkit-mock', ['--version'], env).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('serves a dashboard that works in a browser, under a CSP without unsafe-inline', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const response = await tab.goto(mock.url);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(policy).not.toContain('unsafe-inline');
      const row = tab.locator('#pats tr', { hasText: 'user integration' });
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      expect(await tab.locator('#status').textContent()).not.toContain('connecting');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('keeps a profile with the secret from stdin, and commands read it', () => {
    expect(patkit(['config', 'set', 'baseUrl', mock.url, '--profile', 'mock']).code).toBe(0);
    expect(patkit(['config', 'set', 'clientId', userPat.id, '--profile', 'mock']).code).toBe(0);
    expect(
      patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', 'mock'], userPat.secret).code,
    ).toBe(0);
    expect(patkit(['config', 'use', 'mock'])).toMatchObject({ code: 0 });
    expect(patkit(['config', 'list']).stdout).toBe(`* mock  ${mock.url}  ${userPat.id}  secret: file\n`);
    expect(readFileSync(join(home, '.config', 'patkit', 'config.yaml'), 'utf8')).not.toContain(userPat.secret);

    const who = patkit(['whoami', '--json']);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout)).toMatchObject({
      baseUrl: mock.url,
      clientId: userPat.id,
      sources: { baseUrl: 'profile mock (current)', clientSecret: 'profile mock (current)' },
      // The token's user_name is the login name, derived from the display name.
      token: { user: 'sam.user' },
      pat: { name: 'user integration' },
    });
    const mine = JSON.parse(patkit(['list', '--json']).stdout) as Array<{ name: string }>;
    expect(mine.map((pat) => pat.name).sort()).toEqual(['forgotten', 'user integration']);
    const typo = patkit(['list', '--json', 'idd,name']);
    expect({ code: typo.code, stdout: typo.stdout }).toEqual({ code: 2, stdout: '' });
    expect(typo.stderr).toContain('"idd" is not a field of what this command prints');
    expect(patkit(['config', 'remove', 'mock'])).toMatchObject({ code: 0 });
    expect(patkit(['config', 'list']).stdout).toBe('');
  });

  it("reads SailPoint's ~/.sailpoint/config.yaml", () => {
    mkdirSync(join(home, '.sailpoint'), { recursive: true });
    writeFileSync(
      join(home, '.sailpoint', 'config.yaml'),
      `activeenvironment: mock\nenvironments:\n  mock:\n    baseurl: ${mock.url}\n    pat:\n      clientid: ${userPat.id}\n      clientsecret: ${userPat.secret}\n`,
    );
    const who = JSON.parse(patkit(['whoami', '--json']).stdout);
    expect(who.sources.clientSecret).toBe(
      `${join(home, '.sailpoint', 'config.yaml')} (environment mock): pat.clientsecret`,
    );
    expect(who.pat.name).toBe('user integration');
  });

  it("keeps the output and exit-code contract, and the mock's one router and admin surface", async () => {
    const picked = JSON.parse(patkit(['list', '--owner', 'all', '--json', 'id,name'], undefined, admin).stdout);
    expect(picked.map((pat: object) => Object.keys(pat))).toEqual(names.map(() => ['id', 'name']));
    expect(patkit(['whoami', '-o', 'csv'], undefined, admin).code).toBe(2);
    // An owner by name, looked up in the identities API; a create says its scope.
    const sams = JSON.parse(patkit(['list', '--owner', 'sam user', '--json', 'name'], undefined, admin).stdout);
    expect(sams.map((pat: { name: string }) => pat.name).sort()).toEqual(['forgotten', 'user integration']);
    // Audited, that owner's identity is read once: to list its PATs, and again for no finding.
    expect(await adminWrite(mock.url, 'DELETE', '/__admin/journal', undefined)).toBe(204);
    expect(patkit(['audit', '--owner', 'sam user', '--json'], undefined, admin).code).toBe(0);
    const journal = JSON.parse((await ownRequest(mock.url, 'GET', '/__admin/journal')).text) as { path: string }[];
    expect(journal.filter((entry) => entry.path.includes('/identities'))).toHaveLength(1);
    expect(patkit(['list', '--owner', 'Nobody'], undefined, admin).code).toBe(3);
    expect(patkit(['create', '--name', 'unscoped'], undefined, admin).code).toBe(2);
    const missing = patkit(['delete', 'f'.repeat(32), '--dry-run'], undefined, admin);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such PAT');
    expect(patkit(['--help']).stdout).toMatch(/Manage PATs:\n {2}list /);
    expect(patkit(['lst'])).toMatchObject({
      code: 2,
      stderr: "patkit: unknown command 'lst'\nhint: did you mean list?\nhint: patkit --help shows its usage\n",
    });
    const typo = patkit(['create', '--name', 'typo', '--scope', 'sp:my-personal-access-token:read'], undefined, admin);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('did you mean sp:my-personal-access-tokens:read?');
    expect(patkit(['delete', JSON.parse(typo.stdout).id, '--yes'], undefined, admin).code).toBe(0);
    const method = await ownRequest(mock.url, 'PUT', '/__admin/clock');
    expect([method.status, method.headers.allow]).toEqual([405, 'GET, POST']);
    const foreign = await ownRequest(mock.url, 'GET', '/__admin/pats', { headers: { origin: 'http://127.0.0.1:1' } });
    expect([foreign.status, foreign.headers['access-control-allow-origin']]).toEqual([403, undefined]);
  });

  it('lists in every output format', () => {
    expect(patkit(['list', '--help']).stdout.replace(/\s+/g, ' ')).toContain(
      '(choices: "table", "json", "ndjson", "csv", "yaml")',
    );
    const list = (output: string) => {
      const result = patkit(['list', '--owner', 'all', '-o', output], undefined, admin);
      expect(result.stderr, output).toBe('');
      expect(result.code, output).toBe(0);
      return result.stdout;
    };
    const json = JSON.parse(list('json')) as Array<{ id: string; name: string }>;
    expect(json.map((pat) => pat.name).sort()).toEqual([...names].sort());
    expect(
      list('ndjson')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(json);
    expect(parseYaml(list('yaml'))).toEqual(json);
    const csv = list('csv').trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^id,name,/);
    const table = list('table');
    for (const name of names) expect(table).toContain(name);
  });

  it('audits with a YAML policy, exports, audits the export offline and prunes in a dry run', () => {
    const policy = join(home, 'policy.yaml');
    writeFileSync(policy, 'stale: 90d\nallow:\n  names: ["^admin "]\n');
    const audit = patkit(['audit', '--owner', 'all', '--policy', policy, '-o', 'json'], undefined, admin);
    expect(audit.stderr).toBe('');
    const findings = JSON.parse(audit.stdout) as { findings: Array<{ pat: { name: string }; finding: string }> };
    const flagged = JSON.stringify(findings);
    expect(flagged).toContain('user integration');
    expect(flagged).toContain('forgotten');
    expect(flagged).not.toContain('admin automation');

    const exported = patkit(['export'], undefined, admin);
    expect(exported.code).toBe(0);
    const file = join(home, 'export.json');
    writeFileSync(file, exported.stdout);
    expect((JSON.parse(exported.stdout) as unknown[]).length).toBe(3);
    const offline = patkit(['audit', '--from', file, '--policy', policy, '-o', 'json']);
    // The same findings; online the owners were looked up, offline (without --identities) not.
    const { owners: onlineOwners, ...onlineSummary } = (findings as unknown as { summary: { owners: object } }).summary;
    const { owners: offlineOwners, ...offlineSummary } = JSON.parse(offline.stdout).summary;
    expect(JSON.parse(offline.stdout).findings).toEqual(findings.findings);
    expect(offlineSummary).toEqual(onlineSummary);
    expect([onlineOwners, offlineOwners]).toEqual([
      { checked: true, note: "with ISC's identities API" },
      expect.objectContaining({ checked: false }),
    ]);

    const prune = patkit(['prune', '--owner', 'all', '--stale', '90d', '--never-used', '--dry-run'], undefined, admin);
    expect(prune.code).toBe(0);
    expect(prune.stdout + prune.stderr).toContain('forgotten');
    const after = JSON.parse(patkit(['list', '--owner', 'all', '--json'], undefined, admin).stdout) as unknown[];
    expect(after).toHaveLength(3);
  });

  it('finds the PATs of an owner who left, online and offline, and writes an HTML report', async () => {
    expect(
      await adminWrite(mock.url, 'PATCH', '/__admin/identities/user-identity', { identityStatus: 'TERMINATED' }),
    ).toBe(200);
    try {
      const owners = (stdout: string) =>
        (JSON.parse(stdout) as { findings: Array<{ finding: string; name: string }> }).findings
          .filter((row) => row.finding === 'owner_inactive')
          .map((row) => row.name)
          .sort();
      const online = patkit(['audit', '--owner', 'all', '-o', 'json'], undefined, admin);
      expect(online.stderr).toBe('');
      expect(owners(online.stdout)).toEqual(['forgotten', 'user integration']);
      const identities = join(home, 'identities.json');
      const exported = patkit(['export', '-o', 'ndjson', '--with-identities', identities], undefined, admin);
      expect(exported.stderr).toBe(`patkit: wrote 2 of 2 owner(s) to ${identities}\n`);
      const file = join(home, 'export.ndjson');
      writeFileSync(file, exported.stdout);
      const offline = patkit(['audit', '--from', file, '--identities', identities, '-o', 'json']);
      expect(owners(offline.stdout)).toEqual(['forgotten', 'user integration']);
      const html = patkit(['audit', '--from', file, '--identities', identities, '-o', 'html']);
      expect(html.code).toBe(0);
      expect(html.stdout).toMatch(/^<!doctype html>/);
      expect(html.stdout).toContain('owner_inactive');
    } finally {
      expect(
        await adminWrite(mock.url, 'PATCH', '/__admin/identities/user-identity', { identityStatus: 'ACTIVE' }),
      ).toBe(200);
    }
  });

  it('rotates a PAT: the new secret works, the old PAT is gone', () => {
    const user = { SAIL_BASE_URL: mock.url, SAIL_CLIENT_ID: userPat.id, SAIL_CLIENT_SECRET: userPat.secret };
    const before = JSON.parse(patkit(['list', '--json'], undefined, user).stdout) as Array<{
      id: string;
      name: string;
    }>;
    const forgotten = before.find((pat) => pat.name === 'forgotten');
    expect(forgotten).toBeDefined();
    const rotated = patkit(['rotate', forgotten?.id ?? '', '--json'], undefined, user);
    expect(rotated.stderr).toContain('this is the only time the new secret is shown');
    const created = JSON.parse(rotated.stdout) as { id: string; secret: string; name: string };
    expect(created).toMatchObject({ name: 'forgotten', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const asNew = patkit(['whoami', '--json'], undefined, {
      ...user,
      SAIL_CLIENT_ID: created.id,
      SAIL_CLIENT_SECRET: created.secret,
    });
    expect(JSON.parse(asNew.stdout).pat.name).toBe('forgotten');
    const after = JSON.parse(patkit(['list', '--json'], undefined, user).stdout) as Array<{ id: string }>;
    expect(after.map((pat) => pat.id)).not.toContain(forgotten?.id);
  });

  it("rotates itself and delivers: sail's keyring (gnome-keyring in a D-Bus session), a profile, a dotenv file", () => {
    // A home of its own: no patkit profile, only sail's file; the PAT is in the keyring, as current sail keeps it.
    const own = emptyHome();
    mkdirSync(join(own, '.sailpoint'));
    writeFileSync(
      join(own, '.sailpoint', 'config.yaml'),
      `activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${mock.url}\n`,
    );
    const entry = (setting: string) =>
      `--label="Password for 'acme' on 'environments.pat.${setting}'" service environments.pat.${setting} username acme`;
    const script = [
      'set -e',
      'eval "$(printf keyring-password | gnome-keyring-daemon --unlock --components=secrets)"',
      `printf %s "$PLANT_ID" | secret-tool store ${entry('clientid')}`,
      `printf %s "$PLANT_SECRET" | secret-tool store ${entry('clientsecret')}`,
      'patkit whoami --json > whoami.json',
      'patkit rotate --self --sailpoint-config --update-profile self --dotenv ci.env --record trail.json 2> rotate.txt',
      'secret-tool lookup service environments.pat.clientid username acme > id.txt',
      'secret-tool lookup service environments.pat.clientsecret username acme > secret.txt',
    ].join('\n');
    const ownEnv = userEnv(node, own);
    const run = sh('dbus-run-session', ['--', 'sh', '-c', script], {
      ...ownEnv,
      PLANT_ID: userPat.id,
      PLANT_SECRET: userPat.secret,
    });
    const read = (file: string) => readFileSync(join(own, file), 'utf8');
    expect(run.code, `${run.stderr}\n${read('rotate.txt')}`).toBe(0);
    expect(JSON.parse(read('whoami.json')).sources.clientSecret).toBe(
      'OS keyring (sail environment acme): environments.pat.clientsecret',
    );
    const id = read('id.txt').trim();
    const secret = read('secret.txt').trim();
    expect(id).not.toBe(userPat.id);
    expect(read('ci.env')).toBe(`SAIL_CLIENT_ID=${id}\nSAIL_CLIENT_SECRET=${secret}\n`);
    expect(JSON.parse(read('trail.json'))).toMatchObject({
      status: 'rotated',
      old: { id: userPat.id, name: 'user integration' },
      replacement: { id },
    });
    for (const file of ['trail.json', 'rotate.txt']) expect(read(file)).not.toContain(secret);
    // Outside the D-Bus session, from the profile it wrote: the new PAT, by its old name.
    const asNew = sh('patkit', ['whoami', '--profile', 'self', '--json'], ownEnv);
    expect(JSON.parse(asNew.stdout)).toMatchObject({ clientId: id, pat: { name: 'user integration' } });
  });
});
