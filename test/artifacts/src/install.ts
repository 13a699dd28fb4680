// Global setup: packs every publishable package as `pnpm publish` would,
// installs the tarballs with npm outside the workspace (no links, no
// devDependencies) and fetches a Node.js binary of every supported line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureNode, nodeLines, pinnedNode } from '../../../scripts/node-lines.mjs';
import { workspacePackages } from '../../../scripts/workspace.mjs';
import type { Artifacts } from './artifacts.test-utils.js';

// npm retries a registry it cannot reach for minutes: fail in bounded time instead.
function run(bin: string, args: readonly string[], cwd: string): string {
  return execFileSync(bin, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'patkit-artifacts-'));
  const tarballDir = join(work, 'tarballs');
  mkdirSync(tarballDir);
  const packages = workspacePackages().filter((pkg) => !pkg.json.private);
  const tarballs: Record<string, string> = {};
  for (const pkg of packages) {
    const before = new Set(readdirSync(tarballDir));
    run('pnpm', ['pack', '--pack-destination', tarballDir], pkg.path);
    const made = readdirSync(tarballDir).filter((file) => !before.has(file));
    if (made.length !== 1) throw new Error(`pnpm pack of ${pkg.json.name} made ${made.length} files`);
    tarballs[pkg.json.name] = join(tarballDir, made[0] as string);
  }
  const npmInstall = ['install', '--no-audit', '--no-fund', '--loglevel=error'];

  // The CLI as `npm install -g patkit` puts it: alone, into an empty prefix.
  const global = join(work, 'global');
  run('npm', [...npmInstall, '--global', '--prefix', global, tarballs.patkit as string], work);

  // The libraries and the mock server as a project installs them. They
  // depend on each other and are on no registry yet, so all go in at once.
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const libraries = Object.entries(tarballs).filter(([name]) => name !== 'patkit');
  // Their peer dependencies too, as their READMEs tell a user (fast-check for @patkit/model/arbitraries).
  const peers = packages
    .flatMap((pkg) => Object.entries(pkg.json.peerDependencies ?? {}))
    .filter(([name]) => tarballs[name] === undefined)
    .map(([name, range]) => `${name}@${range}`);
  run('npm', [...npmInstall, ...libraries.map(([, file]) => file), ...new Set(peers)], consumer);

  const artifacts: Artifacts = {
    work,
    tarballs,
    global,
    consumer,
    pinned: pinnedNode,
    nodes: nodeLines.map((version) => ensureNode(version)),
  };
  project.provide('artifacts', artifacts);
  return () => rmSync(work, { recursive: true, force: true });
}
