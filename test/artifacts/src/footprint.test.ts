// What the client costs a project that gives it credentials: installed
// without optional dependencies (no keyring binding), it works, and says
// what is missing only where the keyring is reached; the YAML parser is
// loaded only when sail's file is read, and a bundle of such a project
// holds neither. Nor does it load node:http, https, zlib or undici before
// its first request (an ES import of node:http costs about 20 ms).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { NodeBinary } from '../../../scripts/node-lines.mjs';
import { artifacts, emptyHome, sh, userEnv } from './artifacts.test-utils.js';

const project = join(artifacts.work, 'without-optional');
mkdirSync(project, { recursive: true });
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lean', private: true, type: 'module' }));
const tarballs = ['@patkit/model', '@patkit/serializer', '@patkit/client'].map(
  (name) => artifacts.tarballs[name] as string,
);
execFileSync('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
  cwd: project,
  stdio: 'ignore',
  timeout: 300_000,
});

// Creates a client with its credentials, then one that finds only sail's file; says what each loaded.
const program = `import { createRequire } from 'node:module';
import { createClient } from '@patkit/client';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/yaml/'));
const given = createClient({ baseUrl: 'https://acme.api.identitynow.com', clientId: 'id', clientSecret: 'secret' });
const before = loaded();
const builtins = process.moduleLoadList.filter((m) => /^NativeModule (https?|http2|zlib|internal\\/deps\\/undici\\/undici)$/.test(m));
let error;
try { createClient(); } catch (e) { error = e.code + ': ' + e.message; }
console.log(JSON.stringify({ baseUrl: given.config.baseUrl, yamlAtFirst: before, yamlAfterSail: loaded(), builtins, error }));
`;

describe('the client without its optional dependencies', () => {
  it('installs without the keyring binding', () => {
    expect(existsSync(join(project, 'node_modules', '@patkit', 'client'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '@napi-rs', 'keyring'))).toBe(false);
  });

  it.each(artifacts.nodes.map((node) => [node.version, node] as const))(
    'works with credentials on Node.js %s, loads no HTTP module before a request, yaml only for sail, and names the missing keyring',
    (_, node: NodeBinary) => {
      const home = emptyHome();
      mkdirSync(join(home, '.sailpoint'));
      writeFileSync(
        join(home, '.sailpoint', 'config.yaml'),
        'activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: https://acme.api.identitynow.com\n    authtype: pat\n',
      );
      writeFileSync(join(project, 'program.mjs'), program);
      const result = sh('node', ['program.mjs'], userEnv(node, home), { cwd: project });
      expect(result.stderr).toBe('');
      const out = JSON.parse(result.stdout);
      expect(out).toMatchObject({
        baseUrl: 'https://acme.api.identitynow.com',
        yamlAtFirst: false,
        yamlAfterSail: true,
        builtins: [],
      });
      expect(out.error).toMatch(/^config_missing: /);
      expect(out.error).toContain('@napi-rs/keyring');
    },
  );

  it('bundles without yaml or the keyring when given credentials', async () => {
    writeFileSync(
      join(project, 'bundled.mjs'),
      "import { createClient } from '@patkit/client';\ncreateClient({ baseUrl: 'https://acme.api.identitynow.com', clientId: 'id', clientSecret: 'secret' });\n",
    );
    const result = await build({
      entryPoints: [join(project, 'bundled.mjs')],
      absWorkingDir: project,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('node_modules/@patkit/client/'))).toBe(true);
    expect(inputs.filter((file) => /node_modules\/(yaml|@napi-rs)\//.test(file))).toEqual([]);
  });
});
