// A partner's profiles file names many tenants: a run across them reads it
// once, not once per tenant (which made --all-profiles quadratic in them).
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { connect } from './connect.js';
import { configFile, updateProfiles } from './profiles.js';
import { acrossTenants, tenantsByPat } from './tenants.js';

vi.mock('node:fs', async (original) => {
  const actual = await original<typeof import('node:fs')>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});
vi.mock('./connect.js', async (original) => {
  const actual = await original<typeof import('./connect.js')>();
  return { ...actual, connect: vi.fn(actual.connect) };
});

const saved = { xdg: process.env.XDG_CONFIG_HOME, secret: process.env.SAIL_CLIENT_SECRET };
beforeEach(() => {
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'patkit-profiles-once-'));
  // The profiles' secret: nothing here reaches a tenant.
  process.env.SAIL_CLIENT_SECRET = 'unused';
});
afterEach(() => {
  process.env.XDG_CONFIG_HOME = saved.xdg;
  process.env.SAIL_CLIENT_SECRET = saved.secret;
});

it('reads the profiles file once for all the tenants of a run', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `tenant-${i}`);
  await updateProfiles((file) => {
    for (const [i, name] of names.entries())
      file.profiles[name] = { baseUrl: `https://tenant-${i}.api.identitynow.com`, clientId: `${i}`.padStart(32, 'c') };
    return file;
  });
  const read = vi.mocked(fs.readFileSync);
  read.mockClear();
  const run = await acrossTenants({ allProfiles: true, parallel: '4' }, async (tenant) => tenant.host);
  expect(run.done.map(({ value }) => value)).toEqual(names.map((_, i) => `tenant-${i}.api.identitynow.com`));
  expect(read.mock.calls.filter(([path]) => path === configFile())).toHaveLength(1);
});

it('reaches each tenant once in a run that looks at them first (rotate groups the profiles holding one PAT)', async () => {
  const dir = process.env.XDG_CONFIG_HOME as string;
  const secretOf = (name: string) => join(dir, `${name}.secret`);
  await updateProfiles((file) => {
    for (const [name, host, secret] of [
      ['prod', 'acme', 'secret'],
      ['prod-again', 'acme', 'secret'],
      ['prod-stale', 'acme', 'an old secret'],
      ['sandbox', 'acme-sb', 'secret'],
    ] as const) {
      fs.writeFileSync(secretOf(name), secret, { mode: 0o600 });
      file.profiles[name] = {
        baseUrl: `https://${host}.api.identitynow.com`,
        clientId: 'c'.repeat(32),
        clientSecretFile: secretOf(name),
      };
    }
    return file;
  });
  const connected = vi.mocked(connect);
  connected.mockClear();
  const options = { allProfiles: true, parallel: '2' };
  // One PAT's id with another secret is not that PAT (one of the secrets is wrong): a group of its own.
  expect(await tenantsByPat(options)).toEqual([['prod', 'prod-again'], ['prod-stale'], ['sandbox']]);
  const run = await acrossTenants(options, async (tenant) => tenant.client.config.clientSecret);
  expect(run.done.map(({ value }) => value)).toEqual(['secret', 'secret', 'an old secret', 'secret']);
  expect(connected.mock.calls.map(([given]) => given.profile)).toEqual(['prod', 'prod-again', 'prod-stale', 'sandbox']);
});
