// The "Rotating PATs" section of the CLI README, as written: each `patkit`
// line of its shell blocks, and the command of its scheduled job, run by sh
// against a fresh mock tenant, with gh, vault and kubectl replaced by stubs
// that keep their arguments and standard input. Each delivered secret must
// work, and must never be in a command's arguments.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mints, robotTenant } from '../src/rotate.test-utils.js';

const cli = fileURLToPath(new URL('../', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const readme = readFileSync(join(cli, 'README.md'), 'utf8');
const section = /^## Rotating PATs\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
const shellLines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((block) => (block[1] as string).split('\n'))
  .map((line) => (line.startsWith("patkit rotate --self --exec '") ? line : line.replace(/\s+#.*$/, '')).trim())
  .filter((line) => line.startsWith('patkit '));
const job = /- run: npx --yes (patkit rotate .*)$/m.exec(section)?.[1];

const ci = { clientId: 'c3'.repeat(16), clientSecret: 'readme-ci-secret' };
const other = { id: '86f1dc6fe8f54414950454cbb11278fa', secret: 'other-secret' };
const dir = mkdtempSync(join(tmpdir(), 'patkit-rotate-readme-'));
const bin = join(dir, 'bin');
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    seed: robotTenant({ ...ci, name: 'ci' }, {}, [
      { id: other.id, secret: other.secret, name: 'deploy', ownerId: 'robot', scope: ['sp:scopes:all'] },
    ]),
  });
  mkdirSync(bin);
  const script = (name: string, text: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${text}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script(
    'patkit',
    `exec "${process.execPath}" --import "${tsx}" --conditions=@patkit/source "${join(cli, 'src/main.ts')}" "$@"`,
  );
  // Each stub keeps its arguments and its standard input, a line each.
  const keep = (name: string) =>
    `printf '%s\\n' "$*" >> "$STUBS/${name}.args"; cat >> "$STUBS/${name}.stdin"; echo >> "$STUBS/${name}.stdin"`;
  script('gh', keep('gh'));
  script('vault', keep('vault'));
  script('kubectl', `${keep('kubectl')}\ncase "$1" in create) echo 'kind: Secret' ;; esac`);
});
afterAll(() => server.close());

/** Runs one line in sh, in a fresh tenant, with a profile `ci` (current) and sail's file. */
async function runLine(line: string, env: Record<string, string> = {}, prepare = () => {}) {
  server.reset();
  prepare();
  const run = mkdtempSync(join(dir, 'run-'));
  const home = join(run, 'home');
  mkdirSync(join(home, '.sailpoint'), { recursive: true });
  writeFileSync(
    join(home, '.sailpoint/config.yaml'),
    `activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${server.url}\n    pat:\n      clientid: ${ci.clientId}\n      clientsecret: ${ci.clientSecret}\n`,
  );
  const environment = {
    PATH: `${bin}:${join(process.execPath, '..')}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(run, 'config'),
    STUBS: run,
    ...env,
  };
  const sh = (command: string, input?: string) => {
    const child = promisify(execFile)('sh', ['-c', command], { cwd: run, env: environment });
    if (input !== undefined) child.child.stdin?.end(input);
    return child;
  };
  await sh(
    `patkit config set baseUrl ${server.url} --profile ci && patkit config set clientId ${ci.clientId} --profile ci && patkit config use ci`,
  );
  await sh('patkit config set clientSecret --client-secret-stdin --profile ci', ci.clientSecret);
  const { stderr } = await sh(line);
  const read = (file: string) => (existsSync(join(run, file)) ? readFileSync(join(run, file), 'utf8') : '');
  return { stderr, run, read };
}

const names = () =>
  server.store
    .allPats()
    .map((pat) => pat.name)
    .sort();

const works = (clientId: string, clientSecret: string) => mints(server.url, clientId, clientSecret);

/** The PAT named `name` now, which is not the one it was. */
function replaced(name: string, was: string): string {
  const now = server.store.allPats().find((pat) => pat.name === name);
  expect(now?.id).toBeDefined();
  expect(now?.id).not.toBe(was);
  return now?.id as string;
}

describe('the README: Rotating PATs', () => {
  it('has its commands and its scheduled job', () => {
    expect(shellLines.length).toBe(9);
    expect(job).toBeDefined();
  });

  it.each(shellLines)('%s', async (line) => {
    const { stderr, read } = await runLine(line);
    expect(names().filter((name) => name.includes(' (rotating: '))).toEqual([]);
    if (/--dry-run(\s|$)/.test(line) || line.includes('--if-expiring')) {
      expect(names()).toEqual(['ci', 'deploy']);
      expect(stderr).toMatch(line.includes('--if-expiring') ? /nothing to do/ : /--dry-run: rotating ci/);
      return;
    }
    if (line.includes(other.id)) {
      const id = replaced('deploy', other.id);
      const env = read('deploy.env');
      expect(env).toContain(`SAIL_CLIENT_ID=${id}\n`);
      expect(await works(id, /SAIL_CLIENT_SECRET=(\S+)/.exec(env)?.[1] ?? '')).toBe(true);
      expect(JSON.parse(read('rotation.json'))).toMatchObject({ status: 'rotated', old: { id: other.id } });
      return;
    }
    const id = replaced('ci', ci.clientId);
    if (line.includes('--dotenv .env')) expect(read('.env')).toContain(`SAIL_CLIENT_ID=${id}\n`);
    if (line.includes('--sailpoint-config')) expect(read('home/.sailpoint/config.yaml')).toContain(`clientid: ${id}`);
    for (const tool of ['gh', 'vault', 'kubectl']) {
      if (!line.includes(`| ${tool} `)) continue;
      const stdin = read(`${tool}.stdin`);
      const secret =
        tool === 'kubectl'
          ? (/SAIL_CLIENT_SECRET=(\S+)/.exec(stdin)?.[1] ?? '')
          : (stdin.split('\n').find((value) => value !== id && value.length > 20) ?? '');
      expect(await works(id, secret), `${tool} got the new credentials on stdin`).toBe(true);
      expect(read(`${tool}.args`)).not.toContain(secret);
    }
  });

  it('the scheduled job, as its step runs it', async () => {
    const env = { SAIL_BASE_URL: server.url, SAIL_CLIENT_ID: ci.clientId, SAIL_CLIENT_SECRET: ci.clientSecret };
    const early = await runLine(job as string, env);
    expect(early.stderr).toMatch(/nothing to do/);
    expect(JSON.parse(early.read('rotation.json'))).toMatchObject({ status: 'not-due' });
    // Near expiry: rotated, and the repository's secrets set from standard input.
    const { read } = await runLine(job as string, env, () => server.clock.advance('75d'));
    const id = replaced('ci', ci.clientId);
    expect(read('gh.args')).toBe('secret set SAIL_CLIENT_ID\nsecret set SAIL_CLIENT_SECRET\n');
    const [givenId, givenSecret] = read('gh.stdin').split('\n');
    expect(givenId).toBe(id);
    expect(await works(id, givenSecret as string)).toBe(true);
    expect(JSON.parse(read('rotation.json'))).toMatchObject({ status: 'rotated', replacement: { id } });
  });
});
