import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProfiles, updateProfiles } from '../profiles.js';
import { profileDestination } from './profile-destination.js';

describe('profileDestination', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patkit-profile-destination-'));
    env = { XDG_CONFIG_HOME: dir };
    const profiles = Object.fromEntries(
      ['a', 'b', 'c', 'd'].map((name) => [name, { baseUrl: `https://${name}.api.example`, clientId: `old-${name}` }]),
    );
    await updateProfiles(() => ({ profiles }), env);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const next = (name: string) => ({
    baseUrl: `https://${name}.api.example`,
    clientId: `new-${name}`.padEnd(32, '0'),
    clientSecret: `secret-${name}`,
  });

  // rotate --self --all-profiles delivers every tenant's PAT at about the same time, into one config.yaml.
  it('keeps every profile when several are delivered at once', async () => {
    const destinations = ['a', 'b', 'c', 'd'].map((name) => ({ name, to: profileDestination(name, env) }));
    for (const { to } of destinations) await to.prepare();
    await Promise.all(destinations.map(({ name, to }) => to.deliver(next(name))));
    const { profiles } = await readProfiles(env);
    for (const name of ['a', 'b', 'c', 'd']) {
      expect(profiles[name]?.clientId).toBe(next(name).clientId);
      expect(readFileSync(profiles[name]?.clientSecretFile ?? '', 'utf8').trim()).toBe(`secret-${name}`);
    }
  });

  // A run killed while it held the lock (the rotate crash test kills at every step) leaves the file behind.
  it('takes over a lock left by a run that is gone', async () => {
    const lock = join(dir, 'patkit', 'config.yaml.lock');
    writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 12_345, host: hostname(), runId: 'gone', startedAt: new Date().toISOString() }),
    );
    const started = Date.now();
    const a = profileDestination('a', env);
    await a.prepare();
    await a.deliver(next('a'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await readProfiles(env)).profiles.a?.clientId).toBe(next('a').clientId);
    expect(existsSync(lock)).toBe(false);
  });

  it("undoes one profile's delivery without touching the others delivered meanwhile", async () => {
    const a = profileDestination('a', env);
    const b = profileDestination('b', env);
    await a.prepare();
    await b.prepare();
    await Promise.all([a.deliver(next('a')), b.deliver(next('b'))]);
    await Promise.all([a.undo(undefined), b.deliver(next('b'))]);
    const { profiles } = await readProfiles(env);
    expect(profiles.a?.clientId).toBe('old-a');
    expect(profiles.b?.clientId).toBe(next('b').clientId);
  });
});
