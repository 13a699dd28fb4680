import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { day } from '@patkit/model/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';

const me = 'a'.repeat(32);
let server: MockServer;

beforeAll(async () => {
  const now = Date.now();
  const at = (days: number) => new Date(now + days * day).toISOString();
  server = await startMockServer({
    seed: {
      identities: [{ id: 'user-id', name: 'Sam User', level: 'user' }],
      pats: [
        { id: me, secret: 'my-secret', name: 'me', ownerId: 'user-id', lastUsed: at(0), created: at(-400) },
        { id: 'b'.repeat(32), secret: 's', name: 'stale', ownerId: 'user-id', lastUsed: at(-120), created: at(-400) },
        { id: 'c'.repeat(32), secret: 's', name: 'never', ownerId: 'user-id', lastUsed: null, created: at(-60) },
        {
          id: 'd'.repeat(32),
          secret: 's',
          name: 'expired',
          ownerId: 'user-id',
          lastUsed: at(-30),
          expirationDate: at(-1),
        },
        {
          id: 'e'.repeat(32),
          secret: 's',
          name: 'keep',
          ownerId: 'user-id',
          lastUsed: at(-2),
          scope: ['sp:my-personal-access-tokens:read'],
          accessTokenValiditySeconds: 900,
          expirationDate: at(60),
          created: at(-30),
        },
        { id: 'f'.repeat(32), secret: 's', name: 'workflow', ownerId: 'user-id', lastUsed: at(-200), managed: true },
      ],
    },
  });
  useServer(server.url, { clientId: me, clientSecret: 'my-secret' });
  process.env.CI = 'true';
});

afterAll(async () => {
  forgetServer();
  await server.close();
});

describe('patkit prune', () => {
  it('shows first, needs --yes off a terminal, and deletes what audit flags', async () => {
    const dry = await patkit(['prune', '--stale', '--never-used', '--expired', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('would delete 3 PAT(s)');
    expect(dry.stderr).toContain('not used for 120 days');
    expect(server.store.allPats()).toHaveLength(6);
    expect((await patkit(['prune', '--stale'])).code).toBe(2);

    const record = join(mkdtempSync(join(tmpdir(), 'patkit-prune-')), 'trail.json');
    const run = await patkit(['prune', '--stale', '90d', '--never-used', '--expired', '--yes', '--record', record]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('deleted 3, failed 0');
    expect(
      server.store
        .allPats()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['keep', 'me', 'workflow']);
    const trail = JSON.parse(readFileSync(record, 'utf8'));
    expect(trail).toMatchObject({ tool: 'patkit prune', by: me, byFrom: 'environment SAIL_CLIENT_ID' });
    expect(trail.deleted.map((d: { name: string }) => d.name).sort()).toEqual(['expired', 'never', 'stale']);
    expect(trail.deleted.find((d: { name: string }) => d.name === 'stale').reasons).toEqual([
      { finding: 'stale', detail: 'not used for 120 days (lastUsed is day-granular)' },
    ]);
    expect((await patkit(['prune', '--expired', '--yes'])).stderr).toContain('nothing to prune');
  });
});

describe('patkit rotate', () => {
  it('replaces a PAT with the same scope, validity and expiry policy, and deletes the old one', async () => {
    const { code, stdout, stderr } = await patkit(['rotate', 'e'.repeat(32), '--json']);
    expect(code).toBe(0);
    const fresh = JSON.parse(stdout) as {
      id: string;
      secret: string;
      name: string;
      scope: string[];
      accessTokenValiditySeconds: number;
      expirationDate: string;
    };
    expect(fresh).toMatchObject({
      name: 'keep',
      scope: ['sp:my-personal-access-tokens:read'],
      accessTokenValiditySeconds: 900,
    });
    expect(fresh.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(fresh.expirationDate) - Date.now()).toBeGreaterThan(89 * day);
    expect(stderr).toContain('only time the new secret is shown');
    expect(server.store.pat('e'.repeat(32))).toBeUndefined();
    expect(server.store.pat(fresh.id)?.name).toBe('keep');

    const kept = await patkit(['rotate', fresh.id, '--keep-old', '7d', '--json']);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(new RegExp(`the old PAT ${fresh.id} still works; delete it after`));
    // The old one says when to delete it; the new one has the name.
    expect(server.store.pat(fresh.id)?.name).toMatch(
      /^keep \(old: delete after \d{4}-\d\d-\d\d \d\d:\d\d UTC, run [0-9a-f]{8}\)$/,
    );
    const until = Date.parse(`${/after (.*) UTC/.exec(server.store.pat(fresh.id)?.name ?? '')?.[1]}Z`);
    expect(Math.abs(until - (Date.now() + 7 * day))).toBeLessThan(120_000);
    expect(server.store.pat((JSON.parse(kept.stdout) as { id: string }).id)?.name).toBe('keep');
  });

  it('refuses managed PATs and itself', async () => {
    const managed = await patkit(['rotate', 'f'.repeat(32)]);
    expect(managed.code).not.toBe(0);
    expect((await patkit(['rotate', me])).code).toBe(2);
  });
});

describe('patkit prune when a deletion fails', () => {
  it('reports it, goes on, and exits 1', async () => {
    const old = new Date(Date.now() - 200 * day).toISOString();
    server.seed(
      {
        identities: [],
        pats: [
          { id: '1'.repeat(32), secret: 's', name: 'old one', ownerId: 'user-id', lastUsed: old, created: old },
          { id: '2'.repeat(32), secret: 's', name: 'old two', ownerId: 'user-id', lastUsed: old, created: old },
        ],
      },
      'merge',
    );
    const fault = server.faults.add({ method: 'DELETE', status: 500, nth: 1 });
    const { code, stdout, stderr } = await patkit(['prune', '--stale', '--yes', '--concurrency', '1']);
    server.faults.remove(fault.id);
    expect(code).toBe(1);
    expect(stderr).toMatch(/could not delete 1{32}: .*500/);
    expect(stdout).toBe(`deleted ${'2'.repeat(32)} old two\n`);
    expect(stderr).toContain('deleted 1, failed 1');
  });
});
