// Regressions of the second outside review (issue #14), one describe per finding.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback } from '../src/http/loopback.js';
import { accessToken, spawnCli, testSeed, tokenResponse, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ seed: testSeed(), ...options });
  servers.push(server);
  return server;
}

async function call(server: MockServer, path: string, init: RequestInit & { token?: string } = {}) {
  const token = init.token ?? (await accessToken(server.url, userPat));
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('1. dates past year 9999', () => {
  it('refuses a create whose default expiry would be in year 10000, and commits nothing', async () => {
    const server = await serve();
    server.clock.set('9999-10-01T00:00:00Z');
    const token = await accessToken(server.url, userPat);
    const created = await call(server, '/v3/personal-access-tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'late' }),
      token,
    });
    expect(created.status).toBe(400);
    expect(created.text).toContain('9999-12-31T23:59:59.999Z');
    expect(server.store.allPats().map((pat) => pat.name)).not.toContain('late');
    expect((await call(server, '/v3/personal-access-tokens?owner-id=me', { token })).status).toBe(200);
  });

  it('leaves out a stored row no view can write instead of failing the whole list', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'patkit-9999-')), 'mock.db');
    await (await startMockServer({ db, seed: testSeed() })).close();
    const raw = new DatabaseSync(db);
    raw.prepare('UPDATE pats SET expiration = ? WHERE name = ?').run(Date.UTC(10000, 0, 1), 'reader');
    raw.close();
    const server = await startMockServer({ db });
    servers.push(server);
    const listed = await call(server, '/v2025/personal-access-tokens?owner-id=me');
    expect(listed.status).toBe(200);
    expect((listed.json as { name: string }[]).map((pat) => pat.name)).toEqual(['user pat']);
  });
});

describe('2. a token whose identity was removed', () => {
  it('answers 401, as an unknown subject does, on every PAT route', async () => {
    const server = await serve();
    const token = await accessToken(server.url, userPat);
    server.seed({ identities: [{ id: 'someone', name: 'Someone', level: 'user' }], pats: [] });
    for (const [method, path] of [
      ['POST', '/v2025/personal-access-tokens'],
      ['GET', '/v2025/personal-access-tokens?owner-id=me'],
      ['DELETE', `/v2025/personal-access-tokens/${userPat.clientId}`],
    ] as const) {
      const answer = await call(server, path, {
        method,
        token,
        ...(method === 'POST' ? { body: JSON.stringify({ name: 'x', userAwareTokenNeverExpires: true }) } : {}),
      });
      expect([method, answer.status]).toEqual([method, 401]);
      expect(answer.json).toEqual({ error: expect.stringContaining('identity') });
    }
  });
});

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Runs patkit-mock until it exits (or is stopped after `ms`): its exit code and stderr. */
// A server from source through tsx: seconds alone, far more on a busy machine.
function runCli(args: readonly string[], ms = 60_000): { status: number | null; stderr: string } {
  const run = spawnSync(
    process.execPath,
    ['--import', tsx, '--conditions=@patkit/source', cli, '--port', '0', ...args],
    {
      encoding: 'utf8',
      timeout: ms,
    },
  );
  return { status: run.status, stderr: run.stderr };
}

describe('3. two servers on one --db file', { timeout: 120_000 }, () => {
  it('the second refuses to start, naming the file and the holder', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'patkit-twice-')), 'mock.db');
    const first = await startMockServer({ db, seed: testSeed() });
    servers.push(first);
    const second = runCli(['--db', db]);
    expect(second.status).toBe(2);
    expect(second.stderr.split('\n')[0]).toBe(
      `patkit-mock: the database ${db} is in use by another mock server (process ${process.pid}, since ${JSON.parse(readFileSync(`${db}-holder`, 'utf8')).since}); stop it, or give another --db`,
    );
    await first.close();
    servers.length = 0;
    // Closed, the file is free again.
    const third = await startMockServer({ db });
    expect(third.store.allPats().length).toBe(testSeed().pats.length);
    await third.close();
  });
});

describe('4. a bad database file', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'patkit-bad-db-'));
  const expectOneLine = (db: string, pattern: RegExp) => {
    const { status, stderr } = runCli(['--db', db]);
    expect({ status, first: stderr.split('\n')[0] }).toEqual({ status: 2, first: expect.stringMatching(pattern) });
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('truncated, garbage or plain text: one line and exit 2 at start-up', async () => {
    const good = join(dir, 'good.db');
    await (await startMockServer({ db: good, seed: testSeed() })).close();
    const bytes = readFileSync(good);
    const cases: Record<string, Buffer> = {
      truncated: bytes.subarray(0, Math.floor(bytes.length / 2)),
      garbage: Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)),
      text: Buffer.from('identities:\n  - these are not the droids\n'.repeat(200)),
    };
    for (const [name, content] of Object.entries(cases)) {
      const db = join(dir, `${name}.db`);
      writeFileSync(db, content);
      expectOneLine(db, /^patkit-mock: .*\.db is not a mock server database, or it is damaged \(.+\); move it away/);
    }
  }, 120_000);

  it('read-only, in rollback or WAL mode: one line and exit 2 at start-up', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    // Root writes through file modes: a read-only mount is what read-only means to it.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', ro]);
    try {
      const plain = join(ro, 'plain.db');
      await (await startMockServer({ db: plain, seed: testSeed() })).close();
      // Stopped by SIGKILL, a server leaves its write-ahead log behind.
      const wal = join(ro, 'wal.db');
      const running = await spawnCli(['--db', wal, '--seed', 'demo']);
      running.child.kill('SIGKILL');
      await new Promise((resolve) => running.child.once('exit', resolve));
      expect(existsSync(`${wal}-wal`)).toBe(true);
      if (asRoot) execFileSync('mount', ['-o', 'remount,ro', ro]);
      else for (const file of readdirSync(ro)) chmodSync(join(ro, file), 0o444);
      if (!asRoot) chmodSync(ro, 0o555);
      for (const db of [plain, wal])
        expectOneLine(db, /^patkit-mock: the database .* cannot be written \(.+\); make it/);
    } finally {
      if (asRoot) execFileSync('umount', [ro]);
      else chmodSync(ro, 0o755);
    }
  }, 120_000);
});

describe('5. text that is not well-formed Unicode, and names', () => {
  it('the API refuses a lone surrogate in any string field, naming it, in every way it takes text', async () => {
    const server = await serve();
    const created = await call(server, '/v2025/personal-access-tokens', {
      method: 'POST',
      body: '{"name":"z\\ud800","userAwareTokenNeverExpires":true}',
    });
    expect(created.status).toBe(400);
    expect(created.text).toContain('/name: is not well-formed Unicode');
    const scoped = await call(server, '/v2025/personal-access-tokens', {
      method: 'POST',
      body: '{"name":"ok","scope":["sp:\\udc00"],"userAwareTokenNeverExpires":true}',
    });
    expect(scoped.text).toContain('/scope/0: is not well-formed Unicode');
    const patched = await call(server, `/v2025/personal-access-tokens/${userPat.clientId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: '[{"op":"replace","path":"/name","value":"z\\ud800"}]',
    });
    expect(patched.status).toBe(400);
    expect(patched.text).toContain('/0/value: is not well-formed Unicode');
    expect(server.store.allPats().some((pat) => !pat.name.isWellFormed())).toBe(false);
  });

  it('seeds take names as the API does: trimmed, unique once trimmed, never blank, well-formed', async () => {
    const server = await serve();
    const seed = (names: string[]) => () =>
      server.seed({
        identities: [{ id: 'i', name: 'I', level: 'user' }],
        pats: names.map((name, n) => ({ id: `p${n}`, secret: 's', name, ownerId: 'i' })),
      });
    expect(seed(['CI', 'CI '])).toThrow(/\/pats\/1\/name: the owner already has a PAT named "CI"/);
    expect(seed([' '])).toThrow(/\/pats\/0\/name: must not be blank/);
    expect(seed(['z\ud800'])).toThrow(/\/pats\/0\/name: is not well-formed Unicode/);
    seed([' padded '])();
    expect(server.store.pat('p0')?.name).toBe('padded');
  });
});

describe('6. managed PATs', () => {
  it('are as hidden from their user-level owner to PATCH as to list and delete', async () => {
    const server = await serve();
    const patch = await call(server, `/v2025/personal-access-tokens/${'d'.repeat(32)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/name', value: 'renamed' }]),
    });
    expect(patch.status).toBe(404);
    expect(server.store.pat('d'.repeat(32))?.name).toBe('workflow');
  });
});

describe('7. userAwareTokenNeverExpires with a date', () => {
  it('is kept alike by create and by patch', async () => {
    const server = await serve();
    const expirationDate = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await call(server, '/v2025/personal-access-tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'both', expirationDate, userAwareTokenNeverExpires: true }),
    });
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    const patched = await call(server, `/v2025/personal-access-tokens/${userPat.clientId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([
        { op: 'replace', path: '/expirationDate', value: expirationDate },
        { op: 'replace', path: '/userAwareTokenNeverExpires', value: true },
      ]),
    });
    expect(patched.status).toBe(200);
    expect([
      server.store.pat(id)?.userAwareTokenNeverExpires,
      server.store.pat(userPat.clientId)?.userAwareTokenNeverExpires,
    ]).toEqual([true, true]);
  });
});

describe('9. secrets in the journal', () => {
  it('are redacted whatever the spelling of the parameter name, and never journaled from a form or Basic', async () => {
    const server = await serve();
    const spellings = ['client%5Fsecret', 'client%5fsecret', '%63lient_secret'];
    for (const name of spellings) {
      const answer = await fetch(
        `${server.url}/oauth/token?grant_type=client_credentials&client_id=${userPat.clientId}&${name}=${userPat.clientSecret}`,
        { method: 'POST' },
      );
      expect([name, answer.status]).toEqual([name, 200]);
    }
    await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${userPat.clientId}:${userPat.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const journal = JSON.stringify(server.journal.list());
    expect(journal).not.toContain(userPat.clientSecret);
    expect(server.journal.list().filter((entry) => entry.path.includes('[redacted]'))).toHaveLength(3);
  });
});

describe('11. client authentication by HTTP Basic', () => {
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const token = (server: MockServer, authorization: string, form: Record<string, string> = {}) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
    });

  it('mints a token for the id and secret as user name and password (curl -u)', async () => {
    const server = await serve();
    const answer = await token(server, basic(userPat.clientId, userPat.clientSecret));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ token_type: 'bearer', identity_id: 'user-identity' });
    expect((await token(server, basic(userPat.clientId, 'wrong'))).status).toBe(401);
    // Both ways, agreeing: fine; disagreeing: a 400 that says so.
    expect(
      (await token(server, basic(userPat.clientId, userPat.clientSecret), { client_id: userPat.clientId })).status,
    ).toBe(200);
    const conflict = await token(server, basic(userPat.clientId, userPat.clientSecret), { client_secret: 'other' });
    expect(conflict.status).toBe(400);
    expect(await conflict.text()).toContain('differ');
  });
});

describe('13. token response, claims and the bearer scheme', () => {
  it("carries ISC's claims, the login name as user_name, and accepts any case of Bearer", async () => {
    const server = await serve();
    server.seed(
      {
        identities: [{ id: 'aliased', name: 'Alex Alias', level: 'user', alias: 'alex.a' }],
        pats: [{ id: 'f'.repeat(32), secret: 'alias-secret', name: 'alias pat', ownerId: 'aliased' }],
      },
      'merge',
    );
    const decoded = async (pat: { clientId: string; clientSecret: string }) => {
      const jwt = await accessToken(server.url, pat);
      return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    };
    expect(await decoded(userPat)).toMatchObject({
      user_name: 'sam.user',
      user_id: 'user-identity',
      identity_id: 'user-identity',
      strong_auth: false,
      strong_auth_supported: false,
    });
    expect(await decoded({ clientId: 'f'.repeat(32), clientSecret: 'alias-secret' })).toMatchObject({
      user_name: 'alex.a',
    });
    // The token response has every field SailPoint's authentication page shows, each as the JWT's claim says.
    const response = (await (await tokenResponse(server.url, userPat)).json()) as Record<string, unknown>;
    const documented = ['access_token', 'token_type', 'expires_in', 'scope', 'accessType', 'tenant_id', 'internal'];
    documented.push('pod', 'strong_auth_supported', 'org', 'user_id', 'identity_id', 'strong_auth', 'enabled', 'jti');
    expect(documented.filter((key) => !(key in response))).toEqual([]);
    const claims = JSON.parse(
      Buffer.from((response.access_token as string).split('.')[1] as string, 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    // scope is a list in the JWT and a space-separated string in the response, as in ISC's example.
    for (const key of documented.filter((key) => key in claims && key !== 'scope'))
      expect(response[key], key).toEqual(claims[key]);
    expect(response.scope).toBe((claims.scope as string[]).join(' '));
    expect(response).toMatchObject({ accessType: 'OFFLINE', enabled: true, user_id: 'user-identity' });
    const jwt = await accessToken(server.url, userPat);
    for (const scheme of ['bearer', 'BEARER', 'Bearer'])
      expect(
        (
          await fetch(`${server.url}/v2025/personal-access-tokens?owner-id=me`, {
            headers: { authorization: `${scheme} ${jwt}` },
          })
        ).status,
      ).toBe(200);
    const refused = await fetch(`${server.url}/v2025/personal-access-tokens?owner-id=me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    // Created by an aliased owner, a PAT still shows the owner's display name.
    const created = await fetch(`${server.url}/v2025/personal-access-tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await accessToken(server.url, { clientId: 'f'.repeat(32), clientSecret: 'alias-secret' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'second', userAwareTokenNeverExpires: true }),
    });
    expect(await created.json()).toMatchObject({ owner: { name: 'Alex Alias' } });
  });
});

describe('15. JSON Patch move and copy', () => {
  it('answer a 400 that says ISC\'s schema has no "from" for them', async () => {
    const server = await serve();
    const answer = await call(server, `/v2025/personal-access-tokens/${userPat.clientId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'copy', from: '/scope/0', path: '/scope/1' }]),
    });
    expect(answer.status).toBe(400);
    expect((answer.json as { causes: { text: string }[] }).causes[0]?.text).toMatch(
      /^\/0\/op: "copy" is not supported: ISC's JSON Patch operation has no "from" key/,
    );
  });
});

describe('10. listening beyond loopback', () => {
  it('makes an admin token, shows it once, and says the demo secrets are public', async () => {
    const running = await spawnCli(['--host', '0.0.0.0', '--seed', 'demo']);
    try {
      const token = /Admin token \(made for this run.*\): (\S+)/.exec(running.stdout())?.[1];
      expect(token).toMatch(/^[\w-]{32}$/);
      expect(running.stdout()).toContain(`#token=${token}`);
      await expect.poll(() => running.stderr()).toContain("the demo seed's secrets are public");
      const url = running.url.replace('0.0.0.0', '127.0.0.1');
      expect((await fetch(`${url}/__admin/pats`)).status).toBe(401);
      expect((await fetch(`${url}/__admin/pats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      running.child.kill('SIGKILL');
    }
    // On loopback nothing changes: no token, no warning.
    const local = await spawnCli(['--seed', 'demo']);
    try {
      expect(local.stdout()).not.toContain('Admin token');
      expect((await fetch(`${local.url}/__admin/pats`)).status).toBe(200);
      expect(local.stderr()).not.toContain('public');
    } finally {
      local.child.kill('SIGKILL');
    }
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('11. the admin surface', () => {
  /** A raw HTTP/1.1 request, so that Host and Origin are what the test says (fetch sets its own Host). */
  function raw(url: string, head: string): Promise<{ status: number; body: string }> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () =>
        resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), body: text.split('\r\n\r\n')[1] ?? '' }),
      );
      socket.on('error', reject);
    });
  }

  it('without a token serves the admin API only to requests naming the server (no DNS rebinding)', async () => {
    const server = await serve();
    const { port } = new URL(server.url);
    const rebound = await raw(
      server.url,
      `GET /__admin/pats HTTP/1.1\r\nHost: attacker.example:${port}\r\nOrigin: http://attacker.example:${port}`,
    );
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ detailCode: '403 Forbidden' });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect((await raw(server.url, `GET /__admin/pats HTTP/1.1\r\nHost: ${host}`)).status, host).toBe(200);
  });

  it("answers an HTTP/1.1 request without Host with ISC's 400", async () => {
    const server = await serve();
    const answer = await raw(server.url, 'GET /v2025/personal-access-tokens HTTP/1.1');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      detailCode: '400.1 Bad Request Content',
      causes: [{ text: 'an HTTP/1.1 request needs a Host header' }],
    });
  });

  it('--help says the rate limit counts per client id and API version, and names every token source', () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const help = execFileSync(process.execPath, ['--import', tsx, '--conditions=@patkit/source', cli, '--help'], {
      encoding: 'utf8',
    });
    expect(help.replace(/\s+/g, ' ')).toContain('100 requests per 10 s per client id and API version');
    expect(help.replace(/\s+/g, ' ')).not.toContain('per access token');
    for (const option of ['--admin-token-file', 'PATKIT_MOCK_ADMIN_TOKEN', '--seed-from-export', '--secrets-file'])
      expect(help).toContain(option);
  });

  it('takes the admin token from PATKIT_MOCK_ADMIN_TOKEN or a file as well as the flag, one way only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-admin-')), 'token');
    writeFileSync(file, 'from-a-file\n', { mode: 0o600 });
    for (const [args, env, token] of [
      [[], { ...process.env, PATKIT_MOCK_ADMIN_TOKEN: 'from-the-env' }, 'from-the-env'],
      [['--admin-token-file', file], process.env, 'from-a-file'],
    ] as const) {
      const running = await spawnCli(['--log-level', 'silent', ...args], env);
      try {
        expect((await fetch(`${running.url}/__admin/pats`)).status).toBe(401);
        const wrong = await fetch(`${running.url}/__admin/pats`, { headers: { authorization: `Bearer ${token}x` } });
        expect(wrong.status).toBe(401);
        const right = await fetch(`${running.url}/__admin/pats`, { headers: { authorization: `Bearer ${token}` } });
        expect(right.status).toBe(200);
        expect(running.stdout()).not.toContain(token);
      } finally {
        running.child.kill('SIGKILL');
      }
    }
    await expect(
      spawnCli(['--admin-token', 'a', '--admin-token-file', file], { ...process.env, PATKIT_MOCK_ADMIN_TOKEN: '' }),
    ).rejects.toThrow('give the admin token one way');
  });
});
