// Owners who left, end to end against the mock server: a terminated owner, a
// removed one and active ones; with an admin PAT, with one that cannot read
// identities, offline from an export with its identities, and in prune.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { apiVersionTable, defaultApiVersion } from '@patkit/model';
import { day } from '@patkit/model/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';

// The paths of the API version patkit uses when none is given.
const identitiesPath = apiVersionTable[defaultApiVersion].identities.basePath;

const dir = mkdtempSync(join(tmpdir(), 'patkit-owners-'));
const admin = { clientId: 'a'.repeat(32), clientSecret: 'admin-secret' };
// An admin's PAT that may list every PAT but not read identities.
const narrow = { clientId: 'e'.repeat(32), clientSecret: 'narrow-secret' };

let server: MockServer;

beforeAll(async () => {
  const at = (days: number) => new Date(Date.now() + days * day).toISOString();
  const recent = { lastUsed: at(-1), expirationDate: at(100), accessTokenValiditySeconds: 3600 };
  const narrowScope = ['sp:my-personal-access-tokens:read'];
  server = await startMockServer({
    seed: {
      identities: [
        { id: 'admin-id', name: 'Ada Admin', level: 'admin' },
        { id: 'active-id', name: 'Sam Active', level: 'user' },
        { id: 'left-id', name: 'Tess Terminated', level: 'user', identityStatus: 'TERMINATED' },
        { id: 'gone-id', name: 'Gil Gone', level: 'user', removed: true },
      ],
      pats: [
        { id: admin.clientId, secret: admin.clientSecret, name: 'admin', ownerId: 'admin-id', ...recent },
        {
          id: narrow.clientId,
          secret: narrow.clientSecret,
          name: 'lister',
          ownerId: 'admin-id',
          scope: ['sp:all-personal-access-tokens:read'],
          ...recent,
        },
        { id: 'b'.repeat(32), secret: 's', name: 'active job', ownerId: 'active-id', scope: narrowScope, ...recent },
        { id: 'c'.repeat(32), secret: 's', name: 'left job', ownerId: 'left-id', scope: narrowScope, ...recent },
        { id: 'd'.repeat(32), secret: 's', name: 'orphan job', ownerId: 'gone-id', scope: narrowScope, ...recent },
      ],
    },
  });
});

afterAll(async () => {
  forgetServer();
  await server.close();
});

type Row = { finding: string; name: string; detail: string; owner: string };
const ownerRows = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Row[] }).findings.filter((row) => row.finding.startsWith('owner_'));

describe('owners who left', () => {
  it('audit --owner all finds exactly the terminated and the missing owner', async () => {
    useServer(server.url, admin);
    const { code, stdout, stderr } = await patkit(['audit', '--owner', 'all', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(ownerRows(stdout).map(({ finding, name, detail }) => ({ finding, name, detail }))).toEqual([
      { finding: 'owner_inactive', name: 'left job', detail: 'owner is TERMINATED' },
      { finding: 'owner_missing', name: 'orphan job', detail: 'owner gone-id is not an identity of the tenant' },
    ]);
    expect(JSON.parse(stdout).summary.owners).toEqual({ checked: true, note: "with ISC's identities API" });
    const report = await patkit(['audit', '--owner', 'all', '-o', 'report', '--fail-on', 'high']);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain("owners checked (with ISC's identities API)");
    expect(report.stdout).toMatch(/high\s+owner_inactive\s+left job\s+Tess Terminated/);
    expect(report.stdout).toContain('by owner: Ada Admin 1, gone-id 1, Tess Terminated 1\n');
  });

  it.each([
    ['v1', '/identities/v1'],
    ['v2024', '/v2024/identities'],
  ])('with --api-version %s, owners are looked up at %s, with the same findings', async (version, path) => {
    useServer(server.url, admin);
    server.journal.clear();
    const { code, stdout } = await patkit(['audit', '--owner', 'all', '--json', '--api-version', version]);
    expect(code).toBe(0);
    expect(ownerRows(stdout).map(({ finding, name }) => ({ finding, name }))).toEqual([
      { finding: 'owner_inactive', name: 'left job' },
      { finding: 'owner_missing', name: 'orphan job' },
    ]);
    const asked = server.journal.list().map((entry) => entry.path.split('?')[0]);
    expect(asked).toContain(path);
    expect(asked.filter((at) => at?.includes('identities') && at !== path)).toEqual([]);
  });

  it.each([
    ['audit', ['audit', '--owner', 'left-id', '--json']],
    ['audit, by name', ['audit', '--owner', 'Tess Terminated', '--json']],
    ['prune', ['prune', '--owner', 'left-id', '--owner-inactive', '--dry-run']],
  ])('%s --owner: the identity found to list its PATs is not asked for again', async (_, args) => {
    useServer(server.url, admin);
    server.journal.clear();
    const { code, stdout, stderr } = await patkit(args);
    expect(code, stderr).toBe(0);
    expect(`${stdout}${stderr}`).toMatch(/left job/);
    if (args[0] === 'audit') expect(ownerRows(stdout).map(({ finding }) => finding)).toEqual(['owner_inactive']);
    else expect(stderr).toContain('owner is TERMINATED');
    const asked = server.journal.list().filter((entry) => entry.path.startsWith(identitiesPath));
    expect(asked).toHaveLength(1);
  });

  it('a lifecycle state the policy names counts as left; the policy can say which', async () => {
    useServer(server.url, admin);
    server.updateIdentity('active-id', { lifecycleState: 'inactive' });
    try {
      const found = ownerRows((await patkit(['audit', '--owner', 'all', '--json'])).stdout);
      expect(found.find((row) => row.name === 'active job')?.detail).toBe("owner's lifecycle state is inactive");
      const policy = join(dir, 'policy.yaml');
      writeFileSync(policy, 'inactiveLifecycleStates: [terminated]\n');
      const narrowed = ownerRows((await patkit(['audit', '--owner', 'all', '--json', '--policy', policy])).stdout);
      expect(narrowed.map((row) => row.name)).toEqual(['left job', 'orphan job']);
      writeFileSync(policy, 'allow: { owners: [left-id] }\nseverities: { owner_missing: low }\n');
      const allowed = JSON.parse((await patkit(['audit', '--owner', 'all', '--json', '--policy', policy])).stdout);
      expect(allowed.findings.filter((row: Row) => row.finding.startsWith('owner_'))).toEqual([
        expect.objectContaining({ finding: 'owner_inactive', name: 'active job' }),
        expect.objectContaining({ finding: 'owner_missing', name: 'orphan job', severity: 'low' }),
      ]);
    } finally {
      server.updateIdentity('active-id', { lifecycleState: 'active' });
    }
  });

  it('without idn:identity:read: one warning naming what was skipped, and the rest reported', async () => {
    useServer(server.url, narrow);
    const { code, stdout, stderr } = await patkit(['audit', '--owner', 'all', '--json', '--fail-on', 'high']);
    expect(stderr).toBe(
      `patkit: warning: this PAT cannot read identities (403 from GET ${identitiesPath}; it needs idn:identity:read): owned by someone who left and owned by no identity PATs were not looked for\n`,
    );
    const json = JSON.parse(stdout);
    expect(ownerRows(stdout)).toEqual([]);
    expect(json.summary.owners).toEqual({ checked: false, note: 'the PAT lacks idn:identity:read' });
    expect(json.findings.map((row: Row) => row.finding)).toContain('broad_scope');
    // Exits by the other findings: the admin PAT's broad scope is high.
    expect(code).toBe(1);
    const file = join(dir, 'refused.json');
    const exported = await patkit(['export', '-o', 'ndjson', '--with-identities', file]);
    expect(exported.code).toBe(4);
    expect(exported.stdout.trim().split('\n')).toHaveLength(5);
    expect(exported.stderr).toContain(
      `the PATs were written, ${file} was not: reading identities needs idn:identity:read`,
    );
  });

  it('offline: export --with-identities, then audit --from --identities finds the same', async () => {
    useServer(server.url, admin);
    const identities = join(dir, 'identities.json');
    const exported = await patkit(['export', '-o', 'ndjson', '--with-identities', identities]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(`patkit: wrote 3 of 4 owner(s) to ${identities} (1 resolve to no identity)\n`);
    const written = JSON.parse(readFileSync(identities, 'utf8')) as { id: string; identityStatus: string }[];
    expect(written.map((identity) => [identity.id, identity.identityStatus]).sort()).toEqual([
      ['active-id', 'ACTIVE'],
      ['admin-id', 'ACTIVE'],
      ['left-id', 'TERMINATED'],
    ]);
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, exported.stdout);
    forgetServer();
    const offline = await patkit(['audit', '--from', file, '--identities', identities, '--json']);
    expect(offline.code).toBe(0);
    expect(ownerRows(offline.stdout).map((row) => [row.finding, row.name])).toEqual([
      ['owner_inactive', 'left job'],
      ['owner_missing', 'orphan job'],
    ]);
    const unchecked = JSON.parse((await patkit(['audit', '--from', file, '--json'])).stdout);
    expect(unchecked.summary.owners.checked).toBe(false);
    expect(unchecked.summary.owners.note).toContain('--identities FILE');
  });

  it('prune --owner-inactive and --owner-missing select them', async () => {
    useServer(server.url, admin);
    const { code, stderr } = await patkit([
      'prune',
      '--owner',
      'all',
      '--owner-inactive',
      '--owner-missing',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('would delete 2 PAT(s)');
    expect(stderr).toContain(`${'c'.repeat(32)}  left job  (Tess Terminated): owner is TERMINATED`);
    expect(stderr).toContain(
      `${'d'.repeat(32)}  orphan job  (gone-id): owner gone-id is not an identity of the tenant`,
    );
    useServer(server.url, narrow);
    const refused = await patkit(['prune', '--owner', 'all', '--owner-inactive', '--dry-run']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`--owner-inactive needs to read identities (403 from ${identitiesPath})`);
  });
});
