// patkit prune --record: the trail is on disk before the first deletion and
// after each one, complete when deletions fail and when the run is stopped.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { apiVersionTable, defaultApiVersion } from '@patkit/model';
import { day } from '@patkit/model/time';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';

// The paths of the API version patkit uses when none is given.
const patsPath = apiVersionTable[defaultApiVersion].basePath;

const me = 'a'.repeat(32);
const stale = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(32).slice(0, 32));
let server: MockServer;

beforeEach(async () => {
  const at = (days: number) => new Date(Date.now() + days * day).toISOString();
  server = await startMockServer({
    seed: {
      identities: [{ id: 'u', name: 'Sam', level: 'user' }],
      pats: [
        { id: me, secret: 'my-secret', name: 'me', ownerId: 'u', lastUsed: at(0) },
        ...stale.map((id, i) => ({ id, secret: 's', name: `old ${i}`, ownerId: 'u', lastUsed: at(-200) })),
      ],
    },
  });
  useServer(server.url, { clientId: me, clientSecret: 'my-secret' });
  process.env.CI = 'true';
});

afterEach(async () => {
  forgetServer();
  await server.close();
});

const dir = () => mkdtempSync(join(tmpdir(), 'patkit-trail-'));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('patkit prune --record', () => {
  it('refuses to start when the trail cannot be written, before deleting anything', async () => {
    const record = join(dir(), 'no-such-folder', 'trail.json');
    const run = await patkit(['prune', '--stale', '--yes', '--record', record]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--record ${record} cannot be written`);
    expect(server.store.allPats()).toHaveLength(9);
  });

  it('records failed deletions beside the deleted ones', async () => {
    server.faults.add({ method: 'DELETE', path: `${patsPath}/${stale[2]}`, status: 500 });
    const record = join(dir(), 'trail.json');
    const run = await patkit(['prune', '--stale', '--yes', '--record', record, '--concurrency', '1']);
    expect(run.code).toBe(1);
    const trail = read(record);
    expect(trail.status).toBe('finished');
    expect(trail.deleted).toHaveLength(7);
    expect(trail.failed).toEqual([expect.objectContaining({ id: stale[2], error: expect.stringContaining('500') })]);
    expect(trail.pending).toEqual([]);
  });

  it('is complete when the run is interrupted with Ctrl-C', async () => {
    // Each deletion takes a while: time enough to stop the run in the middle.
    server.faults.add({ method: 'DELETE', path: `${patsPath}/`, latency: 300 });
    const record = join(dir(), 'trail.json');
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        '--conditions=@patkit/source',
        main,
        'prune',
        '--stale',
        '--yes',
        '--concurrency',
        '1',
        '--record',
        record,
      ],
      { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').filter((line) => line.startsWith('deleted')).length === 2) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    const trail = read(record);
    expect(trail.status).toBe('interrupted');
    const gone = stale.filter((id) => server.store.pat(id) === undefined);
    expect(gone.length).toBeGreaterThanOrEqual(2);
    expect(gone.length).toBeLessThan(stale.length);
    // Every PAT that is gone is in the trail: deleted, or pending (its answer never came).
    const recorded = [...trail.deleted, ...trail.pending].map((entry: { id: string }) => entry.id);
    expect(recorded).toEqual(expect.arrayContaining(gone));
    expect(trail.deleted.every((entry: { id: string }) => gone.includes(entry.id))).toBe(true);
    expect(existsSync(`${record}.partial`)).toBe(false);
  }, 30_000);
});
