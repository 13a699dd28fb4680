import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { day } from '@patkit/model/time';
import type { Clock } from './state/clock.js';
import type { Seed } from './state/seed.js';
import type { Store } from './state/store.js';

/** A clock that moves only when a test says so. */
export class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-11-29T12:00:00.000Z')) {}
  now(): number {
    return this.time;
  }
  advanceDays(days: number): void {
    this.time += days * day;
  }
}

export const admin = { id: 'admin-identity', name: 'Ada Admin' };
export const user = { id: 'user-identity', name: 'Sam User' };

export const adminPat = { clientId: 'a'.repeat(32), clientSecret: 'admin-secret' };
export const userPat = { clientId: 'b'.repeat(32), clientSecret: 'user-secret' };
export const readerPat = { clientId: 'c'.repeat(32), clientSecret: 'reader-secret' };

/** Two identities, each with a PAT, plus a read-only PAT and a managed one. */
export function testSeed(): Seed {
  return {
    identities: [
      { ...admin, level: 'admin' },
      { ...user, level: 'user' },
    ],
    pats: [
      {
        id: adminPat.clientId,
        secret: adminPat.clientSecret,
        name: 'admin pat',
        ownerId: admin.id,
        created: '2026-01-01T00:00:00Z',
      },
      {
        id: userPat.clientId,
        secret: userPat.clientSecret,
        name: 'user pat',
        ownerId: user.id,
        created: '2026-02-01T00:00:00Z',
        lastUsed: '2026-11-01T08:00:00Z',
        accessTokenValiditySeconds: 3600,
      },
      {
        id: readerPat.clientId,
        secret: readerPat.clientSecret,
        name: 'reader',
        ownerId: user.id,
        scope: ['sp:my-personal-access-tokens:read'],
        created: '2026-03-01T00:00:00Z',
      },
      { id: 'd'.repeat(32), secret: 'managed-secret', name: 'workflow', ownerId: user.id, managed: true },
    ],
  };
}

/** The token endpoint's answer to a PAT's credentials, sent as a form. */
export function tokenResponse(url: string, pat: { clientId: string; clientSecret: string }): Promise<Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: pat.clientId,
      client_secret: pat.clientSecret,
    }),
  });
}

/** An access token for a PAT, straight from the token endpoint. */
export async function accessToken(url: string, pat: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await tokenResponse(url, pat);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A call to the admin API: JSON in, the status, headers and text back (and the JSON, when it is). */
export async function adminRequest(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; body: unknown }> {
  const response = await fetch(`${url}/__admin${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The state rules: at most 10 PATs per owner, unique names, secrets only as hashes, no PAT without an owner. */
export function stateProblems(store: Store): string[] {
  const problems: string[] = [];
  const owners = new Set(store.identities().map((identity) => identity.id));
  for (const owner of owners) {
    const pats = store.patsOf(owner);
    if (pats.length > 10) problems.push(`${owner} has ${pats.length} PATs`);
    if (new Set(pats.map((pat) => pat.name)).size !== pats.length) problems.push(`${owner} has a name twice`);
  }
  for (const pat of store.allPats()) {
    if (!/^[0-9a-f]{64}$/.test(pat.secretHash)) problems.push(`${pat.id} keeps its secret unhashed`);
    if (!owners.has(pat.ownerId)) problems.push(`${pat.id} belongs to no identity (${pat.ownerId})`);
  }
  return problems;
}

export interface CliServer {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  /** What the server wrote to stdout so far. */
  stdout(): string;
  /** What the server wrote to stderr so far. */
  stderr(): string;
}

/** Runs the patkit-mock command from source in a child process and resolves once it listens. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliServer> {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, '--conditions=@patkit/source', cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] as string, stdout: () => out, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}${err}`)));
  });
}
