// A crash test of `patkit rotate --self --update-profile`: the command (a
// process of its own) is killed with SIGKILL after its Nth request to the
// mock server and a random few milliseconds more, the server adding latency
// to every request to widen the windows between steps; after each kill a
// second run, once the killed run's lease has ended, converges: exactly one
// PAT has the original name, no replacement is left, and the profile's
// credentials work.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forgetServer, patkit } from '../src/cli.test-utils.js';
import { mints, profileCredentials, robotTenant } from '../src/rotate.test-utils.js';

const cli = fileURLToPath(new URL('../', import.meta.url));
// tsx as a loader of this node process (its own bin would run the command in a child that a kill misses).
const tsx = createRequire(import.meta.url).resolve('tsx');
const ci = { clientId: 'c1'.repeat(16), clientSecret: 'ci-secret' };
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    seed: robotTenant({ ...ci, name: 'ci' }),
  });
  forgetServer();
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'patkit-crash-'));
  for (const args of [
    ['config', 'set', 'baseUrl', server.url, '--profile', 'ci'],
    ['config', 'set', 'clientId', ci.clientId, '--profile', 'ci'],
    ['config', 'use', 'ci'],
  ])
    expect((await patkit(args)).code).toBe(0);
  expect((await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin'], ci.clientSecret)).code).toBe(0);
});
afterAll(() => server.close());

const profile = () => profileCredentials(process.env.XDG_CONFIG_HOME as string);
const works = ({ clientId, secret }: { clientId: string; secret: string }) => mints(server.url, clientId, secret);

/** Runs the command as a process and kills it after `requests` responses and `extraMs` more; whether it was still running. */
async function killedAfter(requests: number, extraMs: number): Promise<boolean> {
  server.journal.clear();
  const main = join(cli, 'src/main.ts');
  const child = spawn(
    process.execPath,
    ['--import', tsx, '--conditions=@patkit/source', main, 'rotate', '--self', '--update-profile'],
    {
      env: { ...process.env, SAIL_BASE_URL: '', SAIL_CLIENT_ID: '', SAIL_CLIENT_SECRET: '' },
      stdio: 'ignore',
    },
  );
  const closed = once(child, 'close');
  let exited = false;
  void closed.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  while (!exited && server.journal.list().length < requests && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 2));
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  const running = !exited;
  child.kill('SIGKILL');
  await closed;
  return running;
}

/**
 * Waits until the server has answered no request for a second: a request
 * the killed process had sent is still answered (after the latency fault),
 * as ISC would answer it.
 */
async function requestsEnded(): Promise<void> {
  let seen = -1;
  let quietSince = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() - quietSince < 1_000 && Date.now() < deadline) {
    const count = server.journal.list().length;
    if (count !== seen) {
      seen = count;
      quietSince = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('converges after a kill at any step: one PAT with the name, no replacement left, a working profile', async () => {
  // Every request waits 20 to 120 ms: the windows between create, verify, deliver, delete and rename widen.
  server.faults.add({ latency: { min: 20, max: 120 } });
  // Seeded, so that a failure can be run again as it was.
  let seed = 20261130;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const leftAfterKill: boolean[] = [];
  // A rotation makes about eight requests: a kill after each, then at random.
  const points = [1, 2, 3, 4, 5, 6, 7, 8, ...Array.from({ length: 6 }, () => 1 + Math.floor(random() * 8))];
  for (const requests of points) {
    const killed = await killedAfter(requests, Math.floor(random() * 120));
    leftAfterKill.push(killed && server.store.allPats().some((pat) => pat.name.startsWith('ci (rotating: ')));
    // A replacement the killed run left holds its lease for 10 minutes: past it, the next run takes over.
    // In those minutes the requests the killed run had sent end too: wait for them, then move the clock.
    await requestsEnded();
    server.clock.advance('11m');
    const second = await patkit(['rotate', '--self', '--update-profile']);
    expect(second.code, `after a kill at request ${requests}: ${second.stderr}`).toBe(0);
    const names = server.store.allPats().map((pat) => pat.name);
    expect(names, `after a kill at request ${requests}`).toEqual(['ci']);
    const now = profile();
    expect(server.store.pat(now.clientId)?.name).toBe('ci');
    expect(await works(now)).toBe(true);
    // The profile's secret file, and no other, is left.
    const secrets = readdirSync(join(process.env.XDG_CONFIG_HOME as string, 'patkit/secrets'));
    expect(secrets, `after a kill at request ${requests}`).toEqual([`ci+${now.clientId.slice(0, 12)}`]);
  }
  // The kills did land inside rotations: some left a replacement behind for the next run.
  expect(leftAfterKill.filter(Boolean).length).toBeGreaterThanOrEqual(3);
}, 240_000);
