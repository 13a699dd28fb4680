import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { join } from 'node:path';
import { inject } from 'vitest';
import { envFor, type NodeBinary } from '../../../scripts/node-lines.mjs';
import { spawnUntil } from '../../../scripts/spawn-until.mjs';

export interface Artifacts {
  /** A temporary directory outside the workspace. */
  readonly work: string;
  /** Package name → its packed tarball. */
  readonly tarballs: Record<string, string>;
  /** The prefix the CLI was installed into with `npm install --global`. */
  readonly global: string;
  /** A project with the libraries and the mock server installed from their tarballs. */
  readonly consumer: string;
  /** The Node.js version the suite runs on (.node-version). */
  readonly pinned: string;
  /** A binary of every supported Node.js line. */
  readonly nodes: readonly NodeBinary[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    artifacts: Artifacts;
  }
}

export const artifacts = inject('artifacts');

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a user's shell would give the installed commands: `node`
 * is the given line's, `patkit` and `patkit-mock` are the installed bins,
 * no SAIL_* settings leak in from this machine, nor the workspace's packages
 * through NODE_PATH (which pnpm sets), HOME is empty.
 */
export function userEnv(node: NodeBinary, home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SAIL_|XDG_|npm_|PNPM_|VITEST|TURBO_|NODE_OPTIONS$|NODE_PATH$|CI$)/.test(key)) env[key] = value;
  }
  const withNode = envFor(node, env);
  return {
    ...withNode,
    PATH: [join(artifacts.global, 'bin'), join(artifacts.consumer, 'node_modules', '.bin'), withNode.PATH].join(':'),
    HOME: home,
    NO_COLOR: '1',
    ...extra,
  };
}

export function emptyHome(): string {
  return mkdtempSync(join(artifacts.work, 'home-'));
}

/** Runs an installed command (found on PATH, as a shell would) and waits for it. */
export function sh(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { input?: string; cwd?: string } = {},
): Result {
  const result = spawnSync(command, args, {
    env,
    cwd: options.cwd ?? env.HOME,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const adminPat = { id: 'a'.repeat(32), secret: 'artifact-admin-secret' };
export const userPat = { id: 'b'.repeat(32), secret: 'artifact-user-secret' };

/** A seed file: an admin, a user, and PATs for the audit to find. */
export function writeSeed(dir: string, now = Date.now()): string {
  const day = 86_400_000;
  const at = (days: number) => new Date(now + days * day).toISOString();
  const file = join(dir, 'seed.json');
  writeFileSync(
    file,
    JSON.stringify({
      identities: [
        { id: 'admin-identity', name: 'Ada Admin', level: 'admin' },
        { id: 'user-identity', name: 'Sam User', level: 'user' },
      ],
      pats: [
        {
          ...adminPat,
          name: 'admin automation',
          ownerId: 'admin-identity',
          scope: ['sp:scopes:all'],
          created: at(-30),
          lastUsed: at(-1),
          expirationDate: at(100),
        },
        {
          ...userPat,
          name: 'user integration',
          ownerId: 'user-identity',
          scope: ['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage'],
          created: at(-300),
          lastUsed: at(-200),
          expirationDate: at(60),
        },
        {
          id: 'c'.repeat(32),
          secret: 'artifact-stale-secret',
          name: 'forgotten',
          ownerId: 'user-identity',
          scope: ['sp:my-personal-access-tokens:read'],
          created: at(-400),
          lastUsed: null,
          expirationDate: at(20),
        },
      ],
    }),
  );
  return file;
}

/** A tenant of `pats` PATs, `perOwner` an owner (ten by default: ISC's limit). */
export function writeBigSeed(dir: string, pats: number, perOwner = 10): string {
  const file = join(dir, 'seed.json');
  const created = new Date(Date.now() - 86_400_000).toISOString();
  writeFileSync(
    file,
    JSON.stringify({
      identities: [
        { id: 'admin-identity', name: 'Ada Admin', level: 'admin' },
        ...Array.from({ length: Math.ceil(pats / perOwner) }, (_, i) => ({
          id: `owner-${i}`,
          name: `Owner ${i}`,
          level: 'user',
        })),
      ],
      pats: [
        { ...adminPat, name: 'admin automation', ownerId: 'admin-identity', scope: ['sp:scopes:all'] },
        ...Array.from({ length: pats }, (_, i) => ({
          id: i.toString(16).padStart(32, '0'),
          secret: `secret-${i}`,
          name: `integration ${i} of a tenant with many PATs`,
          ownerId: `owner-${Math.floor(i / perOwner)}`,
          scope: ['sp:my-personal-access-tokens:read'],
          created,
        })),
      ],
    }),
  );
  return file;
}

export interface RunningMock {
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * A write to the mock's admin API on a connection of its own: fetch would
 * reuse a kept-alive one, which the server may be closing just then, and
 * does not repeat a PATCH that met a closed connection.
 */
export async function adminWrite(url: string, method: string, path: string, body: unknown): Promise<number> {
  return (
    await ownRequest(url, method, path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  ).status;
}

/**
 * A request on a connection of its own: a kept-alive one may be closing
 * (the mock drops idle ones after 5 s, and spawnSync blocks the test meanwhile).
 */
export function ownRequest(
  url: string,
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(`${url}${path}`, { method, agent: false, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** Profiles of the admin PAT at `url`, one a name, set with the installed CLI. */
export function addProfiles(names: readonly string[], url: string, env: NodeJS.ProcessEnv): void {
  for (const name of names)
    for (const [args, input] of [
      [['baseUrl', url], undefined],
      [['clientId', adminPat.id], undefined],
      [['clientSecret', '--client-secret-stdin'], adminPat.secret],
    ] as const) {
      const set = sh(
        'patkit',
        ['config', 'set', ...args, '--profile', name],
        env,
        input === undefined ? {} : { input },
      );
      if (set.code !== 0) throw new Error(`patkit config set ${args[0]} --profile ${name}: ${set.stderr}`);
    }
}

/** Starts the installed `patkit-mock` with the arguments and waits for its URL. */
export async function startMock(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunningMock> {
  const started = await spawnUntil('patkit-mock', args, { pattern: /listening on (http:\/\/\S+)/, env, cwd: env.HOME });
  if (started.match === null)
    throw new Error(`patkit-mock exited with ${started.code} before listening:\n${started.output()}`);
  return { url: started.match[1] as string, output: started.output, stop: started.stop };
}

/**
 * The CLI README's `patkit init …` command: the seed document's example
 * (Initialize-V2025GetPersonalAccessTokenResponse), as written there, which
 * writes pat.json in the directory it runs in.
 */
export const readmeInit = (() => {
  const readme = readFileSync(new URL('../../../apps/cli/README.md', import.meta.url), 'utf8');
  const command = /^patkit init (?:.*\\\n)*.*$/m.exec(readme)?.[0];
  if (command === undefined || !command.endsWith('> pat.json'))
    throw new Error('apps/cli/README.md has no "patkit init … > pat.json"');
  return command;
})();

/** Runs the README's init in `dir` and returns the PAT it wrote. */
export function seedExample(dir: string, env: NodeJS.ProcessEnv): { text: string; pat: Record<string, unknown> } {
  const result = sh('sh', ['-c', readmeInit], env, { cwd: dir });
  if (result.code !== 0 || result.stderr !== '') throw new Error(`${readmeInit}\nfailed: ${result.stderr}`);
  const text = readFileSync(join(dir, 'pat.json'), 'utf8');
  return { text, pat: JSON.parse(text) };
}

/** Test names per line: "Node.js 22.13.0". */
export const lines = artifacts.nodes.map((node) => [`Node.js ${node.version}`, node] as const);

/** The binary of the pinned Node.js line (.node-version), which suites of one line run on. */
export const pinnedNode: NodeBinary = (() => {
  const pinned = artifacts.nodes.find((node) => node.version === artifacts.pinned);
  if (!pinned) throw new Error(`no binary of the pinned Node.js ${artifacts.pinned}`);
  return pinned;
})();
