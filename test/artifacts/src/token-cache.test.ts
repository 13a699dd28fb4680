// The access token kept between runs, from the installed CLI against the
// installed mock server (every request 100 ms late, as a tenant in the
// cloud): runs in a row mint one token, and the rules that drop it hold.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  adminPat,
  adminWrite,
  emptyHome,
  pinnedNode,
  type RunningMock,
  sh,
  startMock,
  userEnv,
  userPat,
  writeSeed,
} from './artifacts.test-utils.js';

const home = emptyHome();
const env = userEnv(pinnedNode, home);
const tokens = join(home, '.cache', 'patkit', 'tokens');
const patkit = (args: readonly string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
  sh('patkit', args, { ...env, ...extra }, input === undefined ? {} : { input });
let mock: RunningMock;

/** How many tokens were minted since the journal was last cleared (a connection of its own, as adminWrite's). */
function minted(): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${mock.url}/__admin/journal?path=/oauth/token`, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      response.on('end', () => resolve((JSON.parse(body) as unknown[]).length));
    }).on('error', reject);
  });
}

const setSecret = (secret: string) =>
  expect(patkit(['config', 'set', 'clientSecret', '--client-secret-stdin'], {}, secret).code).toBe(0);

beforeAll(async () => {
  mock = await startMock(['--seed', writeSeed(emptyHome()), '--port', '0', '--log-level', 'warn'], env);
  expect(patkit(['config', 'set', 'baseUrl', mock.url]).code).toBe(0);
  expect(patkit(['config', 'set', 'clientId', userPat.id]).code).toBe(0);
  setSecret(userPat.secret);
  expect(await adminWrite(mock.url, 'POST', '/__admin/faults', { path: '/', latency: 100 })).toBe(201);
}, 120_000);

afterAll(async () => {
  await mock?.stop();
});

beforeEach(async () => {
  expect(await adminWrite(mock.url, 'DELETE', '/__admin/journal', undefined)).toBe(204);
});

describe(`the access token kept between runs, installed, on Node.js ${pinnedNode.version}`, () => {
  it('ten `patkit list --json` in a row mint one token; it is kept 0600 in a 0700 folder, without the secret', async () => {
    for (let run = 0; run < 10; run++) expect(patkit(['list', '--json']).code).toBe(0);
    expect(await minted()).toBe(1);
    expect(statSync(tokens).mode & 0o777).toBe(0o700);
    const files = readdirSync(tokens);
    expect(files).toHaveLength(1);
    const file = join(tokens, files[0] as string);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(userPat.secret);
  });

  it('the kept token is never printed, not even with --debug', () => {
    expect(patkit(['list', '--json']).code).toBe(0);
    const [name] = readdirSync(tokens);
    const { accessToken } = JSON.parse(readFileSync(join(tokens, name as string), 'utf8')) as { accessToken: string };
    for (const args of [
      ['list', '--json', '--debug'],
      ['whoami', '--json', '--debug'],
      ['list', '--owner', 'no-such-owner', '--debug'],
    ]) {
      const run = patkit(args);
      expect(`${run.stdout}${run.stderr}`).not.toContain(accessToken);
    }
  });

  it('--no-token-cache and PATKIT_NO_TOKEN_CACHE mint their own token', async () => {
    expect(patkit(['list', '--json']).code).toBe(0);
    expect(await minted()).toBe(0);
    expect(patkit(['list', '--json', '--no-token-cache']).code).toBe(0);
    expect(patkit(['list', '--json'], { PATKIT_NO_TOKEN_CACHE: '1' }).code).toBe(0);
    expect(await minted()).toBe(2);
  });

  it('a kept token the tenant refuses is replaced: the run goes on with a new one', async () => {
    expect(patkit(['list', '--json']).code).toBe(0);
    const [name] = readdirSync(tokens);
    const file = join(tokens, name as string);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { accessToken: string };
    writeFileSync(file, JSON.stringify({ ...kept, accessToken: 'not-a-token' }), { mode: 0o600 });
    const run = patkit(['list', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await minted()).toBe(1);
    expect(readFileSync(file, 'utf8')).not.toContain('not-a-token');
  });

  it('a wrong secret is refused, whatever token the right one left', async () => {
    expect(patkit(['list', '--json']).code).toBe(0);
    setSecret('not-the-secret');
    try {
      const run = patkit(['list', '--json']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/401|credentials|secret/i);
    } finally {
      setSecret(userPat.secret);
    }
  });

  it('after `rotate --self`, the old PAT is gone and no run gets in with its kept token', async () => {
    const admin = {
      SAIL_BASE_URL: mock.url,
      SAIL_CLIENT_ID: adminPat.id,
      SAIL_CLIENT_SECRET: adminPat.secret,
    };
    expect(patkit(['list', '--json'], admin).code).toBe(0);
    const rotated = patkit(['rotate', '--self', '--json'], admin);
    expect(rotated.code).toBe(0);
    expect(patkit(['list', '--json'], admin).code).not.toBe(0);
    const created = JSON.parse(rotated.stdout) as { id: string; secret: string };
    expect(
      patkit(['list', '--json'], { ...admin, SAIL_CLIENT_ID: created.id, SAIL_CLIENT_SECRET: created.secret }).code,
    ).toBe(0);
  });
});
