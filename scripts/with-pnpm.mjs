// Runs `pnpm install`, then `pnpm run <script> [args]`, on a machine that may
// have only Node.js and npm. A Node.js older than `engines` is replaced by
// the pinned LTS (.node-version) from the npm registry; the pnpm of
// package.json's packageManager is taken from PATH when it is there, else
// installed from the npm registry into patkit's cache. Written for old
// Node.js too: it must start on one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLeast, ensureNode, ensurePackage, envFor, minimumNode, onPath, pinnedNode } from './node-lines.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/with-pnpm.mjs <script> [args...]');
  process.exit(2);
}

if (!atLeast(process.versions.node, minimumNode)) {
  let node;
  try {
    node = ensureNode(pinnedNode, () => {});
  } catch (error) {
    console.error(
      `Node.js ${process.versions.node} is older than patkit needs (>=${minimumNode}) and ${error.message}`,
    );
    process.exit(1);
  }
  console.error(
    `Node.js ${process.versions.node} is older than patkit needs (>=${minimumNode}): running under Node.js ${pinnedNode} from the npm registry (${node.bin})`,
  );
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(node.bin, [self, script, ...args], { stdio: 'inherit', env: envFor(node) });
  process.exit(result.status ?? 1);
}

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const version = packageManager.replace(/^pnpm@/, '');
let env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_ENABLE_STRICT: '0' };
const shell = process.platform === 'win32';

const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env, shell });
// Else pnpm from patkit's cache, put on PATH for what runs under it too: not
// through npm exec, whose settings (npm_config_package=pnpm@…) would reach
// every npx under pnpm and make it run pnpm's package instead of the one asked for.
if (probe.status !== 0 || probe.stdout.trim() !== version) {
  const bin = join(dirname(ensurePackage('pnpm', version)), '.bin');
  console.error(`pnpm ${version} is not on PATH; running it from ${bin}`);
  env = onPath(bin, env);
}

function run(command) {
  const result = spawnSync('pnpm', command, { stdio: 'inherit', env, shell });
  if (result.error) {
    console.error(`could not start pnpm: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

const installed = run(['install', '--reporter=append-only']);
if (installed !== 0) process.exit(installed);
process.exit(run(['run', script, ...args]));
