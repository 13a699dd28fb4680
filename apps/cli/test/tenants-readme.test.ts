// The "Many tenants" section of the CLI README, as written: each `patkit …`
// line run by sh, in order, in one folder, across two mock servers set up
// as the profiles `sandbox` and `prod` (the demo tenant, the demo admin's PAT).
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoCredentials, type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(cli, 'README.md'), 'utf8');
const section = /^## Many tenants\n([\s\S]*?)(?=^##+ )/m.exec(readme)?.[1] ?? '';
const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((block) => (block[1] as string).split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('patkit '));

const dir = mkdtempSync(join(tmpdir(), 'patkit-tenants-readme-'));
const servers: MockServer[] = [];
const sh = (line: string, env: NodeJS.ProcessEnv) =>
  promisify(execFile)('sh', ['-c', line], { cwd: dir, env, encoding: 'utf8' }).then(
    (done) => ({ code: 0, ...done }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );

let env: NodeJS.ProcessEnv;
const sailConfig = () => join(env.HOME as string, '.sailpoint', 'config.yaml');

beforeAll(async () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  await writeFile(
    join(bin, 'patkit'),
    `#!/bin/sh\nexec ${join(cli, '../../node_modules/.bin/tsx')} --conditions=@patkit/source ${join(cli, 'src/main.ts')} "$@"\n`,
  );
  chmodSync(join(bin, 'patkit'), 0o755);
  const { SAIL_BASE_URL: _u, SAIL_CLIENT_ID: _i, SAIL_CLIENT_SECRET: _s, ...rest } = process.env;
  env = { ...rest, PATH: `${bin}:${process.env.PATH}`, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'patkit-xdg-')) };
  // sail's environments (older sail: the PAT in config.yaml; no D-Bus, so no keyring is touched), two more tenants.
  const { DBUS_SESSION_BUS_ADDRESS: _bus, ...noBus } = env;
  env = { ...noBus, HOME: mkdtempSync(join(tmpdir(), 'patkit-home-')) };
  const environments: string[] = [];
  for (const name of ['staging', 'live']) {
    const server = await startMockServer({ seed: 'demo' });
    servers.push(server);
    const { clientId, clientSecret } = demoCredentials.admin;
    environments.push(
      `  ${name}:\n    baseurl: ${server.url}\n    pat:\n      clientid: ${clientId}\n      clientsecret: ${clientSecret}\n`,
    );
  }
  mkdirSync(join(env.HOME as string, '.sailpoint'));
  await writeFile(sailConfig(), `activeenvironment: staging\nenvironments:\n${environments.join('')}`);
  for (const profile of ['sandbox', 'prod']) {
    const server = await startMockServer({ seed: 'demo' });
    servers.push(server);
    const { clientId, clientSecret } = demoCredentials.admin;
    for (const line of [
      `patkit config set baseUrl ${server.url} --profile ${profile}`,
      `patkit config set clientId ${clientId} --profile ${profile}`,
      `printf %s ${clientSecret} | patkit config set clientSecret --client-secret-stdin --profile ${profile}`,
    ])
      expect((await sh(line, env)).code, line).toBe(0);
  }
}, 120_000);
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe('the README: Many tenants', () => {
  it('has its commands', () => {
    expect(lines.length).toBeGreaterThanOrEqual(6);
  });

  it('runs each line as written, in order', async () => {
    for (const line of lines) {
      const run = await sh(line, env);
      // The CI gate exits 1: the demo tenant has high findings.
      expect(run.code, `${line}\n${run.stderr}`).toBe(line.includes('--fail-on high') ? 1 : 0);
      // Piped, whoami prints JSON: one entry per tenant.
      if (line.startsWith('patkit whoami'))
        expect((JSON.parse(run.stdout) as { tenant: string }[]).map((one) => one.tenant)).toEqual(['sandbox', 'prod']);
      if (line.includes('--fail-on')) expect(run.stdout).toMatch(/by tenant: sandbox \d+ finding/);
    }
    const exported = readFileSync(join(dir, 'all-tenants.ndjson'), 'utf8').trim().split('\n');
    expect(new Set(exported.map((line) => (JSON.parse(line) as { tenant: string }).tenant))).toEqual(
      new Set(['sandbox', 'prod']),
    );
    expect(readFileSync(join(dir, 'unused.csv'), 'utf8').split('\r\n')[0]).toMatch(/^tenant,host,id,name,/);
    // Each environment rotated: sail's file holds a new PAT for each.
    const ids = [...readFileSync(sailConfig(), 'utf8').matchAll(/clientid: (\S+)/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);
    expect(ids).not.toContain(demoCredentials.admin.clientId);
    expect(new Set(ids).size).toBe(2);
    for (const tenant of ['sandbox', 'prod'])
      expect(readFileSync(join(dir, `identities-${tenant}.json`), 'utf8')).toMatch(/^\[/);
  }, 120_000);
});
