import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { type FakeServer, pat, startFakeServer, tokenResponse } from './fake-server.test-utils.js';
import { fileTokenStore, type TokenKey } from './token-store.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
const key: TokenKey = { baseUrl: 'https://acme.api.identitynow.com', clientId: 'pat-id', clientSecret: 'secret-one' };
const later = Date.now() + 3_600_000;
let dir: string;
let server: FakeServer;

beforeEach(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'patkit-tokens-')), 'tokens');
  server = await startFakeServer((request) =>
    request.path === '/oauth/token'
      ? tokenResponse()
      : { status: request.method === 'DELETE' ? 204 : 200, body: request.method === 'DELETE' ? '' : '[]' },
  );
});

afterEach(async () => {
  await server.close();
});

const client = (clientSecret = 'secret-one', clientId = 'pat-id') =>
  createClient({
    baseUrl: server.url,
    clientId,
    clientSecret,
    tokenStore: fileTokenStore(dir),
    configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
  });
const minted = () => server.requests.filter((request) => request.path === '/oauth/token').length;
const bearer = () => server.requests.at(-1)?.headers.authorization;

describe('fileTokenStore', () => {
  it('keeps a token where only its user can read it: the folder 0700, the file 0600', () => {
    fileTokenStore(dir).write(key, { accessToken: 'token-a', renewAt: later });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(dir);
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    expect(fileTokenStore(dir).read(key)).toEqual({ accessToken: 'token-a', renewAt: later });
  });

  it('finds nothing for a changed secret, and trusts no file others may read', () => {
    const store = fileTokenStore(dir);
    store.write(key, { accessToken: 'token-a', renewAt: later });
    expect(store.read({ ...key, clientSecret: 'secret-two' })).toBeUndefined();
    const [file] = readdirSync(dir);
    chmodSync(join(dir, file as string), 0o644);
    expect(store.read(key)).toBeUndefined();
  });

  it('never holds the secret, only a hash of it', () => {
    fileTokenStore(dir).write(key, { accessToken: 'token-a', renewAt: later });
    const [file] = readdirSync(dir);
    const text = readFileSync(join(dir, file as string), 'utf8');
    expect(text).toContain('token-a');
    expect(`${file} ${text}`).not.toContain('secret-one');
  });

  it('runs writing at once leave a whole token for every reader, never a torn file', async () => {
    const store = fileTokenStore(dir);
    store.write(key, { accessToken: 'token-first', renewAt: later });
    const module = fileURLToPath(new URL('./token-store.ts', import.meta.url));
    // Four processes each write 300 tokens of different lengths to the one file, while this one reads it.
    const writer = `import { fileTokenStore } from ${JSON.stringify(module)};
const store = fileTokenStore(${JSON.stringify(dir)});
for (let i = 0; i < 300; i++) store.write(${JSON.stringify(key)}, { accessToken: 'token-' + process.pid + '-' + 'x'.repeat(i), renewAt: ${later} });`;
    const writers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--conditions=@patkit/source', '--import', tsx, '--input-type=module', '-e', writer], {
        stdio: 'inherit',
      }),
    );
    const done = Promise.all(writers.map((child) => once(child, 'exit')));
    let running = true;
    void done.then(() => {
      running = false;
    });
    let reads = 0;
    while (running) {
      expect(store.read(key)?.accessToken).toMatch(/^token-/);
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await done).map(([code]) => code)).toEqual([0, 0, 0, 0]);
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toHaveLength(1);
  }, 60_000);
});

describe('a client with a token store', () => {
  it('a later client of the same PAT uses the kept token: one mint for both', async () => {
    await client().list({ ownerId: 'me' });
    await client().list({ ownerId: 'me' });
    expect(minted()).toBe(1);
  });

  it('a changed secret mints anew', async () => {
    await client().list({ ownerId: 'me' });
    await client('secret-two').list({ ownerId: 'me' });
    expect(minted()).toBe(2);
  });

  it('a kept token the API refuses (401) is dropped: the client mints once and keeps the new one', async () => {
    fileTokenStore(dir).write({ ...key, baseUrl: server.url }, { accessToken: 'revoked', renewAt: later });
    server.handle((request) =>
      request.path === '/oauth/token'
        ? tokenResponse()
        : request.headers.authorization === 'Bearer revoked'
          ? { status: 401, body: '{"error":"JWT validation failed: revoked"}' }
          : { status: 200, body: JSON.stringify([pat]) },
    );
    await client().list({ ownerId: 'me' });
    expect(minted()).toBe(1);
    const kept = fileTokenStore(dir).read({ ...key, baseUrl: server.url });
    expect(kept?.accessToken).toMatch(/^token-/);
    expect(bearer()).toBe(`Bearer ${kept?.accessToken}`);
  });

  it('a kept token past its renewal time is not used', async () => {
    fileTokenStore(dir).write({ ...key, baseUrl: server.url }, { accessToken: 'old', renewAt: Date.now() - 1 });
    await client().list({ ownerId: 'me' });
    expect(minted()).toBe(1);
    expect(bearer()).not.toBe('Bearer old');
  });

  it("deleting a PAT forgets its token: the client's own, and another PAT's (a rotation's old one)", async () => {
    const other = { ...key, baseUrl: server.url, clientId: 'old-pat' };
    fileTokenStore(dir).write(other, { accessToken: 'token-of-old', renewAt: later });
    const own = client();
    await own.delete('old-pat');
    expect(fileTokenStore(dir).read(other)).toBeUndefined();
    await own.list({ ownerId: 'me' });
    expect(fileTokenStore(dir).read({ ...key, baseUrl: server.url })).toBeDefined();
    await own.delete('pat-id');
    expect(fileTokenStore(dir).read({ ...key, baseUrl: server.url })).toBeUndefined();
  });

  it('a folder that cannot be written costs a mint, never a failure', async () => {
    writeFileSync(`${dir}-file`, '');
    const blocked = createClient({
      baseUrl: server.url,
      clientId: 'pat-id',
      clientSecret: 'secret-one',
      tokenStore: fileTokenStore(join(`${dir}-file`, 'tokens')),
      configEnvironment: { env: {}, cwd: '/nonexistent', home: '/nonexistent' },
    });
    await expect(blocked.list({ ownerId: 'me' })).resolves.toEqual([]);
  });
});
