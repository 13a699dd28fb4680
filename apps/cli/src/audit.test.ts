import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { day } from '@patkit/model/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';

const dir = mkdtempSync(join(tmpdir(), 'patkit-audit-'));

let server: MockServer;

beforeAll(async () => {
  const now = Date.now();
  const at = (days: number) => new Date(now + days * day).toISOString();
  server = await startMockServer({
    seed: {
      identities: [
        { id: 'admin-id', name: 'Ada Admin', level: 'admin' },
        { id: 'user-id', name: 'Sam User', level: 'user' },
      ],
      pats: [
        {
          id: 'a'.repeat(32),
          secret: 'admin-secret',
          name: 'admin',
          ownerId: 'admin-id',
          lastUsed: at(0),
          expirationDate: at(200),
          accessTokenValiditySeconds: 3600,
        },
        {
          id: 'b'.repeat(32),
          secret: 's',
          name: 'stale job',
          ownerId: 'user-id',
          scope: ['sp:my-personal-access-tokens:read'],
          lastUsed: at(-94),
          expirationDate: at(200),
          accessTokenValiditySeconds: 3600,
        },
        {
          id: 'c'.repeat(32),
          secret: 's',
          name: 'ci-forever',
          ownerId: 'user-id',
          scope: ['sp:my-personal-access-tokens:read'],
          lastUsed: at(-1),
          accessTokenValiditySeconds: 3600,
        },
        { id: 'd'.repeat(32), secret: 's', name: 'workflow', ownerId: 'user-id', managed: true, lastUsed: at(-1) },
      ],
    },
  });
  useServer(server.url, { clientId: 'a'.repeat(32), clientSecret: 'admin-secret' });
});

afterAll(async () => {
  forgetServer();
  await server.close();
});

describe('patkit audit', () => {
  it('reports findings with a summary, and gates CI with --fail-on', async () => {
    const { code, stdout } = await patkit(['audit', '--owner', 'all']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^patkit audit: 3 finding\(s\) on 3 of 4 PAT\(s\): 1 high, 2 medium, 0 low\n/);
    const json = JSON.parse((await patkit(['audit', '--owner', 'all', '--json'])).stdout);
    expect(json.summary).toMatchObject({ audited: 4, flagged: 3, findings: 3 });
    expect(stdout).toContain('by finding: stale 1, never_expires 1, broad_scope 1');
    expect(stdout).toContain('by owner: Sam User 2, Ada Admin 1\n');
    expect(stdout).toContain('lastUsed is recorded once a day');
    expect(stdout).toMatch(/high\s+broad_scope\s+admin\s+Ada Admin/);
    expect((await patkit(['audit', '--owner', 'all', '--fail-on', 'high'])).code).toBe(1);
    expect((await patkit(['audit', '--owner', 'all', '--include-managed', '--output', 'json'])).stdout).toContain(
      '"name": "workflow"',
    );
  });

  it('audits an export offline, in markdown, with a policy', async () => {
    const exported = await patkit(['export', '--owner', 'all', '-o', 'ndjson']);
    expect(exported.code).toBe(0);
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, exported.stdout);
    const saved = process.env.SAIL_BASE_URL;
    delete process.env.SAIL_BASE_URL;
    try {
      const policy = join(dir, 'policy.yaml');
      writeFileSync(policy, 'stale: 120d\nallow:\n  names: ["^ci-"]\nseverities:\n  broad_scope: medium\n');
      const md = await patkit([
        'audit',
        '--from',
        file,
        '--policy',
        policy,
        '--output',
        'markdown',
        '--fail-on',
        'high',
      ]);
      expect(md.code).toBe(0);
      expect(md.stdout).toContain('**1 finding(s) on 1 of 4 PAT(s): 0 high, 1 medium, 0 low**');
      expect(md.stdout).toContain('| medium | broad_scope | admin | Ada Admin |');
      const csv = await patkit(['audit', '--from', file, '--output', 'csv']);
      expect(csv.stdout.split('\r\n')[0]).toBe('severity,finding,id,name,owner,detail');
      // --format is the same option, as the product brief spells it; -o is its short form.
      expect((await patkit(['audit', '--from', file, '--format', 'csv'])).stdout).toBe(csv.stdout);
      expect((await patkit(['audit', '--from', file, '-o', 'csv'])).stdout).toBe(csv.stdout);
      const both = await patkit(['audit', '--from', file, '--format', 'csv', '--output', 'json']);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/--format <format>' cannot be used with option '-o, --output/);
      writeFileSync(policy, 'stael: 90d\n');
      const typo = await patkit(['audit', '--from', file, '--policy', policy]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('unknown key stael');
    } finally {
      process.env.SAIL_BASE_URL = saved;
    }
  });

  it('refuses an export in which no item is a PAT; --strict stops at the first bad item', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '[{"id": 1}]');
    const skipped = await patkit(['audit', '--from', file]);
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toContain('bad.json:1:9 item 0 /id: skipped: expected a string');
    expect(skipped.stderr).toContain('no PAT could be read from');
    expect(skipped.stdout).toBe('');
    const strict = await patkit(['audit', '--from', file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/bad\.json:1:9 item 0 \/id: expected a string/);
    expect(strict.stderr).toContain('hint: leave out --strict');
  });

  it('skips invalid items of an export with their lines (the first 20 named), counts them, audits the rest', async () => {
    const exported = (await patkit(['export', '--owner', 'all', '-o', 'ndjson'])).stdout.trim().split('\n');
    const bad = Array.from({ length: 25 }, (_, i) => `{"id": ${i}}`);
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, [...bad.slice(0, 12), ...exported, '', ...bad.slice(12)].join('\n'));
    const saved = process.env.SAIL_BASE_URL;
    delete process.env.SAIL_BASE_URL;
    try {
      const { code, stdout, stderr } = await patkit(['audit', '--from', file, '--json']);
      expect(code).toBe(0);
      const named = stderr.split('\n').filter((line) => line.includes('skipped'));
      expect(named).toHaveLength(20);
      expect(named[0]).toBe(`patkit: ${file}:1:8 item 0 /id: skipped: expected a string, got the number 0`);
      // The blank line is no item: the 13th bad one is on the line after it.
      expect(named[12]).toContain(`${file}:${12 + exported.length + 2}:8 item ${12 + exported.length} /id: skipped`);
      const { summary, findings } = JSON.parse(stdout);
      expect(summary).toMatchObject({ audited: exported.length, invalid: 25 });
      const report = await patkit(['audit', '--from', file]);
      expect(report.stdout).toContain('25 invalid item(s) of the input skipped');
      // NDJSON and CSV stream the same findings as they are found.
      const streamed = (await patkit(['audit', '--from', file, '-o', 'ndjson'])).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const key = (row: { id: string; finding: string }) => `${row.id} ${row.finding}`;
      expect(streamed.map(key).sort()).toEqual(findings.map(key).sort());
      const csv = (await patkit(['audit', '--from', file, '-o', 'csv', '--fields', 'id,finding'])).stdout
        .trim()
        .split('\r\n');
      expect(csv[0]).toBe('id,finding');
      expect(csv.slice(1).sort()).toEqual(
        findings.map((row: { id: string; finding: string }) => `${row.id},${row.finding}`).sort(),
      );
    } finally {
      process.env.SAIL_BASE_URL = saved;
    }
  });

  it('counts PATs by last use and by expiry, every PAT once', async () => {
    const { summary } = JSON.parse((await patkit(['audit', '--owner', 'all', '--json'])).stdout);
    expect(Object.keys(summary.byLastUsed)).toEqual(['never', '0-30d', '31-90d', '91-180d', '181-365d', 'over-365d']);
    expect(Object.keys(summary.byExpiry)).toEqual([
      'expired',
      '0-14d',
      '15-30d',
      '31-90d',
      '91-180d',
      'over-180d',
      'never',
    ]);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum(summary.byLastUsed)).toBe(summary.audited);
    expect(sum(summary.byExpiry)).toBe(summary.audited);
    // Seeded: used today, 1 day ago (twice) and 94 days ago; expiring in 200 days (twice) or never (twice).
    expect(summary.byLastUsed).toMatchObject({ '0-30d': 3, '91-180d': 1 });
    expect(summary.byExpiry).toMatchObject({ 'over-180d': 2, never: 2 });
  });
});
