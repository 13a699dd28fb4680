// What each tarball holds and declares: publint, are-the-types-wrong, the
// files a user needs and none they don't, and dependencies that match what
// the code imports.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';
import { workspacePackages } from '../../../scripts/workspace.mjs';
import { artifacts, pinnedNode } from './artifacts.test-utils.js';

const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  license: string;
  engines: { node: string };
  repository: { url: string };
};
const published = workspacePackages().filter((pkg) => !pkg.json.private);

function contents(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((file) => file.replace(/^package\//, ''));
}

/** Bare package names a built file imports or requires. */
function importsOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(
    // A specifier has no white space: text such as `no "from" key` in a message is not an import.
    // A bundle may rename a module's own `require` (from createRequire) to require2; `require.resolve` counts too.
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\d*(?:\.resolve)?\s*\(\s*|^import\s+)['"]([^'"./\s][^'"\s]*)['"]/gm,
  )) {
    const specifier = match[1] as string;
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    names.add(
      specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string),
    );
  }
  return names;
}

describe.each(published.map((pkg) => [pkg.json.name, pkg] as const))('the %s tarball', (name, pkg) => {
  const tarball = artifacts.tarballs[name] as string;
  const files = contents(tarball);
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));

  it('is clean by publint (strict)', async () => {
    const { messages, pkg: packed } = await publint({ pkgDir: pkg.path, pack: 'pnpm', strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, packed)}`)).toEqual([]);
  });

  it('has types that resolve everywhere (are-the-types-wrong)', async () => {
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
    if (!('problems' in result)) {
      expect(manifest.exports?.['.']?.types, 'a package without types must have no exports for them').toBeUndefined();
      return;
    }
    // ESM only: require() of an ES module works on every Node.js line in engines (22.12+), and the CommonJS consumer test proves it.
    const problems = result.problems.filter((problem) => problem.kind !== 'CJSResolvesToESM');
    expect(problems).toEqual([]);
  });

  it('holds the README, the LICENSE and what package.json points to, and no tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    expect(files.filter((file) => /\.test(-utils)?\.[cm]?[jt]s$|(^|\/)(reports|bench|coverage)\//.test(file))).toEqual(
      [],
    );
    const targets = [
      ...Object.values((manifest.bin ?? {}) as Record<string, string>),
      ...(manifest.types ? [manifest.types] : []),
      ...Object.values((manifest.exports ?? {}) as Record<string, string | Record<string, string>>).flatMap((entry) =>
        typeof entry === 'string' ? [entry] : Object.values(entry),
      ),
    ].map((target) => target.replace(/^\.\//, ''));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
  });

  it("has a README whose links work on the registry's page: absolute, or a heading of its own", () => {
    const readme = execFileSync('tar', ['-xzOf', tarball, 'package/README.md'], { encoding: 'utf8' });
    // The text outside code, where a link is a link.
    const prose = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)[^)]*\)|(?:src|href)="([^"]+)"/g)].map(
      (match) => match[1] ?? match[2],
    );
    // GitHub's and npm's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
    const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map(
      (match) =>
        `#${(match[1] as string)
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replaceAll(' ', '-')}`,
    );
    const broken = targets.filter((target) => !/^https:\/\//.test(target ?? '') && !anchors.includes(target ?? ''));
    expect(broken).toEqual([]);
  });

  it('declares the licence, engines and repository of the project', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe(root.license);
    expect(manifest.engines).toEqual(root.engines);
    expect(manifest.repository).toEqual({
      ...root.repository,
      directory: pkg.path.replace(/^.*?\/((?:packages|apps)\/[^/]+)\/$/, '$1'),
    });
    expect(manifest.sideEffects === false || manifest.bin !== undefined).toBe(true);
  });

  it('depends on exactly what its built code imports', () => {
    const installed = join(
      name === 'patkit' ? join(artifacts.global, 'lib') : artifacts.consumer,
      'node_modules',
      name,
    );
    const code = files
      .filter((file) => /^(bin|dist)\/.*\.(js|d\.ts)$/.test(file))
      .map((file) => readFileSync(join(installed, file), 'utf8'));
    const imported = new Set(code.flatMap((text) => [...importsOf(text)]));
    imported.delete(name);
    const declared = Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    });
    expect([...imported].filter((dep) => !declared.includes(dep) && !dep.startsWith('@types/'))).toEqual([]);
    const typesNeedNode = code.some(
      (text) => /from ['"]node:|\bNodeJS\.|\bBuffer\b/.test(text) && text.includes('declare'),
    );
    const unused = declared.filter((dep) => !imported.has(dep) && !(dep === '@types/node' && typesNeedNode));
    expect(unused).toEqual([]);
  });
});

it("the CLI bundles its dependencies but the keyring's native binding and yaml (loaded when used)", () => {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', artifacts.tarballs.patkit as string, 'package/package.json'], { encoding: 'utf8' }),
  );
  expect(Object.keys(manifest.dependencies)).toEqual(['@napi-rs/keyring', 'yaml']);
  expect(manifest.bin).toEqual({ patkit: './bin/patkit.js' });
  expect(contents(artifacts.tarballs.patkit as string)).toContain('dist/THIRD-PARTY-LICENSES.md');
});

it('the mock server and libraries install and start with no compiler on PATH', () => {
  const npmCli = realpathSync(
    (process.env.PATH ?? '')
      .split(':')
      .map((dir) => join(dir, 'npm'))
      .find((file) => existsSync(file)) ?? 'npm',
  );
  // PATH holds node alone: no python3, make, cc or g++ for node-gyp to find.
  const bare = mkdtempSync(join(artifacts.work, 'bare-bin-'));
  symlinkSync(pinnedNode.bin, join(bare, 'node'));
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bare };
  for (const variable of [
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'HTTPS_PROXY',
    'https_proxy',
    'NO_PROXY',
    'no_proxy',
  ]) {
    if (process.env[variable]) env[variable] = process.env[variable];
  }
  for (const tool of ['python3', 'python', 'make', 'cc', 'gcc', 'g++', 'c++'])
    expect(existsSync(join(bare, tool))).toBe(false);
  const project = mkdtempSync(join(artifacts.work, 'no-compiler-'));
  writeFileSync(join(project, 'package.json'), '{"name":"no-compiler","private":true}');
  const tarballs = ['@patkit/model', '@patkit/serializer', '@patkit/mock-server'].map(
    (name) => artifacts.tarballs[name] as string,
  );
  execFileSync(pinnedNode.bin, [npmCli, 'install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    env,
    stdio: 'pipe',
    timeout: 300_000,
  });
  const started = execFileSync(
    pinnedNode.bin,
    [
      '--input-type=module',
      '-e',
      "const { startMockServer } = await import('@patkit/mock-server'); const s = await startMockServer({ port: 0, seed: 'demo', logLevel: 'silent' }); console.log(s.url); await s.close();",
    ],
    { cwd: project, env, encoding: 'utf8', timeout: 60_000 },
  );
  expect(started).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
});
