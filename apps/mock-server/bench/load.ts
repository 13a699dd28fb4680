// pnpm bench: load on loopback with autocannon, side by side in one run:
// the patkit mock server, a bare node:http server returning a static body of
// the same size (the limit), and Stoplight Prism mocking the official PAT
// spec. Each server runs in a child process of its own; autocannon runs here.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const owners = 10;

function start(command: string, args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function patId(i: number): string {
  return `p${String(i).padStart(31, '0')}`;
}

// Owner 0 has the ten PATs to list; owners 1 to 10 create and delete, one connection each.
function writeSeed(): string {
  const identities = Array.from({ length: owners + 1 }, (_, i) => ({
    id: `owner-${i}`,
    name: `Owner ${i}`,
    level: 'user',
  }));
  const pats = identities.map((owner, i) => ({
    id: patId(i),
    secret: `secret-${i}`,
    name: 'bench',
    ownerId: owner.id,
  }));
  for (let i = 1; i < 10; i++)
    pats.push({ id: `q${String(i).padStart(31, '0')}`, secret: `other-${i}`, name: `listed ${i}`, ownerId: 'owner-0' });
  const file = join(mkdtempSync(join(tmpdir(), 'patkit-bench-')), 'seed.json');
  writeFileSync(file, JSON.stringify({ identities, pats }));
  return file;
}

async function tokenFor(url: string, i: number): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: patId(i),
      client_secret: `secret-${i}`,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

interface Figures {
  readonly rps: number;
  readonly p99: number;
  readonly failures: number;
}

async function load(options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ duration: seconds, ...options });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

interface Target {
  readonly list: { url: string; headers: Record<string, string> };
  readonly pairs: autocannon.Options;
}

async function measure(name: string, target: Target): Promise<[string, Figures, Figures]> {
  const list = await load({ url: target.list.url, headers: target.list.headers, connections: 50 });
  const pairs = await load({ ...target.pairs, connections: owners });
  return [name, list, pairs];
}

function pairRequests(
  base: string,
  path: string,
  tokens: readonly string[],
  body: (n: number) => string,
): autocannon.Options {
  let next = 0;
  let count = 0;
  type Context = { token?: string | undefined; id?: string };
  return {
    url: base,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: autocannon.Request, context: Context) => {
          context.token ??= tokens[next++ % tokens.length];
          return {
            ...request,
            path,
            headers: { authorization: `Bearer ${context.token}`, 'content-type': 'application/json' },
            body: body(count++),
          };
        },
        onResponse: (_status: number, responseBody: string, context: Context) => {
          context.id = (JSON.parse(responseBody) as { id: string }).id;
        },
      },
      {
        method: 'DELETE',
        setupRequest: (request: autocannon.Request, context: Context) => ({
          ...request,
          path: `${path}/${context.id}`,
          headers: { authorization: `Bearer ${context.token}` },
        }),
      },
    ],
  } as autocannon.Options;
}

const rows: Array<[string, Figures, Figures]> = [];

// 1. patkit
const seed = writeSeed();
const tsx = require.resolve('tsx');
const patkit = await start(
  process.execPath,
  [
    '--import',
    tsx,
    '--conditions=@patkit/source',
    here('../src/cli.ts'),
    '--port',
    '7401',
    '--seed',
    seed,
    '--log-level',
    'silent',
  ],
  /listening on/,
);
const patkitUrl = 'http://127.0.0.1:7401';
const listToken = await tokenFor(patkitUrl, 0);
const tokens = await Promise.all(Array.from({ length: owners }, (_, i) => tokenFor(patkitUrl, i + 1)));
const listPath = '/v2025/personal-access-tokens?owner-id=me';
const listBody = await (
  await fetch(patkitUrl + listPath, { headers: { authorization: `Bearer ${listToken}` } })
).text();
rows.push(
  await measure('@patkit/mock-server', {
    list: { url: patkitUrl + listPath, headers: { authorization: `Bearer ${listToken}` } },
    pairs: pairRequests(
      patkitUrl,
      '/v2025/personal-access-tokens',
      tokens,
      (n) => `{"name":"pair ${n}","expirationDate":null,"userAwareTokenNeverExpires":true}`,
    ),
  }),
);
await stop(patkit);

// 2. the limit: node:http with a static body of the same size
const bare = await start(
  process.execPath,
  [
    '-e',
    `const body = Buffer.from(${JSON.stringify(listBody)}); require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); s.end(body); }); }).listen(7402, '127.0.0.1', () => console.log('ready'));`,
  ],
  /ready/,
);
rows.push(
  await measure('bare node:http, static body', {
    list: { url: `http://127.0.0.1:7402${listPath}`, headers: {} },
    pairs: pairRequests('http://127.0.0.1:7402', '/v2025/personal-access-tokens', ['x'], () => '{}'),
  }),
);
await stop(bare);

// 3. Prism mocking the official per-API PAT spec (paths at /personal-access-tokens/v1)
const spec = here('../../../reference/sailpoint-api-specs/idn/apis/personal-access-tokens/openapi.yaml');
const prism = await start(
  join(here('../node_modules/.bin'), 'prism'),
  ['mock', spec, '-p', '7403', '-h', '127.0.0.1'],
  /Prism is listening/,
);
rows.push(
  await measure('Stoplight Prism 5 (mock of the spec)', {
    list: {
      url: 'http://127.0.0.1:7403/personal-access-tokens/v1?owner-id=me',
      headers: { authorization: 'Bearer x' },
    },
    pairs: pairRequests('http://127.0.0.1:7403', '/personal-access-tokens/v1', ['x'], (n) => `{"name":"pair ${n}"}`),
  }),
);
await stop(prism);

const [ours, limit, peer] = rows as [
  [string, Figures, Figures],
  [string, Figures, Figures],
  [string, Figures, Figures],
];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `Node.js ${process.version}, ${seconds} s per run, loopback; list: 50 connections, create+delete pairs: ${owners} connections\n`,
);
console.log('| server | list req/s | list p99 ms | create+delete req/s | pair p99 ms | failed requests |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, list, pairs] of rows) {
  console.log(
    `| ${name} | ${fmt(list.rps)} | ${list.p99} | ${fmt(pairs.rps)} | ${pairs.p99} | ${list.failures + pairs.failures} |`,
  );
}
console.log('');
console.log(
  `patkit vs Prism: list ${(ours[1].rps / peer[1].rps).toFixed(1)}x, create+delete ${(ours[2].rps / peer[2].rps).toFixed(1)}x (target at least 10x)`,
);
console.log(
  `patkit vs bare node:http: list ${((100 * ours[1].rps) / limit[1].rps).toFixed(0)}%, create+delete ${((100 * ours[2].rps) / limit[2].rps).toFixed(0)}% (target at least 35%)`,
);
if (ours[1].failures + ours[2].failures > 0) {
  console.log(`patkit answered ${ours[1].failures + ours[2].failures} requests with an error: the run is not valid`);
  process.exitCode = 1;
}
