// Several tenants at once: three mock servers as three profiles, one slow
// (a latency fault), one whose PAT is refused (a wrong secret).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit } from './cli.test-utils.js';
import { exitCodes } from './exit-codes.js';

const admin = { clientId: 'a'.repeat(32), clientSecret: 'admin-secret' };
const servers: Record<'prod' | 'sandbox' | 'refused', MockServer> = {} as never;

function seed(tenant: string, users: number) {
  return {
    identities: [
      { id: `${tenant}-admin`, name: `${tenant} admin`, level: 'admin' as const },
      ...Array.from({ length: users }, (_, i) => ({
        id: `${tenant}-user-${i}`,
        name: `User ${i}`,
        level: 'user' as const,
      })),
    ],
    pats: [
      { id: admin.clientId, secret: admin.clientSecret, name: `${tenant} automation`, ownerId: `${tenant}-admin` },
      ...Array.from({ length: users }, (_, i) => ({
        id: `${i + 1}`.padStart(32, 'b'),
        secret: `s${i}`,
        name: `${tenant} job ${i}`,
        ownerId: `${tenant}-user-${i}`,
        created: new Date(Date.now() - 200 * 86_400_000).toISOString(),
        lastUsed: null,
      })),
    ],
  };
}

const host = (name: keyof typeof servers) => new URL(servers[name].url).host;

beforeAll(async () => {
  servers.prod = await startMockServer({ seed: seed('prod', 3) });
  servers.sandbox = await startMockServer({ seed: seed('sandbox', 2) });
  servers.refused = await startMockServer({ seed: seed('refused', 1) });
  // The sandbox is slow: every API call waits.
  servers.sandbox.faults.add({ path: '/', latency: 400 });
  forgetServer();
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'patkit-tenants-'));
  for (const name of ['prod', 'sandbox', 'refused'] as const) {
    expect((await patkit(['config', 'set', 'baseUrl', servers[name].url, '--profile', name])).code).toBe(0);
    expect((await patkit(['config', 'set', 'clientId', admin.clientId, '--profile', name])).code).toBe(0);
    const secret = name === 'refused' ? 'not-the-secret' : admin.clientSecret;
    expect(
      (await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', name], secret)).code,
    ).toBe(0);
  }
}, 60_000);

beforeEach(() => {
  process.env.CI = 'true';
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

type Record_ = Record<string, unknown>;

describe('several tenants at once', () => {
  it('whoami: one entry per tenant; the refused one is named on stderr, exit 8 (partly done)', async () => {
    const { code, stdout, stderr } = await patkit(['whoami', '--all-profiles', '--json']);
    expect(code).toBe(exitCodes.partial);
    const facts = JSON.parse(stdout) as Record_[];
    expect(facts.map((one) => [one.tenant, one.host])).toEqual([
      ['prod', host('prod')],
      ['sandbox', host('sandbox')],
    ]);
    expect(stderr).toMatch(/^patkit: tenant refused: .+\n$/);
    const table = await patkit(['whoami', '--profiles', 'prod,sandbox', '-o', 'table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^tenant +host +user +version +pat\nprod +127\.0\.0\.1:\d+ +prod\.admin +v1 +prod automation/,
    );
  });

  it('list: every record has its tenant and host, in JSON, NDJSON, CSV and the table', async () => {
    const json = await patkit(['list', '--profiles', 'prod,sandbox', '--owner', 'all', '--json']);
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
    const pats = JSON.parse(json.stdout) as Record_[];
    expect(pats.filter((pat) => pat.tenant === 'prod')).toHaveLength(4);
    expect(pats.filter((pat) => pat.tenant === 'sandbox' && pat.host === host('sandbox'))).toHaveLength(3);
    expect(Object.keys(pats[0] as Record_).slice(0, 3)).toEqual(['tenant', 'host', 'id']);

    // The slow sandbox does not hold up prod's lines: they come first, whatever the order asked.
    const ndjson = await patkit(['list', '--profiles', 'sandbox,prod', '--owner', 'all', '-o', 'ndjson']);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record_);
    expect(lines.map((pat) => pat.tenant)).toEqual([...Array(4).fill('prod'), ...Array(3).fill('sandbox')]);

    const csv = await patkit(['list', '--all-profiles', '--owner', 'all', '-o', 'csv', '--fields', 'tenant,name']);
    expect(csv.code).toBe(exitCodes.partial);
    expect(csv.stdout.split('\r\n')[0]).toBe('tenant,name');
    expect(csv.stdout).toContain('sandbox,sandbox job 1\r\n');
    expect(csv.stderr).toMatch(/^patkit: tenant refused: /);

    const table = await patkit(['list', '--profiles', 'prod', '--owner', 'all', '-o', 'table']);
    expect(table.stdout).toMatch(/^tenant +id +name +owner/);
  });

  it('export: the same, JSON by default', async () => {
    const { code, stdout } = await patkit(['export', '--profiles', 'prod,sandbox']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Record_[]).map((pat) => pat.tenant)).toContain('sandbox');
  });

  it('audit: rows with their tenant, the summary per tenant and overall, --fail-on across them all', async () => {
    const { code, stdout, stderr } = await patkit(['audit', '--all-profiles', '--owner', 'all', '--json']);
    expect(code).toBe(exitCodes.partial);
    expect(stderr).toMatch(/^patkit: tenant refused: /);
    const report = JSON.parse(stdout) as {
      summary: { audited: number; findings: number };
      tenants: { tenant: string; host: string; summary: { audited: number; findings: number } }[];
      findings: Record_[];
    };
    expect(report.tenants.map((one) => [one.tenant, one.summary.audited])).toEqual([
      ['prod', 4],
      ['sandbox', 3],
    ]);
    expect(report.summary.audited).toBe(7);
    expect(report.summary.findings).toBe(report.tenants.reduce((n, one) => n + one.summary.findings, 0));
    expect(report.findings.length).toBe(report.summary.findings);
    expect(new Set(report.findings.map((row) => row.tenant))).toEqual(new Set(['prod', 'sandbox']));

    const gate = await patkit(['audit', '--profiles', 'prod,sandbox', '--owner', 'all', '--fail-on', 'any']);
    expect(gate.code).toBe(exitCodes.failure);
    expect(gate.stdout).toMatch(/\n {2}by tenant: prod \d+ finding\(s\) on \d+ of 4 PAT\(s\); sandbox /);
    const html = await patkit(['audit', '--profiles', 'prod,sandbox', '--owner', 'all', '-o', 'html']);
    expect(html.stdout).toContain(
      '<select id="tenant"><option value="">any</option><option>prod</option><option>sandbox</option>',
    );
    expect(html.stdout).toContain('id="by-tenant"');
  });

  it("sail's environments as tenants: --environments and --all-environments", async () => {
    const home = mkdtempSync(join(tmpdir(), 'patkit-sail-home-'));
    mkdirSync(join(home, '.sailpoint'));
    const environment = (name: 'prod' | 'sandbox') =>
      `  ${name}:\n    baseurl: ${servers[name].url}\n    pat:\n      clientid: ${admin.clientId}\n      clientsecret: ${admin.clientSecret}\n`;
    writeFileSync(
      join(home, '.sailpoint', 'config.yaml'),
      `activeenvironment: prod\nenvironments:\n${environment('sandbox')}${environment('prod')}`,
    );
    const realHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const all = await patkit(['list', '--all-environments', '--owner', 'all', '--json', 'tenant,host,name']);
      expect(all.code).toBe(0);
      const pats = JSON.parse(all.stdout) as Record_[];
      expect(pats.filter((pat) => pat.tenant === 'sandbox' && pat.host === host('sandbox'))).toHaveLength(3);
      expect(pats.filter((pat) => pat.tenant === 'prod')).toHaveLength(4);
      const who = await patkit(['whoami', '--environments', 'sandbox', '--json']);
      expect((JSON.parse(who.stdout) as { sources: Record_ }[])[0]?.sources.baseUrl).toBe(
        `${join(home, '.sailpoint', 'config.yaml')} (environment sandbox): baseurl`,
      );
      const unknown = await patkit(['list', '--environments', 'sandbox,nope']);
      expect(unknown.code).toBe(exitCodes.notFound);
      expect(unknown.stderr).toContain('no environment nope in');
      expect((await patkit(['list', '--environments', 'prod', '--all-profiles'])).code).toBe(exitCodes.usage);
    } finally {
      process.env.HOME = realHome;
    }
  });

  it('export --with-identities and audit --identities: a file per tenant, {tenant} in the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patkit-tenant-identities-'));
    const files = join(dir, '{tenant}.identities.json');
    const exported = await patkit(['export', '--all-profiles', '-o', 'ndjson', '--with-identities', files]);
    expect(exported.code).toBe(exitCodes.partial);
    expect(exported.stderr).toContain(
      `patkit: tenant prod: wrote 4 of 4 owner(s) to ${join(dir, 'prod.identities.json')}`,
    );
    expect(exported.stderr).toMatch(/patkit: tenant refused: /);
    const sandbox = JSON.parse(readFileSync(join(dir, 'sandbox.identities.json'), 'utf8')) as { id: string }[];
    expect(sandbox.map((identity) => identity.id).sort()).toEqual([
      'sandbox-admin',
      'sandbox-user-0',
      'sandbox-user-1',
    ]);

    // The owners come from each tenant's file, not its API: an owner the file lacks is missing.
    writeFileSync(
      join(dir, 'prod.identities.json'),
      JSON.stringify(
        (JSON.parse(readFileSync(join(dir, 'prod.identities.json'), 'utf8')) as { id: string }[]).filter(
          (identity) => identity.id !== 'prod-user-2',
        ),
      ),
    );
    const audited = await patkit([
      'audit',
      '--profiles',
      'prod,sandbox',
      '--owner',
      'all',
      '--identities',
      files,
      '--json',
    ]);
    expect(audited.code, audited.stderr).toBe(0);
    const { tenants, findings } = JSON.parse(audited.stdout) as {
      tenants: { tenant: string; summary: { owners: { note: string } } }[];
      findings: { tenant: string; finding: string; owner: string }[];
    };
    expect(tenants.map((one) => [one.tenant, one.summary.owners.note])).toEqual([
      ['prod', `from ${join(dir, 'prod.identities.json')}`],
      ['sandbox', `from ${join(dir, 'sandbox.identities.json')}`],
    ]);
    expect(findings.filter((one) => one.finding === 'owner_missing').map((one) => [one.tenant, one.owner])).toEqual([
      ['prod', 'User 2'],
    ]);
    for (const args of [
      ['audit', '--profiles', 'prod,sandbox', '--owner', 'all', '--identities', join(dir, 'prod.identities.json')],
      ['export', '--profiles', 'prod,sandbox', '--with-identities', join(dir, 'one.json')],
    ]) {
      const refused = await patkit(args);
      expect({ code: refused.code, stderr: refused.stderr }).toEqual({
        code: exitCodes.usage,
        stderr: expect.stringContaining('put {tenant} in its path'),
      });
    }
  });

  it('prune: one list naming the tenant of each PAT, one confirmation, each tenant its deletions', async () => {
    const dry = await patkit(['prune', '--all-profiles', '--owner', 'all', '--never-used', '--dry-run']);
    expect(dry.code).toBe(exitCodes.partial);
    expect(dry.stderr).toContain('patkit: would delete 5 PAT(s) in 2 tenant(s):\n');
    expect(dry.stderr).toMatch(/\n {2}\[prod\] b+1 {2}prod job 0 {2}\(User 0\): never used/);
    expect(dry.stderr).toMatch(/\n {2}\[sandbox\] b+2 {2}sandbox job 1 /);
    expect(dry.stderr).toMatch(/patkit: tenant refused: /);
    expect(servers.prod.store.allPats()).toHaveLength(4);

    const real = await patkit(['prune', '--profiles', 'prod,sandbox', '--owner', 'all', '--never-used', '--yes']);
    expect({ code: real.code, stderr: real.stderr }).toMatchObject({ code: 0 });
    expect(real.stdout).toContain(`deleted [sandbox] ${'1'.padStart(32, 'b')} sandbox job 0\n`);
    expect(servers.prod.store.allPats().map((pat) => pat.name)).toEqual(['prod automation']);
    expect(servers.sandbox.store.allPats().map((pat) => pat.name)).toEqual(['sandbox automation']);
    expect((await patkit(['prune', '--all-profiles', '--never-used', '--record', 'trail.json'])).code).toBe(
      exitCodes.usage,
    );
  });

  it('rotate --self across profiles: each profile gets its own new PAT and works, each old PAT is gone', async () => {
    const rotated = await patkit(['rotate', '--self', '--profiles', 'prod,sandbox', '--update-profile']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(
      /patkit: tenant prod: rotated prod automation: a{32} → [0-9a-f]{32}, delivered to profile prod/,
    );
    expect(rotated.stderr).toMatch(/patkit: tenant sandbox: rotated sandbox automation: a{32} → /);
    for (const name of ['prod', 'sandbox'] as const) {
      expect(servers[name].store.pat(admin.clientId)).toBeUndefined();
      const who = await patkit(['whoami', '--profile', name, '--json']);
      expect(who.code).toBe(0);
      expect((JSON.parse(who.stdout) as { clientId: string; pat: { name: string } }).pat.name).toBe(
        `${name} automation`,
      );
      expect((JSON.parse(who.stdout) as { clientId: string }).clientId).not.toBe(admin.clientId);
    }
    expect((await patkit(['rotate', '--self', '--all-profiles', '--dotenv', '.env'])).code).toBe(exitCodes.usage);
  });

  it("rotate --self across sail's environments: each one's new PAT in sail's config, each old PAT gone", async () => {
    const own = {
      east: await startMockServer({ seed: seed('east', 1) }),
      west: await startMockServer({ seed: seed('west', 1) }),
    };
    own.west.faults.add({ path: '/', latency: 200 });
    const home = mkdtempSync(join(tmpdir(), 'patkit-sail-rotate-'));
    const file = join(home, '.sailpoint', 'config.yaml');
    mkdirSync(join(home, '.sailpoint'));
    const environment = (name: string, url: string, secret: string) =>
      `  ${name}:\n    baseurl: ${url}\n    pat:\n      clientid: ${admin.clientId}\n      clientsecret: ${secret}\n`;
    writeFileSync(
      file,
      `# sail\nactiveenvironment: east\nenvironments:\n${environment('east', own.east.url, admin.clientSecret)}${environment('west', own.west.url, admin.clientSecret)}${environment('refused', servers.refused.url, 'not-the-secret')}`,
    );
    const realHome = process.env.HOME;
    process.env.HOME = home;
    try {
      expect((await patkit(['rotate', '--self', '--all-environments', '--update-profile'])).code).toBe(exitCodes.usage);
      const rotated = await patkit(['rotate', '--self', '--all-environments', '--sailpoint-config', '--parallel', '3']);
      expect(rotated.code, rotated.stderr).toBe(exitCodes.partial);
      expect(rotated.stderr).toMatch(/patkit: tenant refused: /);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('# sail\n')).toBe(true);
      expect(text).toContain(`clientid: ${admin.clientId}\n      clientsecret: not-the-secret\n`);
      for (const name of ['east', 'west'] as const) {
        expect(rotated.stderr).toMatch(
          new RegExp(
            `patkit: tenant ${name}: rotated ${name} automation: a{32} → [0-9a-f]{32}, delivered to sail's credentials \\(environment ${name}\\)`,
          ),
        );
        expect(own[name].store.pat(admin.clientId)).toBeUndefined();
        const who = await patkit(['whoami', '--environments', name, '--json']);
        expect(who.code, who.stderr).toBe(0);
        const [fact] = JSON.parse(who.stdout) as { clientId: string; pat: { name: string } }[];
        expect(fact?.pat.name).toBe(`${name} automation`);
        expect(fact?.clientId).not.toBe(admin.clientId);
      }
    } finally {
      process.env.HOME = realHome;
      await Promise.all(Object.values(own).map((server) => server.close()));
    }
  });

  it('profiles of one tenant: prune deletes each PAT once; a PAT they share is rotated once, each gets the new one', async () => {
    const own = {
      shared: await startMockServer({ seed: seed('shared', 1) }),
      solo: await startMockServer({ seed: seed('solo', 1) }),
    };
    const profiles = { 'shared-a': own.shared, 'shared-b': own.shared, solo: own.solo };
    try {
      for (const [name, server] of Object.entries(profiles)) {
        expect((await patkit(['config', 'set', 'baseUrl', server.url, '--profile', name])).code).toBe(0);
        expect((await patkit(['config', 'set', 'clientId', admin.clientId, '--profile', name])).code).toBe(0);
        const secret = ['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', name];
        expect((await patkit(secret, admin.clientSecret)).code).toBe(0);
      }
      // Two profiles of one tenant list the same PATs: prune deletes each once.
      const pruned = await patkit([
        'prune',
        '--profiles',
        'shared-a,shared-b',
        '--owner',
        'all',
        '--never-used',
        '--yes',
      ]);
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(pruned.stderr).toContain('patkit: will delete 1 PAT(s) in 1 tenant(s):\n');
      expect(pruned.stderr).toContain(
        'patkit: tenant shared-b: 1 of its PAT(s) to delete are listed with tenant shared-a',
      );
      expect(own.shared.store.allPats().map((pat) => pat.name)).toEqual(['shared automation']);
      const args = ['rotate', '--self', '--profiles', 'shared-a,solo,shared-b', '--update-profile'];
      // The shared PAT's tenant cannot create its replacement: both its profiles fail, keeping the PAT they hold.
      const refusing = own.shared.faults.add({ method: 'POST', path: '/personal-access-tokens', status: 500 });
      const failed = await patkit(args);
      own.shared.faults.remove(refusing.id);
      expect(failed.code, failed.stderr).toBe(exitCodes.partial);
      expect(failed.stderr).toContain(
        'patkit: profiles shared-a, shared-b hold the same PAT: it is rotated once, its new credentials go to each of them\n',
      );
      expect(failed.stderr).toMatch(/patkit: tenant shared-a: .*500/);
      expect(failed.stderr).toContain(
        "patkit: tenant shared-b: its PAT is profile shared-a's, whose rotation failed\n",
      );
      expect(own.shared.store.pat(admin.clientId)).toBeDefined();
      const rotated = await patkit(args);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stderr).toMatch(
        /patkit: tenant shared-a: rotated shared automation: a{32} → [0-9a-f]{32}, delivered to profile shared-a, profile shared-b\n/,
      );
      // One replacement for the shared PAT, not one per profile.
      expect(own.shared.store.allPats().filter((pat) => pat.name === 'shared automation')).toHaveLength(1);
      const ids = new Set<string>();
      for (const [name, server] of Object.entries(profiles)) {
        expect(server.store.pat(admin.clientId)).toBeUndefined();
        const who = await patkit(['whoami', '--profile', name, '--json']);
        expect(who.code, who.stderr).toBe(0);
        ids.add((JSON.parse(who.stdout) as { clientId: string }).clientId);
      }
      expect(ids.size).toBe(2);
    } finally {
      await Promise.all(Object.values(own).map((server) => server.close()));
    }
  });

  it('no tenant done is the failure itself; bad choices are refused before any request', async () => {
    const refused = await patkit(['list', '--profiles', 'refused']);
    expect(refused.code).toBe(exitCodes.auth);
    expect((await patkit(['list', '--profiles', 'prod,nope'])).code).toBe(exitCodes.notFound);
    for (const args of [
      ['list', '--profiles', 'prod', '--profile', 'sandbox'],
      ['list', '--profiles', 'prod', '--all-profiles'],
      ['list', '--profiles', 'prod', '--parallel', '0'],
      ['audit', '--profiles', 'prod', '--from', 'export.json'],
      ['export', '--profiles', 'prod', '--with-identities', 'ids.json'],
      // A tenant's fields exist only with several tenants.
      ['list', '--profile', 'prod', '--fields', 'tenant'],
    ]) {
      const result = await patkit(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: exitCodes.usage, stdout: '' });
    }
  });
});
