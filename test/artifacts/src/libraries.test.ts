// The installed libraries from a consumer project: an ES module and a
// CommonJS script on every Node.js line, and TypeScript under every module
// resolution a project may use.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultApiVersion } from '@patkit/model/api-versions';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { NodeBinary } from '../../../scripts/node-lines.mjs';
import { artifacts, emptyHome, lines, seedExample, sh, userEnv } from './artifacts.test-utils.js';
import { compilers, typeCheck } from './type-check.test-utils.js';

// One program, written for import and for require: decode the seed, start
// the mock server, list the demo admin's PATs with the client; then what
// users get wrong: a call a version cannot make rejects (never throws), bad
// options are refused at createClient, a bad fault rule is named, a key
// given twice is refused in strict mode.
function consumer(seedText: string, load: (name: string) => string): string {
  return `${load('@patkit/serializer')}
${load('@patkit/mock-server')}
${load('@patkit/client')}
${load('@patkit/model')}
async function main() {
  const decoded = serializer.decode('GetPersonalAccessTokenResponse', ${JSON.stringify(seedText)});
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
  const made = model.createGetPersonalAccessTokenResponse(decoded.value);
  const twice = serializer.decode('GetPersonalAccessTokenResponse', ${JSON.stringify(seedText)}.replace('{', '{"id":"x",'), { mode: 'strict' });
  const duplicate = twice.ok ? 'accepted' : twice.errors.map((e) => e.code + ' ' + e.path).join();
  const server = await mockServer.startMockServer({ port: 0, seed: 'demo', logLevel: 'silent' });
  try {
    const api = client.createClient({ baseUrl: server.url, ...mockServer.demoCredentials.admin, apiVersion: 'v2025' });
    const statuses = [];
    const pats = await api.list({ ownerId: 'me', hooks: { onResponse: (e) => statuses.push(e.path.split('?')[0] + ' ' + e.status) } });
    const borrowed = client.createClient({ baseUrl: server.url, accessToken: await api.accessToken(), apiVersion: 'v2025' });
    const again = (await borrowed.list({ ownerId: 'me' })).length === pats.length;
    const legacy = client.createClient({ baseUrl: server.url, ...mockServer.demoCredentials.admin, apiVersion: 'v3' });
    const never = legacy.setNeverExpires(pats[0].id);
    const refused = await never.then(() => 'resolved', (error) => error.code);
    const code = (f) => { try { f(); return 'accepted'; } catch (error) { return error.code + ': ' + error.message; } };
    const option = code(() => client.createClient({ baseUrl: server.url, ...mockServer.demoCredentials.admin, timeoutMs: -1 }));
    const fault = code(() => server.faults.add({ probability: 2 }));
    console.log(JSON.stringify({ decoded: decoded.value.lastUsed, made: made.name, names: pats.map((p) => p.name), refused, option, fault, duplicate, statuses, again }));
  } finally {
    await server.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
}

// The seed example as the CLI README's init writes it.
const seed = seedExample(emptyHome(), userEnv(artifacts.nodes[0] as NodeBinary, artifacts.consumer));
const esm = consumer(seed.text, (name) => `import * as ${variable(name)} from '${name}';`);
const cjs = consumer(seed.text, (name) => `const ${variable(name)} = require('${name}');`);

function variable(name: string): string {
  return (
    { '@patkit/serializer': 'serializer', '@patkit/mock-server': 'mockServer', '@patkit/client': 'client' }[name] ??
    'model'
  );
}

const expected = {
  decoded: seed.pat.lastUsed,
  made: seed.pat.name,
  names: expect.arrayContaining(['Admin automation']) as unknown as string[],
  refused: 'unsupported',
  option: 'invalid_argument: timeoutMs is -1; give a number from 1 to 2,147,483,647',
  fault: 'invalid_option: invalid fault: probability must be between 0 and 1',
  duplicate: 'duplicate_key /id',
  statuses: ['/v2025/personal-access-tokens 200'],
  again: true,
};

// Every entry point of every installed library's exports map, as a specifier.
const entryPoints = Object.keys(artifacts.tarballs)
  .filter((name) => name !== 'patkit')
  .flatMap((name) => {
    const manifest = JSON.parse(readFileSync(join(artifacts.consumer, 'node_modules', name, 'package.json'), 'utf8'));
    return Object.keys(manifest.exports as Record<string, unknown>)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`));
  });

describe.each(lines)('the libraries on %s', (_, node) => {
  const env = userEnv(node, artifacts.consumer);

  it('load from every entry point, by import and by require', () => {
    expect(entryPoints).toEqual(expect.arrayContaining(['@patkit/model/core', '@patkit/model/api-versions']));
    const probe = (load: string) =>
      `const names = ${JSON.stringify(entryPoints)};\nfor (const name of names) {\n  const m = ${load};\n  if (Object.keys(m).length === 0) throw new Error(name + ' exports nothing');\n}\nconsole.log(names.length);\n`;
    writeFileSync(join(artifacts.consumer, `entries-${node.version}.mjs`), probe('await import(name)'));
    writeFileSync(join(artifacts.consumer, `entries-${node.version}.cjs`), probe('require(name)'));
    for (const file of [`entries-${node.version}.mjs`, `entries-${node.version}.cjs`]) {
      expect(sh('node', [file], env, { cwd: artifacts.consumer })).toEqual({
        code: 0,
        stdout: `${entryPoints.length}\n`,
        stderr: '',
      });
    }
  });

  it('work from an ES module', () => {
    writeFileSync(join(artifacts.consumer, `esm-${node.version}.mjs`), esm);
    const result = sh('node', [`esm-${node.version}.mjs`], env, { cwd: artifacts.consumer });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it('work from CommonJS (require)', () => {
    writeFileSync(join(artifacts.consumer, `cjs-${node.version}.cjs`), cjs);
    const result = sh('node', [`cjs-${node.version}.cjs`], env, { cwd: artifacts.consumer });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });
});

// ESM-only packages: a node16 project imports them from ES modules; nodenext (TypeScript's node20 rules) also from CommonJS.
const resolutions = [
  { module: 'node16', moduleResolution: 'node16', type: 'module' },
  { module: 'nodenext', moduleResolution: 'nodenext', type: 'module' },
  { module: 'nodenext', moduleResolution: 'nodenext', type: 'commonjs' },
  { module: 'esnext', moduleResolution: 'bundler', type: 'module' },
  { module: 'commonjs', moduleResolution: 'node10', type: 'commonjs' },
];
// TypeScript 7 removed moduleResolution node10: a project on it stays on TypeScript 5.
const checks = compilers.flatMap((compiler) =>
  resolutions
    .filter((resolution) => compiler.typescript !== '7.0' || resolution.moduleResolution !== 'node10')
    .map((resolution) => ({ ...compiler, ...resolution })),
);

describe('the libraries from TypeScript', () => {
  const source = `import { decode, decodeOrThrow } from '@patkit/serializer';
import { createGetPersonalAccessTokenResponse, type GetPersonalAccessTokenResponse } from '@patkit/model';
import { type ClientPat, createClient, type Pat, type PatClient, type RetryEvent } from '@patkit/client';
import { createPat, validateModel } from '@patkit/model';
import { startMockServer, type FaultRule, type JournalEntry, type MockServer, type RateLimitOptions, type Seed } from '@patkit/mock-server';

const result = decode('GetPersonalAccessTokenResponse', '{}');
export const pat: GetPersonalAccessTokenResponse | undefined = result.ok ? result.value : undefined;
export const made = createGetPersonalAccessTokenResponse;
export const client: (url: string) => PatClient = (baseUrl) => createClient({ baseUrl, clientId: 'a', clientSecret: 'b' });
export const server: Promise<MockServer> = startMockServer({ port: 0 });
// @ts-expect-error the types are real: a number is not a PAT name
export const wrong: GetPersonalAccessTokenResponse['name'] = 1;
// The mock server's types, exported for what its users write.
export const rule: FaultRule = { path: '/v2025', status: 503, probability: 0.5 };
export const limits: RateLimitOptions | undefined = undefined;
export const seen = (entries: readonly JournalEntry[]) => entries.map((entry) => entry.status);
export const seed: Seed = { identities: [{ id: 'i', name: 'I', level: 'user' }], pats: [] };
// @ts-expect-error what a version cannot do does not type-check: v3 has no never-expiring PATs
export const never = (legacy: PatClient<'v3'>) => legacy.setNeverExpires('id');
export const expiring = (modern: PatClient<'v2025'>) => modern.setNeverExpires('id');
// Hooks and per-call options, as the client's README shows them.
export const hooked = (baseUrl: string) =>
  createClient({ baseUrl, clientId: 'a', clientSecret: 'b', userAgent: 'nightly-audit/2.1', hooks: { onRetry: (e: RetryEvent) => console.error(e.delayMs, e.status ?? e.error?.message) } });
// One vocabulary: short model names, and results that say ok, value and errors.
export const named = (pat: Pat): string => pat.name;
export const built: Pat = createPat({ id: 'i', name: 'n', scope: null, owner: { type: 'IDENTITY', id: 'o', name: 'O' }, created: new Date() });
const checked = validateModel('GetPersonalAccessTokenResponse', {});
export const first = checked.ok ? checked.value.name : checked.errors[0]?.path;
export const borrowed = (baseUrl: string, token: () => Promise<string>) => createClient({ baseUrl, accessToken: token });
export const listed = (c: PatClient) =>
  c.list({ ownerId: 'me', timeoutMs: 5_000, headers: { 'x-trace': '1' }, hooks: { onResponse: (e) => e.headers.get('content-type') } });
// Types that know the defaults: a constructed or tolerantly read PAT has them, a strict read may not.
export const validity: number = built.accessTokenValiditySeconds;
export const managed = (c: PatClient) => c.list().then((pats) => pats.map((p): boolean => p.managed));
export const decodedValidity = (text: string): number => decodeOrThrow('GetPersonalAccessTokenResponse', text).accessTokenValiditySeconds;
export const strictClient = (baseUrl: string) => createClient({ baseUrl, accessToken: 't', mode: 'strict' });
// @ts-expect-error a strict client leaves an absent key absent: boolean | undefined, not boolean
export const strictManaged = (c: ReturnType<typeof strictClient>) => c.list().then((pats) => pats.map((p): boolean => p.managed));
export const namedRead = (p: ClientPat<'v2025', 'tolerant'>): boolean => p.managed;
// @ts-expect-error so does a strict decode
export const strictValidity = (text: string): number => decodeOrThrow('GetPersonalAccessTokenResponse', text, { mode: 'strict' }).accessTokenValiditySeconds;
`;

  it.each(checks)(
    'type-check with TypeScript $typescript under module $module, moduleResolution $moduleResolution, from $type',
    ({ type, typescript, tsc, ...options }) => {
      const dir = join(artifacts.consumer, `ts${typescript}-${options.moduleResolution}-${type}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
      writeFileSync(join(dir, 'index.ts'), source);
      expect(typeCheck(tsc, dir, ['index.ts'], options)).toBe('');
    },
  );

  it("shows the models by name in an editor: TypeScript's quick info on the installed types", () => {
    const dir = join(artifacts.consumer, 'ts-quick-info');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const file = join(dir, 'index.ts');
    const text = `import { createClient } from '@patkit/client';
import { createPat, createPatRequest } from '@patkit/model';
import { decode } from '@patkit/serializer';

const client = createClient({ baseUrl: 'https://tenant.api.identitynow.com', accessToken: 't' });
export async function shown() {
  const built = createPat({ id: 'i', name: 'n', scope: null, owner: {}, created: new Date() });
  const request = createPatRequest({ name: 'n' });
  const listed = await client.list();
  const legacy = await createClient({ baseUrl: 'https://tenant.api.identitynow.com', accessToken: 't', apiVersion: 'v3' }).list();
  const decoded = decode('GetPersonalAccessTokenResponse', '{}');
  const created = await client.create({ name: 'n' });
  return [built, request, listed, legacy, decoded, created];
}
`;
    writeFileSync(file, text);
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
    };
    const service = ts.createLanguageService({
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (name) => {
        const content = ts.sys.readFile(name);
        return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
      },
      getCurrentDirectory: () => dir,
      getCompilationSettings: () => options,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    expect(
      service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ).toEqual([]);
    const shown = (name: string) => {
      const info = service.getQuickInfoAtPosition(file, text.indexOf(`const ${name} `) + 'const '.length);
      return ts.displayPartsToString(info?.displayParts);
    };
    const v = JSON.stringify(defaultApiVersion);
    expect(
      Object.fromEntries(
        ['built', 'request', 'listed', 'legacy', 'decoded', 'created'].map((name) => [name, shown(name)]),
      ),
    ).toEqual({
      built: `const built: Pat<${v}>`,
      request: `const request: PatRequest<${v}>`,
      listed: `const listed: Pat<${v}>[]`,
      legacy: 'const legacy: Pat<"v3">[]',
      decoded: `const decoded: DecodeResult<Pat<${v}>>`,
      created: `const created: CreatedPat<${v}>`,
    });
  });
});
