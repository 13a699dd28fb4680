// A mock of your own tenant: what `patkit export --with-identities` writes
// from one server (its PAT list and the owners' identities, as ISC's APIs
// give them) is served by `patkit-mock --seed-from-export` (run as a
// process) with fresh secrets, written once to a 0600 file and nowhere else.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  accessToken,
  adminPat,
  adminRequest,
  spawnCli,
  testSeed,
  tokenResponse,
} from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

let tenant: MockServer;
const dir = mkdtempSync(join(tmpdir(), 'patkit-export-seed-'));

beforeAll(async () => {
  const seed = testSeed();
  seed.identities.push({ id: 'left-id', name: 'Lee Left', level: 'user', identityStatus: 'TERMINATED' });
  seed.identities.push({ id: 'gone-id', name: 'Gil Gone', level: 'user', removed: true });
  seed.pats.push(
    { id: '1'.repeat(32), secret: 'x', name: 'left job', ownerId: 'left-id', lastUsed: '2026-05-01T00:00:00Z' },
    { id: '2'.repeat(32), secret: 'y', name: 'orphan job', ownerId: 'gone-id', expirationDate: '2027-01-01T00:00:00Z' },
  );
  tenant = await startMockServer({ seed });
});
afterAll(() => tenant.close());

it('serves the PATs and owners of an export with fresh secrets, shown only in a new 0600 file', async () => {
  // The export, as patkit export writes it: the PAT list, and the owners from the identities API.
  const pats = (await adminRequest(tenant.url, '/pats')).text;
  const token = await accessToken(tenant.url, adminPat);
  const identities = await (
    await fetch(`${tenant.url}/v2025/identities`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  writeFileSync(join(dir, 'pats.json'), pats);
  writeFileSync(join(dir, 'ids.json'), identities);
  const secretsFile = join(dir, 'secrets.json');
  const args = ['--seed-from-export', join(dir, 'pats.json'), '--identities', join(dir, 'ids.json')];
  const copy = await spawnCli([...args, '--secrets-file', secretsFile, '--log-level', 'info']);
  try {
    expect(copy.stdout()).toContain(`Fresh secrets for the 6 PAT(s) of ${join(dir, 'pats.json')}`);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    const listed = JSON.parse(pats) as Array<{ id: string; owner: { id: string } }>;
    expect(Object.keys(secrets).sort()).toEqual(listed.map((pat) => pat.id).sort());
    // Every PAT is as it was; its fresh secret mints a token, and appears nowhere but in the file.
    expect(JSON.parse((await adminRequest(copy.url, '/pats')).text)).toEqual(JSON.parse(pats));
    for (const [id, secret] of Object.entries(secrets)) {
      const minted = await tokenResponse(copy.url, { clientId: id, clientSecret: secret });
      // The PATs of owners who left keep working, as on the tenant (without --refuse-inactive-owners).
      expect(minted.status, id).toBe(200);
      expect(copy.stdout() + copy.stderr()).not.toContain(secret);
    }
    // The owners, as the identities API gave them; the one ISC no longer has is gone from the copy too.
    const copied = await (
      await fetch(`${copy.url}/v2025/identities`, {
        headers: {
          authorization: `Bearer ${await accessToken(copy.url, { clientId: adminPat.clientId, clientSecret: secrets[adminPat.clientId] as string })}`,
        },
      })
    ).text();
    expect(JSON.parse(copied)).toEqual(JSON.parse(identities));
  } finally {
    copy.child.kill('SIGKILL');
  }
  // The secrets of a run are never replaced by the next.
  await expect(spawnCli([...args, '--secrets-file', secretsFile])).rejects.toThrow('exists already');
  expect(existsSync(join(dir, 'patkit-mock-secrets.json'))).toBe(false);
}, 60_000);
