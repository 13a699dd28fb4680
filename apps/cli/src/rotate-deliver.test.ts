// patkit rotate as a transaction, against the mock server (its clock and
// fault injection): a full rotation to each destination, failures that roll
// back, --if-expiring, --dry-run, and a run killed midway finished or rolled
// back by the next.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { day } from '@patkit/model/time';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit } from './cli.test-utils.js';
import { mints, profileCredentials, robotTenant } from './rotate.test-utils.js';

const ci = { clientId: 'c1'.repeat(16), clientSecret: 'ci-secret' };
let server: MockServer;
let dir: string;

beforeAll(async () => {
  server = await startMockServer({
    seed: robotTenant(
      { ...ci, name: 'ci' },
      { accessTokenValiditySeconds: 900, created: new Date(Date.now() - 80 * day).toISOString() },
    ),
  });
});
afterAll(async () => {
  forgetServer();
  await server.close();
});

/** A fresh tenant and a profile `ci` (the current one) with the ci PAT. */
beforeEach(async () => {
  server.reset();
  forgetServer();
  dir = mkdtempSync(join(tmpdir(), 'patkit-rotate-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  process.env.HOME = join(dir, 'home');
  mkdirSync(process.env.HOME);
  expect((await patkit(['config', 'set', 'baseUrl', server.url, '--profile', 'ci'])).code).toBe(0);
  expect((await patkit(['config', 'set', 'clientId', ci.clientId, '--profile', 'ci'])).code).toBe(0);
  expect(
    (await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', 'ci'], ci.clientSecret)).code,
  ).toBe(0);
  expect((await patkit(['config', 'use', 'ci'])).code).toBe(0);
});
afterEach(() => server.faults.clear());

const names = () =>
  server.store
    .allPats()
    .map((pat) => pat.name)
    .sort();

const works = (clientId: string | undefined, clientSecret: string | undefined) =>
  mints(server.url, clientId, clientSecret);
const profile = async () => profileCredentials(join(dir, 'config'));

describe('patkit rotate --self, delivered', () => {
  it('to its profile: the new credentials work, the old PAT is gone, the trail has no secret', async () => {
    const trail = join(dir, 'rotation.json');
    const run = await patkit(['rotate', '--self', '--update-profile', '--record', trail, '--debug']);
    expect(run.code).toBe(0);
    const now = await profile();
    expect(now.clientId).not.toBe(ci.clientId);
    expect(await works(now.clientId, now.secret)).toBe(true);
    expect(await works(ci.clientId, ci.clientSecret)).toBe(false);
    expect(names()).toEqual(['ci']);
    const pat = server.store.pat(now.clientId);
    expect(pat).toMatchObject({ name: 'ci', accessTokenValiditySeconds: 900 });
    // The old lifetime (180 days), from now.
    expect(Math.abs(Number(pat?.expirationDate) - (Date.now() + 180 * day))).toBeLessThan(60_000);
    expect(run.stderr).toContain(`rotated ci: ${ci.clientId} → ${now.clientId}, delivered to profile ci`);
    const recorded = readFileSync(trail, 'utf8');
    expect(JSON.parse(recorded)).toMatchObject({
      tool: 'patkit rotate',
      status: 'rotated',
      by: ci.clientId,
      old: { id: ci.clientId, name: 'ci' },
      replacement: { id: now.clientId },
      destinations: [{ label: 'profile ci', status: 'delivered' }],
    });
    for (const text of [recorded, run.stdout, run.stderr]) expect(text).not.toContain(now.secret);
    // Only the new secret file is left, 0600.
    const secrets = join(dir, 'config/patkit/secrets');
    expect(statSync(join(secrets, `ci+${now.clientId.slice(0, 12)}`)).mode & 0o777).toBe(0o600);
    expect((await patkit(['whoami', '--json'])).code).toBe(0);
  });

  it('to the profile patkit took its client id from, or to the one named', async () => {
    // SAIL_* come before the current profile: patkit runs as them, not as a profile.
    process.env.SAIL_BASE_URL = server.url;
    process.env.SAIL_CLIENT_ID = ci.clientId;
    process.env.SAIL_CLIENT_SECRET = ci.clientSecret;
    const unnamed = await patkit(['rotate', '--self', '--update-profile']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain(
      "--update-profile names no profile, and patkit's client id comes from environment SAIL_CLIENT_ID, not a profile",
    );
    expect(names()).toEqual(['ci']);
    const named = await patkit(['rotate', '--self', '--update-profile', 'ci']);
    expect(named.code).toBe(0);
    forgetServer();
    const now = await profile();
    expect(await works(now.clientId, now.secret)).toBe(true);
  });

  it('to an env file: its other lines, comments, quotes and mode stay', async () => {
    const env = join(dir, '.env');
    writeFileSync(env, '# ISC\nexport SAIL_BASE_URL=https://x\nSAIL_CLIENT_ID="old-id"\nOTHER=1 # keep\n');
    chmodSync(env, 0o640);
    const run = await patkit(['rotate', '--self', '--dotenv', env]);
    expect(run.code).toBe(0);
    const text = readFileSync(env, 'utf8');
    const id = /SAIL_CLIENT_ID="([^"]+)"/.exec(text)?.[1];
    const secret = /SAIL_CLIENT_SECRET=(\S+)/.exec(text)?.[1];
    expect(text).toBe(
      `# ISC\nexport SAIL_BASE_URL=https://x\nSAIL_CLIENT_ID="${id}"\nOTHER=1 # keep\nSAIL_CLIENT_SECRET=${secret}\n`,
    );
    expect(statSync(env).mode & 0o777).toBe(0o640);
    expect(await works(id, secret)).toBe(true);
    expect(names()).toEqual(['ci']);
  });

  it("to sail's config file, where it keeps the PAT (older sail), comments kept", async () => {
    const file = join(dir, 'home/.sailpoint/config.yaml');
    mkdirSync(join(dir, 'home/.sailpoint'));
    writeFileSync(
      file,
      `# sail\nactiveenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${server.url}\n    pat:\n      clientid: old\n      clientsecret: old\n`,
    );
    const run = await patkit(['rotate', '--self', '--sailpoint-config']);
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# sail\n')).toBe(true);
    const id = /clientid: (\S+)/.exec(text)?.[1];
    const secret = /clientsecret: (\S+)/.exec(text)?.[1];
    expect(await works(id, secret)).toBe(true);
  });

  it('to a command: credentials on stdin and in the environment, never on its command line', async () => {
    const out = join(dir, 'delivered.json');
    const run = await patkit([
      'rotate',
      '--self',
      '--exec',
      `cat > ${out}; printf %s "$PATKIT_CLIENT_ID:$PATKIT_CLIENT_SECRET" > ${out}.env`,
    ]);
    expect(run.code).toBe(0);
    const given = JSON.parse(readFileSync(out, 'utf8')) as { clientId: string; clientSecret: string; baseUrl: string };
    expect(given.baseUrl).toBe(server.url);
    expect(readFileSync(`${out}.env`, 'utf8')).toBe(`${given.clientId}:${given.clientSecret}`);
    expect(await works(given.clientId, given.clientSecret)).toBe(true);
    expect(run.stderr).toContain(`delivered to exec cat > ${out}`);
  });
});

describe('patkit rotate rolls back', () => {
  it('when a delivery fails: the old PAT works, every destination is as it was', async () => {
    const env = join(dir, '.env');
    writeFileSync(env, 'SAIL_CLIENT_ID=keep-me\n');
    const config = readFileSync(join(dir, 'config/patkit/config.yaml'), 'utf8');
    const trail = join(dir, 'rotation.json');
    const run = await patkit([
      'rotate',
      '--self',
      '--update-profile',
      '--dotenv',
      env,
      '--exec',
      'exit 1',
      '--record',
      trail,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('delivery to exec exit 1 failed: --exec exit 1 exited with 1; rolled back');
    expect(readFileSync(env, 'utf8')).toBe('SAIL_CLIENT_ID=keep-me\n');
    expect(readFileSync(join(dir, 'config/patkit/config.yaml'), 'utf8')).toBe(config);
    expect(await profile()).toEqual({ clientId: ci.clientId, secret: ci.clientSecret });
    expect(await works(ci.clientId, ci.clientSecret)).toBe(true);
    expect(names()).toEqual(['ci']);
    expect(JSON.parse(readFileSync(trail, 'utf8'))).toMatchObject({
      status: 'rolled-back',
      destinations: [
        { label: 'profile ci', status: 'undone' },
        { label: `env file ${env}`, status: 'undone' },
        { label: 'exec exit 1', status: 'failed' },
      ],
    });
  });

  it("when the replacement's credentials do not mint a token", async () => {
    // The first token is patkit's own; the second, the replacement's.
    server.faults.add({ method: 'POST', path: '/oauth/token', status: 500, nth: 2 });
    const run = await patkit(['rotate', '--self', '--update-profile']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the replacement's credentials do not work");
    expect(run.stderr).toContain('the old PAT still works');
    expect(await profile()).toEqual({ clientId: ci.clientId, secret: ci.clientSecret });
    expect(names()).toEqual(['ci']);
  });
});

describe('patkit rotate on a schedule', () => {
  it('--if-expiring does nothing far from expiry, and rotates near it', async () => {
    const early = await patkit(['rotate', '--self', '--if-expiring', '30d', '--update-profile']);
    expect(early.code).toBe(0);
    expect(early.stderr).toMatch(/ci expires in 100 days, not within --if-expiring 30d: nothing to do/);
    expect(server.store.pat(ci.clientId)).toBeDefined();
    expect(names()).toEqual(['ci']);
    server.clock.advance('75d');
    const due = await patkit(['rotate', '--self', '--if-expiring', '30d', '--update-profile']);
    expect(due.code).toBe(0);
    expect(server.store.pat(ci.clientId)).toBeUndefined();
    expect((await profile()).clientId).not.toBe(ci.clientId);
  });

  it('--dry-run shows every step and changes nothing', async () => {
    const run = await patkit(['rotate', '--self', '--update-profile', '--dotenv', join(dir, '.env'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('--dry-run: rotating ci');
    expect(run.stderr).toMatch(
      /1\. create "ci \(rotating: run [0-9a-f]{8} from [\w.-]+, lease 10m\)" \(its name holds the lease\) with scope/,
    );
    expect(run.stderr).toContain('deliver them to profile ci');
    expect(run.stderr).toContain(`deliver them to env file ${join(dir, '.env')}`);
    expect(run.stderr).toContain(`delete the old PAT ${ci.clientId}`);
    expect(names()).toEqual(['ci']);
    expect(await profile()).toEqual({ clientId: ci.clientId, secret: ci.clientSecret });
  });
});

describe('patkit rotate after a run that was killed', () => {
  /** The replacement a killed run created, as the API created it. */
  async function leftover(): Promise<{ id: string; secret: string }> {
    const token = (await (
      await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: ci.clientId,
          client_secret: ci.clientSecret,
        }),
      })
    ).json()) as { access_token: string };
    const response = await fetch(`${server.url}/v2025/personal-access-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci (rotated)', expirationDate: new Date(Date.now() + 100 * day).toISOString() }),
    });
    return (await response.json()) as { id: string; secret: string };
  }

  it('waits out its lease, then rolls back a replacement nobody got and rotates', async () => {
    const left = await leftover();
    // While its lease runs (an older patkit's "(rotated)" counts as a 10-minute one), the run may still be going.
    const early = await patkit(['rotate', '--self', '--update-profile']);
    expect(early.code).toBe(7);
    expect(early.stderr).toContain(`another rotation of ci is in progress: an older patkit's run (${left.id})`);
    expect(names()).toEqual(['ci', 'ci (rotated)']);
    server.clock.advance('11m');
    const run = await patkit(['rotate', '--self', '--update-profile']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `ci (rotated) (${left.id}) is the replacement of a rotation that did not finish, and its lease has ended; rolling it back`,
    );
    expect(server.store.pat(left.id)).toBeUndefined();
    expect(names()).toEqual(['ci']);
    const now = await profile();
    expect(await works(now.clientId, now.secret)).toBe(true);
  });

  it('finishes one whose credentials reached the profile', async () => {
    const left = await leftover();
    expect((await patkit(['config', 'set', 'clientId', left.id])).code).toBe(0);
    expect((await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin'], left.secret)).code).toBe(0);
    server.clock.advance('11m');
    const run = await patkit(['rotate', '--self', '--update-profile']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('finishing it');
    expect(run.stderr).toContain(`finished the interrupted rotation: ci is ${left.id}`);
    expect(server.store.pat(ci.clientId)).toBeUndefined();
    expect(server.store.pat(left.id)?.name).toBe('ci');
    expect(names()).toEqual(['ci']);
  });
});
