import { existsSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createClient } from '@patkit/client';
import { describe, expect, it } from 'vitest';
import { adminRequest, spawnCli, testSeed, tokenResponse } from '../src/mock-server.test-utils.js';
import { startMockServer } from '../src/server.js';
import { demoCredentials } from '../src/state/seed.js';

function start(db: string, seed: boolean) {
  return spawnCli(['--db', db, '--log-level', 'silent', ...(seed ? ['--seed', 'demo'] : [])]);
}

describe('a file database', () => {
  it('keeps every acknowledged write through kill -9', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'patkit-db-')), 'state.db');
    const first = await start(db, true);
    const client = createClient({
      baseUrl: first.url,
      ...demoCredentials.admin,
      configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
      retry: { maxAttempts: 1 },
    });
    const acknowledged: string[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await client.create({
        name: `durable ${i}`,
        expirationDate: null,
        userAwareTokenNeverExpires: true,
      });
      acknowledged.push(created.id);
    }
    // Writes still in flight when the process dies may or may not land; acknowledged ones must.
    void client.create({ name: 'in flight', expirationDate: null, userAwareTokenNeverExpires: true }).catch(() => {});
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const check = new DatabaseSync(db, { readOnly: true });
    expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    check.close();

    const second = await start(db, false);
    try {
      const again = createClient({
        baseUrl: second.url,
        ...demoCredentials.admin,
        configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
      });
      const ids = (await again.list()).map((pat) => pat.id);
      for (const id of acknowledged) expect(ids).toContain(id);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  }, 60_000);
});

describe('shutdown', () => {
  it('finishes the request in flight, closes the database and exits 0 on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'patkit-db-')), 'state.db');
    const { child, url } = await start(db, true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Hold the token request in the server for a while, and signal only once the server has it:
    // a request still on its way when the listener closes is not "in flight" yet.
    await adminRequest(url, '/faults', { body: { method: 'POST', path: '/oauth/token', latency: 500 } });
    const inFlight = tokenResponse(url, demoCredentials.user);
    for (;;) {
      const [fault] = (await adminRequest(url, '/faults')).body as { seen: number }[];
      if (fault && fault.seen > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    // Closing the last connection checkpoints the WAL into the database and removes it.
    expect(existsSync(`${db}-wal`)).toBe(false);
  }, 60_000);
});

describe('closing', () => {
  it('does not wait out the keep-alive of a request that finishes while it closes', async () => {
    const server = await startMockServer({ seed: testSeed() });
    server.faults.add({ path: '/v2025', latency: 300 });
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /v2025/personal-access-tokens HTTP/1.1\r\nHost: mock\r\n\r\n');
    while (server.faults.list()[0]?.seen === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await server.close();
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    // Left open, the connection would hold close() for the whole 5 s keep-alive timeout.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('kill -9 at random moments', () => {
  it('never loses an acknowledged write nor leaves a half-applied one, round after round', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'patkit-db-')), 'state.db');
    // What the server acknowledged, and what was sent but not yet acknowledged.
    const acknowledged = new Map<string, string>();
    const renaming = new Map<string, string>();
    const deleting = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const { child, url } = await start(db, round === 0);
      const client = createClient({
        baseUrl: url,
        ...demoCredentials.admin,
        configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
        retry: { maxAttempts: 1 },
      });
      // Start from an owner with room: delete what earlier rounds created.
      for (const [id] of acknowledged)
        await client.delete(id).then(
          () => acknowledged.delete(id),
          () => {},
        );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let stop = false;
      const writer = (async () => {
        for (let n = 0; !stop && n < 50; n++) {
          try {
            const name = `round ${round} n ${n}`;
            const created = await client.create({ name, expirationDate: null, userAwareTokenNeverExpires: true });
            acknowledged.set(created.id, name);
            renaming.set(created.id, `${name} renamed`);
            const renamed = await client.rename(created.id, `${name} renamed`);
            acknowledged.set(created.id, renamed.name);
            renaming.delete(created.id);
            deleting.add(created.id);
            await client.delete(created.id);
            acknowledged.delete(created.id);
            deleting.delete(created.id);
          } catch {
            return; // the server is gone
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 200)));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all([writer, exited]);

      const check = new DatabaseSync(db, { readOnly: true });
      expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const rows = check.prepare('SELECT id, name FROM pats').all() as Array<{ id: string; name: string }>;
      check.close();
      const stored = new Map(rows.map((row) => [row.id, row.name]));
      for (const [id, name] of acknowledged) {
        if (!stored.has(id)) {
          // Only a delete that was sent may have landed.
          expect(deleting.has(id), `acknowledged PAT ${name} is gone`).toBe(true);
          acknowledged.delete(id);
          continue;
        }
        // The acknowledged name, or the one a rename in flight wrote.
        expect([name, renaming.get(id)]).toContain(stored.get(id));
        acknowledged.set(id, stored.get(id) as string);
      }
      // Never half-applied: every row is a whole PAT with a name and a secret hash.
      expect(rows.every((row) => typeof row.name === 'string' && row.name.length > 0)).toBe(true);
    }
  }, 120_000);
});
