// Packs every publishable package, lints it with publint, installs each
// tarball into an empty project with only its declared dependencies (and the
// tarballs of the workspace packages it depends on), then imports and
// type-checks every entry point of its exports map. Run after a build.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { root, workspacePackages } from './workspace.mjs';

const shell = process.platform === 'win32';
const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', root));
const all = workspacePackages();
const publishable = all.filter((pkg) => !pkg.json.private);
const byName = new Map(all.map((pkg) => [pkg.json.name, pkg]));
const work = mkdtempSync(join(tmpdir(), 'patkit-packages-'));
const failures = [];

function run(bin, args, cwd) {
  return execFileSync(bin, args, { cwd, encoding: 'utf8', shell, stdio: ['ignore', 'pipe', 'pipe'] });
}

function pack(pkg) {
  const destination = join(work, 'tarballs');
  mkdirSync(destination, { recursive: true });
  const before = new Set(readdirSync(destination));
  run('pnpm', ['pack', '--pack-destination', destination], pkg.path);
  const created = readdirSync(destination).filter((file) => !before.has(file));
  if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.json.name} made ${created.length} files`);
  return join(destination, created[0]);
}

// The workspace packages a package needs at run time, itself first.
function closure(pkg, seen = new Set()) {
  if (seen.has(pkg.json.name)) return [];
  seen.add(pkg.json.name);
  const names = Object.keys({ ...pkg.json.dependencies, ...pkg.json.peerDependencies });
  return [pkg, ...names.filter((name) => byName.has(name)).flatMap((name) => closure(byName.get(name), seen))];
}

function entryPoints(pkg) {
  return Object.keys(pkg.json.exports ?? { '.': null })
    .filter((key) => !key.endsWith('.json'))
    .map((key) => (key === '.' ? pkg.json.name : `${pkg.json.name}/${key.slice(2)}`));
}

const tarballs = new Map();
for (const pkg of publishable) {
  const name = pkg.json.name;
  try {
    tarballs.set(name, pack(pkg));
    const { messages, pkg: packed } = await publint({ pkgDir: pkg.path, pack: 'pnpm', strict: true });
    for (const message of messages) {
      const line = `${name}: publint ${message.type}: ${formatMessage(message, packed)}`;
      if (message.type === 'suggestion') console.error(line);
      else failures.push(line);
    }
  } catch (error) {
    failures.push(`${name}: could not pack: ${error.stderr || error.message}`);
  }
}

for (const pkg of publishable) {
  const name = pkg.json.name;
  if (!tarballs.has(name)) continue;
  const project = join(work, name.replace(/[@/]/g, '_'));
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const locals = closure(pkg).map((dep) => tarballs.get(dep.json.name));
  const peers = Object.entries(pkg.json.peerDependencies ?? {})
    .filter(([dep]) => !byName.has(dep))
    .map(([dep, range]) => `${dep}@${range}`);
  const entries = entryPoints(pkg);
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...locals, ...peers], project);
    const imports = entries.map((entry, i) => `import * as m${i} from '${entry}';`).join('\n');
    const probe = `${imports}\nfor (const [i, m] of [${entries.map((_, i) => `m${i}`).join(', ')}].entries()) {\n  if (Object.keys(m).length === 0) throw new Error('entry ' + i + ' exports nothing');\n}\n`;
    writeFileSync(join(project, 'probe.mjs'), probe);
    run(process.execPath, ['probe.mjs'], project);
    writeFileSync(
      join(project, 'probe.ts'),
      `${imports}\nexport const modules = [${entries.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, types: [] },
        files: ['probe.ts'],
      }),
    );
    run(process.execPath, [tsc, '-p', '.'], project);
    console.error(`ok ${name}: packed, publint clean, installs alone, imports and type-checks ${entries.join(', ')}`);
  } catch (error) {
    failures.push(
      `${name}: the installed tarball does not work: ${(error.stdout || '') + (error.stderr || error.message)}`,
    );
  }
}

rmSync(work, { recursive: true, force: true });
for (const failure of failures) console.error(failure);
if (failures.length > 0) process.exit(1);
