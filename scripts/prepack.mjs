// prepack of every published package: `pnpm pack` (and publish) in a fresh
// clone must not make a tarball without dist/. Outside turbo it builds the
// package and what it depends on (turbo's cache makes a fresh build a
// no-op); inside a turbo task (the artifact tests, whose task builds first)
// it only checks, since turbo does not nest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = process.cwd();
const { name } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

if (process.env.TURBO_HASH === undefined) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const run = spawnSync(turbo, ['run', 'build', `--filter=${name}`, '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (run.error !== undefined || run.status !== 0) {
    console.error(`${name}: the build before packing failed; run \`pnpm build\` at ${root} and pack again`);
    process.exit(1);
  }
}
if (!existsSync(join(here, 'dist'))) {
  console.error(`${name} has no dist/ to pack: run \`pnpm build\` at ${root} first`);
  process.exit(1);
}
