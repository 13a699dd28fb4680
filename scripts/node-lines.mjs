// The Node.js lines patkit supports, read from the root package.json
// (`engines.node` and `nodeLines`) and .node-version (the pinned LTS that
// runs the test suite). A version the machine lacks comes from the npm
// registry's `node` package, which ships the binary and its headers, and is
// cached under $XDG_CACHE_HOME/patkit (or ~/.cache/patkit).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** Exact versions tested, one per supported major line: the oldest is the `engines` minimum. */
export const nodeLines = manifest.nodeLines;
/** The LTS version the test suite runs on. */
export const pinnedNode = readFileSync(new URL('.node-version', root), 'utf8').trim();
/** The minimum version of `engines.node` (">=22.13.0" → "22.13.0"). */
export const minimumNode = manifest.engines.node.replace(/^>=\s*/, '');

// The three are written in two files: a stale copy stops every script that reads them.
if (nodeLines[0] !== minimumNode || !nodeLines.includes(pinnedNode)) {
  throw new Error(
    `package.json nodeLines (${nodeLines.join(', ')}) must start with the engines minimum ${minimumNode} and hold .node-version ${pinnedNode}`,
  );
}

function parts(version) {
  return version.replace(/^v/, '').split('.').map(Number);
}

/** a >= b for dotted versions. */
export function atLeast(a, b) {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
}

function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'patkit');
}

/**
 * The folder of npm package `name` at `version` (in its node_modules),
 * installed from the npm registry into patkit's cache when it is not there yet.
 */
export function ensurePackage(name, version, log = (line) => console.error(line)) {
  const dir = join(cacheDir(), `${name}-${version}`);
  const pkg = join(dir, 'node_modules', name);
  if (!existsSync(join(pkg, 'package.json'))) {
    log(`fetching ${name}@${version} from the npm registry into ${dir}`);
    mkdirSync(cacheDir(), { recursive: true });
    // Install beside, then rename: two runs fetching at once never see half a package.
    const partial = `${dir}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    const result = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        partial,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${name}@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32', timeout: 300_000 },
    );
    if (result.status !== 0 || !existsSync(join(partial, 'node_modules', name, 'package.json'))) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(`could not install ${name}@${version} from the npm registry (npm exit ${result.status})`);
    }
    try {
      renameSync(partial, dir);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(pkg, 'package.json'))) throw error;
    }
  }
  return pkg;
}

/**
 * The node binary of `version`, installed from the npm registry when it is
 * not cached yet. Returns the binary, its bin directory (for PATH) and the
 * directory that holds its headers (for npm's nodedir).
 */
export function ensureNode(version, log = (line) => console.error(line)) {
  const pkg = ensurePackage('node', version, log);
  const bin = join(pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const platform = join(
    pkg,
    'node_modules',
    `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`,
  );
  return {
    version,
    bin,
    binDir: join(pkg, 'bin'),
    nodedir: existsSync(join(platform, 'include')) ? platform : undefined,
  };
}

/** `env` with `dir` first on its PATH. */
export function onPath(dir, env = process.env) {
  return { ...env, PATH: [dir, env.PATH ?? ''].join(delimiter) };
}

/** Environment that runs `node`, `npm` and native builds under the given Node.js. */
export function envFor(node, env = process.env) {
  return { ...onPath(node.binDir, env), ...(node.nodedir ? { npm_config_nodedir: node.nodedir } : {}) };
}
