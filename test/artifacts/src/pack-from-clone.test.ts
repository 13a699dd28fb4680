// `pnpm pack` in a package folder of a fresh clone, as a contributor or a
// release script runs it: the tarball has the built dist/, and a pack that
// cannot build is refused rather than made without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'patkit-pack-'));
const clone = join(work, 'clone');
// A user's shell: none of the variables of the turbo task this suite runs in.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TURBO_')));

beforeAll(() => {
  execFileSync('git', ['clone', '--quiet', repo, clone], { stdio: 'ignore' });
  execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--silent'], {
    cwd: clone,
    env,
    stdio: 'ignore',
    timeout: 300_000,
  });
}, 360_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const pack = (extra: NodeJS.ProcessEnv = {}) =>
  spawnSync('pnpm', ['pack', '--pack-destination', work], {
    cwd: join(clone, 'apps/cli'),
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 300_000,
  });

describe('pnpm pack in apps/cli of a fresh clone', () => {
  it('builds first: the tarball holds dist/ and the bin it runs', () => {
    const packed = pack();
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const files = execFileSync('tar', ['tzf', join(work, tarball as string)], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/bin/patkit.js');
    expect(files.filter((file) => file.startsWith('package/dist/')).length).toBeGreaterThan(5);
    rmSync(join(work, tarball as string));
  }, 300_000);

  it('refuses, naming the fix, when it cannot build (inside a turbo task) and dist/ is missing', () => {
    rmSync(join(clone, 'apps/cli/dist'), { recursive: true, force: true });
    const refused = pack({ TURBO_HASH: 'nested' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain('patkit has no dist/ to pack: run `pnpm build`');
    expect(readdirSync(work).filter((file) => file.endsWith('.tgz'))).toEqual([]);
  }, 120_000);
});
