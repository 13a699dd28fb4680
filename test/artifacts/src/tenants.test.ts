// Several tenants from the installed CLI: three installed mock servers as
// three profiles, one slow (a latency fault), one whose PAT is refused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalScreen } from '../../../scripts/terminal-screen.mjs';
import {
  adminPat,
  adminWrite,
  emptyHome,
  pinnedNode,
  type RunningMock,
  sh,
  startMock,
  userEnv,
  writeSeed,
} from './artifacts.test-utils.js';

const home = emptyHome();
const env = userEnv(pinnedNode, home);
const patkit = (args: readonly string[], input?: string) =>
  sh('patkit', args, env, input === undefined ? {} : { input });
const names = ['prod', 'sandbox', 'refused'] as const;
const mocks: Record<string, RunningMock> = {};

beforeAll(async () => {
  for (const name of names) {
    mocks[name] = await startMock(['--seed', writeSeed(emptyHome()), '--port', '0', '--log-level', 'warn'], env);
    const secret = name === 'refused' ? 'not-the-secret' : adminPat.secret;
    expect(patkit(['config', 'set', 'baseUrl', (mocks[name] as RunningMock).url, '--profile', name]).code).toBe(0);
    expect(patkit(['config', 'set', 'clientId', adminPat.id, '--profile', name]).code).toBe(0);
    expect(patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', name], secret).code).toBe(0);
  }
  expect(
    await adminWrite((mocks.sandbox as RunningMock).url, 'POST', '/__admin/faults', { path: '/', latency: 300 }),
  ).toBe(201);
}, 120_000);

afterAll(async () => {
  for (const mock of Object.values(mocks)) await mock.stop();
});

describe(`several tenants, installed, on Node.js ${pinnedNode.version}`, () => {
  it('every record has its tenant; the refused tenant is named and the others complete, exit 8', () => {
    const host = (name: string) => new URL((mocks[name] as RunningMock).url).host;
    const who = patkit(['whoami', '--all-profiles', '--json']);
    expect(who.code).toBe(8);
    expect(who.stderr).toMatch(/^patkit: tenant refused: .+\n$/);
    expect((JSON.parse(who.stdout) as { tenant: string; host: string }[]).map((one) => [one.tenant, one.host])).toEqual(
      [
        ['prod', host('prod')],
        ['sandbox', host('sandbox')],
      ],
    );

    const listed = patkit(['list', '--all-profiles', '--owner', 'all', '-o', 'ndjson']);
    expect(listed.code).toBe(8);
    const records = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(records).toHaveLength(6);
    for (const record of records) expect(record.host).toBe(host(record.tenant as string));

    const exported = patkit(['export', '--profiles', 'prod,sandbox', '-o', 'csv']);
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\r\n')[0]).toMatch(/^tenant,host,id,/);

    const audit = patkit(['audit', '--all-profiles', '--owner', 'all', '--json', '--fail-on', 'high']);
    expect(audit.code).toBe(8);
    const report = JSON.parse(audit.stdout) as { summary: { audited: number }; tenants: { tenant: string }[] };
    expect(report.summary.audited).toBe(6);
    expect(report.tenants.map((one) => one.tenant)).toEqual(['prod', 'sandbox']);

    // Each tenant's owners in a file of its own, then audited from those files.
    const files = join(emptyHome(), '{tenant}-identities.json');
    const withIdentities = patkit(['export', '--all-profiles', '-o', 'ndjson', '--with-identities', files]);
    expect(withIdentities.code).toBe(8);
    for (const name of ['prod', 'sandbox']) expect(withIdentities.stderr).toContain(`patkit: tenant ${name}: wrote `);
    const fromFiles = patkit([
      'audit',
      '--profiles',
      'prod,sandbox',
      '--owner',
      'all',
      '--identities',
      files,
      '--json',
    ]);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    expect(
      (JSON.parse(fromFiles.stdout) as { tenants: { summary: { owners: { note: string } } }[] }).tenants.map(
        (one) => one.summary.owners.note,
      ),
    ).toEqual(['prod', 'sandbox'].map((name) => `from ${files.replace('{tenant}', name)}`));

    const pruned = patkit(['prune', '--all-profiles', '--owner', 'all', '--never-used', '--dry-run']);
    expect(pruned.code).toBe(8);
    expect(pruned.stderr).toMatch(/\n {2}\[prod\] c{32} {2}forgotten /);
    expect(pruned.stderr).toMatch(/\n {2}\[sandbox\] c{32} {2}forgotten /);
  });

  it('on a terminal: a line per tenant with what it is doing; a failure meanwhile is written above them, and they end erased', async () => {
    const sandbox = (mocks.sandbox as RunningMock).url;
    const refused = (mocks.refused as RunningMock).url;
    // The sandbox's list comes after the first drawing (at 1 s), and the refused tenant fails after it.
    expect(
      await adminWrite(sandbox, 'POST', '/__admin/faults', { path: '/personal-access-tokens', latency: 2500 }),
    ).toBe(201);
    expect(await adminWrite(refused, 'POST', '/__admin/faults', { path: '/oauth/token', latency: 1500 })).toBe(201);
    try {
      // The audit of every profile in a pseudo-terminal of that size: its exit code, and what it drew.
      const audit = (size: string) => {
        const run = spawnSync(
          'script',
          ['-qec', `stty ${size}; patkit audit --all-profiles --owner all`, '/dev/null'],
          {
            env,
            cwd: home,
            input: '',
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        return { code: run.status, drawn: run.stdout.replaceAll('\r\n', '\n') };
      };
      const { code, drawn } = audit('cols 200');
      expect(code, drawn).toBe(8);
      // While it waited: the sandbox's line said how far its audit got, the refused tenant's that it failed.
      expect(drawn).toContain('\r\u001b[2K  sandbox  auditing: 0 PAT(s) audited, 0 owner(s) looked up\n');
      expect(drawn).toContain('\r\u001b[2K  refused  failed');
      const screen = terminalScreen(drawn);
      // What the user is left with: the failure in one line, then the report; nothing of the drawing.
      expect(screen[0]).toMatch(/^patkit: tenant refused: POST \/oauth\/token failed with 401/);
      expect(screen[1]).toMatch(/^patkit audit: \d+ finding\(s\) on \d+ of 6 PAT\(s\)/);
      expect(screen.filter((line) => /tenants… \d+ s|^ {2}(prod|sandbox|refused) {2}/.test(line))).toEqual([]);
      // A terminal lower than the lines: the tenants counted in the first line, below it only the busy ones; nothing scrolled away.
      const low = audit('rows 4 cols 200');
      expect(low.code, low.drawn).toBe(8);
      expect(low.drawn).toMatch(/3 tenants: \d done, \d working, \d failed, \d waiting… \d+ s\n/);
      expect(low.drawn).toContain('\r\u001b[2K  sandbox  auditing: ');
      const history = terminalScreen(low.drawn, 4);
      expect(history[0]).toMatch(/^patkit: tenant refused: /);
      expect(history.filter((line) => /tenants(:.*)?… \d+ s|^ {2}(prod|sandbox|refused) {2}/.test(line))).toEqual([]);
    } finally {
      for (const url of [sandbox, refused])
        expect(await adminWrite(url, 'DELETE', '/__admin/faults', undefined)).toBe(204);
      expect(await adminWrite(sandbox, 'POST', '/__admin/faults', { path: '/', latency: 300 })).toBe(201);
    }
  }, 90_000);

  it('rotate --self across profiles: each profile works with its new PAT, each old PAT is gone', () => {
    // A second profile holding prod's PAT: rotated once, into both.
    expect(patkit(['config', 'set', 'baseUrl', (mocks.prod as RunningMock).url, '--profile', 'prod-again']).code).toBe(
      0,
    );
    expect(patkit(['config', 'set', 'clientId', adminPat.id, '--profile', 'prod-again']).code).toBe(0);
    const secret = ['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', 'prod-again'];
    expect(patkit(secret, adminPat.secret).code).toBe(0);
    const pruned = patkit(['prune', '--profiles', 'prod,prod-again', '--owner', 'all', '--never-used', '--dry-run']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toMatch(/\n {2}\[prod\] c{32} {2}forgotten /);
    expect(pruned.stderr).not.toContain('[prod-again]');
    const rotated = patkit(['rotate', '--self', '--profiles', 'prod,sandbox,prod-again', '--update-profile']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(/patkit: tenant prod: rotated .*, delivered to profile prod, profile prod-again\n/);
    const again = patkit(['whoami', '--profile', 'prod-again', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { clientId: string }).clientId).toBe(
      (JSON.parse(patkit(['whoami', '--profile', 'prod', '--json']).stdout) as { clientId: string }).clientId,
    );
    for (const name of ['prod', 'sandbox']) {
      expect(rotated.stderr).toMatch(
        new RegExp(`patkit: tenant ${name}: rotated admin automation: a{32} → [0-9a-f]{32}`),
      );
      const who = patkit(['whoami', '--profile', name, '--json']);
      expect(who.code).toBe(0);
      const facts = JSON.parse(who.stdout) as { clientId: string; pat: { name: string } };
      expect(facts.clientId).not.toBe(adminPat.id);
      expect(facts.pat.name).toBe('admin automation');
      const listed = JSON.parse(patkit(['list', '--profile', name, '--owner', 'all', '--json', 'id']).stdout) as {
        id: string;
      }[];
      expect(listed.map((pat) => pat.id)).not.toContain(adminPat.id);
    }
  });

  it("rotate --self across sail's environments: each one's new PAT in sail's config, each old PAT gone", async () => {
    const own = {
      east: await startMock(['--seed', writeSeed(emptyHome()), '--port', '0', '--log-level', 'warn'], env),
      west: await startMock(['--seed', writeSeed(emptyHome()), '--port', '0', '--log-level', 'warn'], env),
    };
    try {
      const sailHome = emptyHome();
      mkdirSync(join(sailHome, '.sailpoint'));
      const file = join(sailHome, '.sailpoint', 'config.yaml');
      const environment = (name: string, url: string, secret: string) =>
        `  ${name}:\n    baseurl: ${url}\n    pat:\n      clientid: ${adminPat.id}\n      clientsecret: ${secret}\n`;
      writeFileSync(
        file,
        `activeenvironment: east\nenvironments:\n${environment('east', own.east.url, adminPat.secret)}${environment('west', own.west.url, adminPat.secret)}${environment('refused', (mocks.refused as RunningMock).url, 'not-the-secret')}`,
      );
      const sail = (args: readonly string[]) => sh('patkit', args, { ...env, HOME: sailHome });
      const rotated = sail(['rotate', '--self', '--all-environments', '--sailpoint-config']);
      expect(rotated.code, rotated.stderr).toBe(8);
      expect(rotated.stderr).toMatch(/patkit: tenant refused: /);
      for (const name of ['east', 'west']) {
        expect(rotated.stderr).toMatch(new RegExp(`patkit: tenant ${name}: rotated admin automation: a{32} → `));
        const who = sail(['whoami', '--environments', name, '--json']);
        expect(who.code, who.stderr).toBe(0);
        const [facts] = JSON.parse(who.stdout) as { clientId: string; pat: { name: string } }[];
        expect(facts?.clientId).not.toBe(adminPat.id);
        expect(facts?.pat.name).toBe('admin automation');
      }
      expect(readFileSync(file, 'utf8')).toContain(`clientid: ${adminPat.id}\n      clientsecret: not-the-secret\n`);
    } finally {
      await Promise.all(Object.values(own).map((mock) => mock.stop()));
    }
  });
});
