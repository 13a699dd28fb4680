import { chmodSync, statSync } from 'node:fs';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { apiVersionTable, defaultApiVersion } from '@patkit/model';
import { day } from '@patkit/model/time';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';

// The paths of the API version patkit uses when none is given.
const patsPath = apiVersionTable[defaultApiVersion].basePath;

let server: MockServer;
const user = { clientId: 'b'.repeat(32), clientSecret: 'user-secret' };

beforeAll(async () => {
  const now = Date.now();
  server = await startMockServer({
    seed: {
      identities: [
        { id: 'user-id', name: 'Sam User', level: 'user' },
        { id: 'admin-id', name: 'Ada Admin', level: 'admin' },
      ],
      pats: [
        {
          id: user.clientId,
          secret: user.clientSecret,
          name: 'main',
          ownerId: 'user-id',
          lastUsed: new Date(now).toISOString(),
        },
        {
          id: 'c'.repeat(32),
          secret: 's',
          name: 'stale',
          ownerId: 'user-id',
          lastUsed: new Date(now - 120 * day).toISOString(),
        },
        {
          id: 'd'.repeat(32),
          secret: 's',
          name: 'unused',
          ownerId: 'user-id',
          lastUsed: null,
          expirationDate: new Date(now + 3.2 * day).toISOString(),
        },
        { id: 'e'.repeat(32), secret: 's', name: 'admin', ownerId: 'admin-id' },
      ],
    },
  });
  useServer(server.url, { clientId: user.clientId, clientSecret: user.clientSecret });
});

beforeEach(() => {
  process.env.CI = 'true';
});

afterAll(async () => {
  forgetServer();
  await server.close();
});

describe('patkit list', () => {
  it('prints JSON when stdout is not a terminal', async () => {
    const { code, stdout } = await patkit(['list']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Array<{ name: string }>).map((p) => p.name)).toEqual(['main', 'stale', 'unused']);
  });

  it('filters by last use, on the server', async () => {
    const stale = JSON.parse((await patkit(['list', '--unused-since', '90d'])).stdout) as Array<{ name: string }>;
    expect(stale.map((p) => p.name)).toEqual(['stale']);
    const never = JSON.parse((await patkit(['list', '--never-used'])).stdout) as Array<{ name: string }>;
    expect(never.map((p) => p.name)).toEqual(['unused']);
    const both = JSON.parse((await patkit(['list', '--never-used', '--unused-since', '90d'])).stdout) as Array<{
      name: string;
    }>;
    expect(both.map((p) => p.name)).toEqual(['stale', 'unused']);
    const journal = server.journal.list({ path: `${patsPath}?owner-id=me&filters` });
    expect(journal.map((e) => decodeURIComponent(e.path).replaceAll('+', ' '))).toEqual([
      expect.stringMatching(/filters=lastUsed le \d{4}-/),
      `${patsPath}?owner-id=me&filters=lastUsed isnull`,
    ]);
  });

  it('writes every format, with --fields', async () => {
    expect((await patkit(['list', '-o', 'csv', '--fields', 'name,owner.name'])).stdout).toBe(
      'name,owner.name\r\nmain,Sam User\r\nstale,Sam User\r\nunused,Sam User\r\n',
    );
    expect((await patkit(['list', '-o', 'ndjson', '--fields', 'name'])).stdout).toBe(
      '{"name":"main"}\n{"name":"stale"}\n{"name":"unused"}\n',
    );
    expect((await patkit(['list', '--format', 'ndjson', '--fields', 'name'])).stdout).toBe(
      '{"name":"main"}\n{"name":"stale"}\n{"name":"unused"}\n',
    );
    expect((await patkit(['list', '-o', 'yaml', '--fields', 'name'])).stdout).toBe(
      '- name: main\n- name: stale\n- name: unused\n',
    );
    const table = (await patkit(['list', '-o', 'table'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^id\s+name\s+owner\s+lastUsed\s+expires\s+managed\s+scope$/);
    expect(table).toContain('120 days ago');
    expect(table).toContain('in 3 days');
    expect(table).not.toContain('\u001b[');
  });

  it('needs an all right for --owner all, exit 4 with a hint', async () => {
    const { code, stderr } = await patkit(['list', '--owner', 'all']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/403/);
    expect(stderr).toMatch(/hint: the PAT's scopes do not allow this/);
  });
});

describe('safer defaults and plain words', () => {
  it('create needs --scope (sp:scopes:all only when said); removing the last scope is refused', async () => {
    server.journal.clear();
    const unsaid = await patkit(['create', '--name', 'broad', '--expires', '30d']);
    expect({ code: unsaid.code, stdout: unsaid.stdout }).toEqual({ code: 2, stdout: '' });
    expect(unsaid.stderr).toMatch(
      /^patkit: --scope is required: .*\nhint: for example:\n {2}--scope sp:my-personal-access-tokens:read /,
    );
    expect(unsaid.stderr).toContain('--scope sp:scopes:all ');
    expect(server.journal.list()).toEqual([]);
    expect((await patkit(['create', '--help'])).stdout).toMatch(/--scope <scope> +a scope \(required\)/);
    const created = await patkit(['create', '--name', 'broad', '--expires', '30d', '--scope', 'sp:scopes:all']);
    expect(created.code).toBe(0);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    const last = await patkit(['scope', id, '--remove', 'sp:scopes:all']);
    expect(last.code).toBe(2);
    expect(last.stderr).toContain('sp:scopes:all is the last scope of broad: without one, ISC grants sp:scopes:all');
    expect(server.store.pat(id)?.scope).toEqual(['sp:scopes:all']);
    await patkit(['delete', id, '--yes']);
  });

  it('a scope SailPoint does not name is warned about, with the closest known one; known scopes pass quietly', async () => {
    const created = await patkit(['create', '--name', 'typo', '--scope', 'sp:my-personal-access-token:read']);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(
      "warning: sp:my-personal-access-token:read is not a scope that SailPoint's API specs name — did you mean sp:my-personal-access-tokens:read?",
    );
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    const added = await patkit(['scope', id, '--add', 'idn:identity:read', '--add', 'made-up']);
    expect(added.code).toBe(0);
    expect(added.stderr).not.toContain('idn:identity:read is not');
    expect(added.stderr).toContain(
      "warning: made-up is not a scope that SailPoint's API specs name; no API operation asks for it",
    );
    expect(server.store.pat(id)?.scope).toEqual(['sp:my-personal-access-token:read', 'idn:identity:read', 'made-up']);
    const known = await patkit(['scope', id, '--set', 'sp:my-personal-access-tokens:read']);
    expect(known.stderr).not.toContain('warning');
    await patkit(['delete', id, '--yes']);
  });
});

describe('one relative time', () => {
  it('audit and list say the same of the same expiry in the same minute', async () => {
    const audit = JSON.parse((await patkit(['audit', '--json'])).stdout) as {
      findings: { name: string; finding: string; detail: string }[];
    };
    const expiring = audit.findings.find((f) => f.name === 'unused' && f.finding === 'expiring_soon');
    const listed = JSON.parse((await patkit(['list', '--json'])).stdout) as { name: string; expirationDate: string }[];
    const table = (await patkit(['list', '-o', 'table', '--fields', 'name,expires'])).stdout;
    expect(expiring?.detail).toBe('expires in 3 days');
    expect(table).toMatch(/unused\s+in 3 days/);
    expect(listed.find((pat) => pat.name === 'unused')?.expirationDate).toBeDefined();
  });
});

describe('changing PATs', () => {
  it('creates with the secret once on stdout and a warning on stderr', async () => {
    const { code, stdout, stderr } = await patkit([
      'create',
      '--name',
      'from cli',
      '--scope',
      'sp:my-personal-access-tokens:read',
      '--expires',
      '30d',
      '--validity',
      '1h',
    ]);
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as {
      id: string;
      secret: string;
      accessTokenValiditySeconds: number;
      scope: string[];
    };
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created).toMatchObject({ accessTokenValiditySeconds: 3600, scope: ['sp:my-personal-access-tokens:read'] });
    expect(stderr).toContain('the only time the secret is shown');

    // One PAT changed: one object, not a list of one.
    const renamed = JSON.parse((await patkit(['rename', created.id, 'renamed'])).stdout) as { name: string };
    expect(renamed.name).toBe('renamed');
    const scoped = JSON.parse(
      (await patkit(['scope', created.id, '--add', 'sp:my-personal-access-tokens:manage'])).stdout,
    ) as { scope: string[] };
    expect(scoped.scope).toEqual(['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage']);
    const removed = JSON.parse(
      (await patkit(['scope', created.id, '--remove', 'sp:my-personal-access-tokens:read'])).stdout,
    ) as { scope: string[] };
    expect(removed.scope).toEqual(['sp:my-personal-access-tokens:manage']);
    const never = JSON.parse((await patkit(['expire', created.id, 'never'])).stdout) as {
      expirationDate: string | null;
    };
    expect(never.expirationDate).toBeNull();
    // A legacy version cannot: said before any request, with the way out.
    expect(await patkit(['expire', created.id, 'never', '--api-version', 'v3'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/API version v3 cannot change a PAT's expiry[\s\S]*--api-version v2025 or later/),
    });

    expect(await patkit(['delete', created.id])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('without --yes'),
    });
    // --dry-run checks each id, names the PAT, and says which do not exist (exit 3).
    expect(await patkit(['delete', created.id, '--dry-run'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(`^would delete ${created.id}  renamed  \\(owner Sam User, last used never\\)\n$`),
      ),
    });
    const unknown = await patkit(['delete', created.id, 'f'.repeat(32), '--dry-run']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain(`${'f'.repeat(32)}  (no such PAT, or not one this PAT may see)`);
    // The PAT patkit runs as: off a terminal, only with --yes --force-self.
    const self = await patkit(['delete', user.clientId, '--yes']);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('is the PAT patkit is running as');
    expect(server.store.pat(user.clientId)).toBeDefined();
    expect(await patkit(['delete', created.id, '--yes'])).toMatchObject({ code: 0, stdout: `deleted ${created.id}\n` });
    // A PAT that does not exist is exit 3, as in every command.
    const gone = await patkit(['delete', created.id, '--yes']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/404/);
  });

  it('answers 5 for other API errors', async () => {
    const fault = server.faults.add({ path: patsPath, status: 500 });
    const { code, stderr } = await patkit(['list']);
    server.faults.remove(fault.id);
    expect(code).toBe(5);
    expect(stderr).toMatch(/failed with 500 \(500.0 Internal Fault\)/);
  });

  it('explains a dropped connection in words, not a socket code', async () => {
    const fault = server.faults.add({ path: patsPath, reset: true });
    const { code, stderr } = await patkit(['list']);
    server.faults.remove(fault.id);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^patkit: cannot reach http:\/\/127\.0\.0\.1:\d+: the connection was (dropped|closed)/);
    expect(stderr).not.toMatch(/^patkit: .*failed: UND_ERR/);
    expect(stderr).toContain('hint: check the base URL');
  }, 60_000);

  it('answers 3 for an unknown PAT, 2 for usage errors', async () => {
    const missing = await patkit(['rename', 'nope', 'x']);
    expect(missing.code).toBe(3);
    // Which PAT was looked for, among whose, and where to look.
    expect(missing.stderr).toContain('hint: no PAT nope among those this PAT may change');
    expect((await patkit(['create'])).code).toBe(2);
    expect((await patkit(['scope', 'x'])).code).toBe(2);
    expect(
      (await patkit(['create', '--name', 'x', '--expires', 'soon', '--scope', 'sp:my-personal-access-tokens:read']))
        .code,
    ).toBe(2);
  });
});

describe('profiles and whoami', () => {
  it('keep settings by name, the secret in a 0600 file, and say where each value came from', async () => {
    expect((await patkit(['config', 'set', 'baseUrl', server.url, '--profile', 'mock'])).code).toBe(0);
    expect((await patkit(['config', 'set', 'clientId', user.clientId, '--profile', 'mock'])).code).toBe(0);
    const refused = await patkit(['config', 'set', 'clientSecret', 'on-the-command-line', '--profile', 'mock']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('never goes on the command line');
    expect(
      (await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', 'mock'], user.clientSecret))
        .code,
    ).toBe(0);
    const secretFile = (await patkit(['config', 'get', 'clientSecretFile', '--profile', 'mock'])).stdout.trim();
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect((await patkit(['config', 'list'])).stdout).toBe(`* mock  ${server.url}  ${user.clientId}  secret: file\n`);

    const saved = { ...process.env };
    delete process.env.SAIL_BASE_URL;
    delete process.env.SAIL_CLIENT_ID;
    delete process.env.SAIL_CLIENT_SECRET;
    try {
      const viaProfile = await patkit(['list', '--profile', 'mock']);
      expect(viaProfile.stderr).toBe('');
      expect(viaProfile.code).toBe(0);
      const who = JSON.parse((await patkit(['whoami', '--json'])).stdout);
      expect(who).toMatchObject({
        baseUrl: server.url,
        clientId: user.clientId,
        sources: {
          baseUrl: 'profile mock (current)',
          clientId: 'profile mock (current)',
          clientSecret: 'profile mock (current)',
        },
        token: { user: 'sam.user', identityId: 'user-id', scope: 'sp:scopes:all' },
        pat: { name: 'main', owner: 'Sam User', expires: null },
      });
      chmodSync(secretFile, 0o644);
      const loose = await patkit(['list']);
      expect(loose.stderr).toContain(`${secretFile} can be read by others (mode 644); run chmod 600`);
      chmodSync(secretFile, 0o600);
    } finally {
      Object.assign(process.env, saved);
    }
    const table = (await patkit(['whoami', '-o', 'table'])).stdout;
    expect(table).toContain('(environment SAIL_BASE_URL)');
    expect(table).toContain('PAT          main, owned by Sam User, never expires');

    expect((await patkit(['config', 'use', 'nope'])).code).toBe(3);
    expect((await patkit(['config', 'remove', 'mock'])).code).toBe(0);
    expect((await patkit(['config', 'list'])).stdout).toBe('');
  });
});

describe('--owner by name or alias', () => {
  const asAdmin = async <T>(work: () => Promise<T>): Promise<T> => {
    useServer(server.url, { clientId: 'e'.repeat(32), clientSecret: 's' });
    try {
      return await work();
    } finally {
      useServer(server.url, user);
    }
  };
  const names = (stdout: string) => (JSON.parse(stdout) as { name: string }[]).map((pat) => pat.name).sort();

  it("finds the identity's PATs by its name, alias or id, in any case", async () => {
    await asAdmin(async () => {
      for (const owner of ['Sam User', 'sam user', 'sam.user', 'user-id']) {
        const listed = await patkit(['list', '--owner', owner, '--json']);
        expect({ owner, code: listed.code, stderr: listed.stderr }).toEqual({ owner, code: 0, stderr: '' });
        expect(names(listed.stdout)).toEqual(['main', 'stale', 'unused']);
      }
      const audited = await patkit(['audit', '--owner', 'Ada Admin', '--json']);
      expect(audited.code).toBe(0);
      expect((JSON.parse(audited.stdout) as { summary: { audited: number } }).summary.audited).toBe(1);
    });
  });

  it('refuses a name that finds no identity (exit 3) or several (exit 2), naming them', async () => {
    server.seed({ identities: [{ id: 'other-sam', name: 'Sam User', level: 'user' }], pats: [] }, 'merge');
    try {
      await asAdmin(async () => {
        const none = await patkit(['list', '--owner', 'sam']);
        expect({ code: none.code, stdout: none.stdout }).toEqual({ code: 3, stdout: '' });
        expect(none.stderr).toContain('patkit: --owner "sam": no identity has that id, name or alias');
        const two = await patkit(['list', '--owner', 'Sam User']);
        expect(two.code).toBe(2);
        expect(two.stderr).toContain('--owner "Sam User" names 2 identities: Sam User (');
        expect(two.stderr).toContain('(other-sam)');
      });
    } finally {
      server.updateIdentity('other-sam', { removed: true });
    }
  });

  it('without idn:identity:read takes an id as it is, and refuses a name saying why', async () => {
    // A user's PAT may list no one else's: ISC's 403 shows that the id went to it as it was given.
    server.journal.clear();
    const byId = await patkit(['list', '--owner', 'user-id', '--json']);
    expect(byId.code).toBe(4);
    expect(server.journal.list({ path: `${patsPath}?owner-id=user-id` })).toHaveLength(1);
    const byName = await patkit(['list', '--owner', 'Sam User']);
    expect({ code: byName.code, stdout: byName.stdout }).toEqual({ code: 2, stdout: '' });
    expect(byName.stderr).toContain('which this PAT cannot read (it needs idn:identity:read)');
  });
});
