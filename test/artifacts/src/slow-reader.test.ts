// A reader slower than patkit (`patkit list … | less`, a pipe to a busy
// process): the installed CLI writes no faster than its stdout is read, so
// what waits stays in the tenant's connection, not in patkit's memory.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addProfiles,
  emptyHome,
  pinnedNode,
  type RunningMock,
  startMock,
  userEnv,
  writeBigSeed,
} from './artifacts.test-utils.js';

const home = emptyHome();
const env = userEnv(pinnedNode, home);
const pats = 30_000;
const profiles = ['a', 'b', 'c'];
let mock: RunningMock;

/** Resident memory of a running process, in bytes (Linux). */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

/** The RSS once it has stopped changing (the same for a second), or after 10 s. */
async function settledRss(pid: number): Promise<number> {
  let last = rss(pid);
  let same = 0;
  for (const until = Date.now() + 10_000; same < 5 && Date.now() < until; ) {
    await sleep(200);
    const now = rss(pid);
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

beforeAll(async () => {
  mock = await startMock(['--seed', writeBigSeed(emptyHome(), pats), '--port', '0', '--log-level', 'warn'], env);
  addProfiles(profiles, mock.url, env);
}, 120_000);

afterAll(async () => {
  await mock?.stop();
});

describe.runIf(process.platform === 'linux')(
  `a slow reader of stdout, installed, on Node.js ${pinnedNode.version}`,
  () => {
    // Each PAT once (and a CSV header); audit's findings at least one a PAT, all never used.
    it.each([
      ['list, one tenant', ['list', '--profile', 'a', '--owner', 'all', '-o', 'ndjson'], pats + 1],
      ['list, every tenant', ['list', '--all-profiles', '--owner', 'all', '-o', 'ndjson'], 3 * (pats + 1)],
      ['export, every tenant, CSV', ['export', '--all-profiles', '-o', 'csv'], 3 * (pats + 1) + 1],
      ['audit, every tenant', ['audit', '--all-profiles', '--owner', 'all', '-o', 'ndjson'], 3 * pats],
    ])(
      '%s: memory does not grow while stdout is not read; every line comes once it is',
      async (what, args, expected) => {
        const child = spawn('patkit', args, { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk;
        });
        const pid = child.pid as number;
        // Read as a pager would, the first screens, then the reader stops.
        const chunks: Buffer[] = [];
        let read = 0;
        const reading = (chunk: Buffer) => {
          chunks.push(chunk);
          read += chunk.length;
        };
        child.stdout.on('data', reading);
        while (read < 1_000_000) await once(child.stdout, 'data');
        child.stdout.pause();
        // What was on its way when the reader stopped (each tenant's page in flight) lands first.
        const before = await settledRss(pid);
        // Long enough to read every tenant's PATs (tens of MB) were the writes not held back.
        await sleep(3_000);
        const grown = rss(pid) - before;
        child.stdout.resume();
        const [code] = await once(child, 'close');
        const out = Buffer.concat(chunks).toString('utf8');
        expect(stderr).toBe('');
        expect(code).toBe(0);
        const lines = out.trimEnd().split(/\r?\n/).length;
        if (what.startsWith('audit')) expect(lines).toBeGreaterThanOrEqual(expected);
        else expect(lines).toBe(expected);
        // What was not read yet waited in the tenants' connections, not in patkit.
        expect(grown).toBeLessThan(8_000_000);
      },
      60_000,
    );
  },
);
