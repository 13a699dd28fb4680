// pnpm bench: load on loopback with autocannon, side by side in one run:
// the patkit mock server as users run it (dist/patkit-mock.js, built) and a
// bare node:http server answering with the same bytes as patkit's list
// answer (the limit). Each server runs in a child process of its own;
// autocannon runs here. The servers take turns, round after round. Writes
// the `load-node<major>` section of bench/results.json (every figure's median
// and spread over the rounds) and BENCHMARKS.md's table. Other mock servers are
// measured by bench/peers.mjs, which gives each the same conditions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { type Started, spawnUntil } from '../../../scripts/spawn-until.mjs';
import { tables, tablesFile } from './tables.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const owners = 10;

/** Spawns a server on a free port; resolves once it says its URL. */
async function start(command: string, args: string[]): Promise<{ server: Started; url: string }> {
  const server = await spawnUntil(command, args, { pattern: /listening on (http:\/\/\S+)/ });
  if (server.match === null) throw new Error(`${command} exited with ${server.code}: ${server.output()}`);
  return { server, url: server.match[1] as string };
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

// 1. patkit, built, as `patkit-mock` runs
const seed = writeSeed();
const { server: patkit, url: patkitUrl } = await start(process.execPath, [
  here('../dist/patkit-mock.js'),
  '--port',
  '0',
  '--seed',
  seed,
  '--log-level',
  'silent',
]);
const listToken = await tokenFor(patkitUrl, 0);
const tokens = await Promise.all(Array.from({ length: owners }, (_, i) => tokenFor(patkitUrl, i + 1)));
const listPath = '/v2025/personal-access-tokens?owner-id=me';
const listAnswer = await fetch(patkitUrl + listPath, { headers: { authorization: `Bearer ${listToken}` } });
const listBody = await listAnswer.text();
// The headers Node adds itself (date, connection, keep-alive) it adds for the bare server too.
const listHeaders = Object.fromEntries(
  [...listAnswer.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
);

// 2. the limit: node:http answering every request with the bytes of patkit's list answer, headers included
const { server: bare, url: bareUrl } = await start(process.execPath, [
  '-e',
  `const body = Buffer.from(${JSON.stringify(listBody)}); const headers = ${JSON.stringify(listHeaders)}; const server = require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, headers); s.end(body); }); }).listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));`,
]);

const targets: Array<[string, Target]> = [
  [
    '@patkit/mock-server',
    {
      list: { url: patkitUrl + listPath, headers: { authorization: `Bearer ${listToken}` } },
      pairs: pairRequests(
        patkitUrl,
        '/v2025/personal-access-tokens',
        tokens,
        (n) => `{"name":"pair ${n}","expirationDate":null,"userAwareTokenNeverExpires":true}`,
      ),
    },
  ],
  [
    'bare node:http, same bytes',
    {
      // The same request too: the token's bytes cost the parsers on both sides.
      list: { url: `${bareUrl}${listPath}`, headers: { authorization: `Bearer ${listToken}` } },
      pairs: pairRequests(bareUrl, '/v2025/personal-access-tokens', ['x'], () => '{}'),
    },
  ],
];
// A warm-up per server and load, not counted: the first seconds of a fresh process are its JIT compiling.
for (const [, target] of targets) {
  await load({ url: target.list.url, headers: target.list.headers, connections: 50, duration: 2 });
  await load({ ...target.pairs, connections: owners, duration: 2 });
}
const runs = targets.map(() => ({ list: [] as Figures[], pairs: [] as Figures[] }));
for (let round = 0; round < rounds; round++) {
  for (const [i, [, target]] of targets.entries()) {
    runs[i]?.list.push(await load({ url: target.list.url, headers: target.list.headers, connections: 50 }));
    runs[i]?.pairs.push(await load({ ...target.pairs, connections: owners }));
  }
}
await Promise.all([patkit.stop(), bare.stop()]);

const [ours, limit] = runs as [(typeof runs)[0], (typeof runs)[0]];
/** Each round's ratio of two servers' req/s (they ran the same round, minutes apart at most). */
const ratios = (a: readonly Figures[], b: readonly Figures[]) =>
  spread(a.map((figures, round) => figures.rps / (b[round]?.rps ?? Number.NaN)));
const load_ = (figures: readonly Figures[]) => ({
  rps: spread(figures.map((f) => f.rps)),
  p99: spread(figures.map((f) => f.p99)),
  failures: figures.reduce((sum, f) => sum + f.failures, 0),
});
const section = `load-node${process.versions.node.split('.')[0]}`;
const app = fileURLToPath(new URL('..', import.meta.url));
writeSection(resultsFileOf(app), section, {
  rounds,
  seconds,
  connections: { list: 50, pairs: owners },
  servers: targets.map(([name], i) => ({ name, list: load_(runs[i]?.list ?? []), pairs: load_(runs[i]?.pairs ?? []) })),
  vsBare: { list: ratios(ours.list, limit.list), pairs: ratios(ours.pairs, limit.pairs) },
});
updateReadme(join(app, tablesFile), resultsFileOf(app), tables);
console.log(tables[section]?.(readResults(resultsFileOf(app))[section]));
const failures = [...ours.list, ...ours.pairs].reduce((sum, f) => sum + f.failures, 0);
if (failures > 0) {
  console.log(`patkit answered ${failures} requests with an error: the run is not valid`);
  process.exitCode = 1;
}
