// Runs `pnpm install`, then `pnpm run <script> [args]`, on a machine that may
// have only Node.js and npm: the pnpm of package.json's packageManager is
// taken from PATH when it is there, else run through `npm exec`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/with-pnpm.mjs <script> [args...]');
  process.exit(2);
}

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const version = packageManager.replace(/^pnpm@/, '');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_ENABLE_STRICT: '0' };
const shell = process.platform === 'win32';

const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env, shell });
const pnpm =
  probe.status === 0 && probe.stdout.trim() === version
    ? ['pnpm']
    : ['npm', 'exec', '--yes', `--package=pnpm@${version}`, '--', 'pnpm'];
if (pnpm.length > 1) console.error(`pnpm ${version} is not on PATH; running it through npm exec`);

function run(command) {
  const [bin, ...rest] = [...pnpm, ...command];
  const result = spawnSync(bin, rest, { stdio: 'inherit', env, shell });
  if (result.error) {
    console.error(`could not start ${bin}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const installed = run(['install', '--reporter=append-only']);
if (installed !== 0) process.exit(installed);
process.exit(run(['run', script, ...args]));
