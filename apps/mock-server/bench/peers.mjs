// pnpm bench: patkit-mock against other mock servers, as a sceptic would
// measure it. Each server runs alone, in a process of its own, with its
// default logging written to a file; the load generator (autocannon) runs in
// a process of its own too, the same request for all (a PAT list with a
// bearer token) where the tool allows, and the same answer bytes where the
// tool can be given them. Each server is warmed up (2 s loads until two in a
// row agree within 5%: the JVM's JIT above all), then loaded for
// BENCH_SECONDS (10); the servers take turns, round after round
// (BENCH_ROUNDS, 3), the first one changing every round. Start-up is spawn
// to the first 200 of that request, as this process polls it. Writes the
// `peers` section of bench/results.json and BENCHMARKS.md's table.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { freePort, spawnUntil } from '../../../scripts/spawn-until.mjs';
import { tables, tablesFile } from './tables.mjs';

const app = fileURLToPath(new URL('..', import.meta.url));
const bin = join(app, 'dist/patkit-mock.js');
if (!existsSync(bin)) {
  console.error('apps/mock-server/dist is missing: run pnpm build first');
  process.exit(1);
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 10;
const { mintDemoToken } = await import('./demo-token.mjs');
const tool = (name) => join(app, 'node_modules/.bin', name);
const versionOf = (name) => JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'patkit-peers-'));
const listPath = '/v2025/personal-access-tokens?owner-id=me';

/** Spawns a server (its output to a log file), polls until `request()` answers 200: the process, its token, ms to ready. */
async function start(server, port) {
  const log = join(work, `${server.slug}.log`);
  const [command, ...args] = server.command(port);
  const began = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')], detached: true });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline && !exited; await sleep(5)) {
    try {
      const token = server.mintsTokens ? await mintDemoToken(base) : capturedToken;
      const response = await fetch(`${base}${server.path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      if (response.status === 200) return { child, token, body, startupMs: performance.now() - began };
    } catch {
      // Not listening yet.
    }
  }
  await stop(child);
  throw new Error(
    `${server.name} did not answer ${server.path} with 200; its log: ${log}\n${readFileSync(log, 'utf8').slice(-2000)}`,
  );
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // The group: npm bins and Java start processes of their own.
  process.kill(-child.pid, 'SIGTERM');
  const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** autocannon in a process of its own: requests per second, p99 latency, failed requests. */
async function load(url, token, duration) {
  const child = spawn(
    tool('autocannon'),
    ['-c', String(connections), '-d', String(duration), '-j', '-H', `authorization=Bearer ${token}`, url],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1));
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Short loads until two in a row agree within 5% (at most 8): how many it took. */
async function warmUp(url, token) {
  let last = 0;
  for (let run = 1; run <= 8; run++) {
    const { rps } = await load(url, token, 2);
    if (run > 1 && Math.abs(rps / last - 1) < 0.05) return run;
    last = rps;
  }
  return 8;
}

// patkit-mock's answer, captured once: the bytes the other servers are given.
const capture = await spawnUntil(process.execPath, [bin, '--port', '0', '--seed', 'demo', '--log-level', 'warn'], {
  pattern: /listening on (http:\/\/\S+)/,
});
if (capture.match === null) throw new Error(`patkit-mock exited with ${capture.code}: ${capture.output()}`);
const capturedToken = await mintDemoToken(capture.match[1]);
const listAnswer = await fetch(`${capture.match[1]}${listPath}`, {
  headers: { authorization: `Bearer ${capturedToken}` },
});
const listBody = await listAnswer.text();
await capture.stop();
// The headers Node adds itself (date, connection, keep-alive) every server adds.
const listHeaders = Object.fromEntries(
  [...listAnswer.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)),
);
writeFileSync(join(work, 'body.json'), listBody);
writeFileSync(join(work, 'headers.json'), JSON.stringify(listHeaders));

// Mockoon: one route answering the list with the same bytes and headers (its other fields are filled in by --repair).
const mockoonFile = join(work, 'mockoon.json');
const routeId = 'b3a3f1c2-0000-4000-8000-000000000001';
writeFileSync(
  mockoonFile,
  JSON.stringify({
    uuid: 'b3a3f1c2-0000-4000-8000-000000000000',
    lastMigration: 33,
    name: 'patkit peers',
    endpointPrefix: '',
    latency: 0,
    port: 0,
    hostname: '127.0.0.1',
    folders: [],
    routes: [
      {
        uuid: routeId,
        type: 'http',
        documentation: '',
        method: 'get',
        endpoint: 'v2025/personal-access-tokens',
        responses: [
          {
            uuid: 'b3a3f1c2-0000-4000-8000-000000000002',
            body: listBody,
            latency: 0,
            statusCode: 200,
            label: '',
            headers: Object.entries(listHeaders).map(([key, value]) => ({ key, value })),
            bodyType: 'INLINE',
            filePath: '',
            databucketID: '',
            sendFileAsBody: false,
            rules: [],
            rulesOperator: 'OR',
            disableTemplating: true,
            fallbackTo404: false,
            default: true,
            crudKey: 'id',
            callbacks: [],
          },
        ],
        responseMode: null,
        streamingMode: null,
        streamingInterval: 0,
      },
    ],
    rootChildren: [{ type: 'route', uuid: routeId }],
    proxyMode: false,
    proxyHost: '',
    proxyRemovePrefix: false,
    tlsOptions: { enabled: false, type: 'CERT', pfxPath: '', certPath: '', keyPath: '', caPath: '', passphrase: '' },
    cors: true,
    headers: [],
    proxyReqHeaders: [],
    proxyResHeaders: [],
    data: [],
    callbacks: [],
  }),
);

// WireMock: one stub, the same bytes and headers, for the same request with a bearer token.
const wiremockRoot = join(work, 'wiremock');
mkdirSync(join(wiremockRoot, 'mappings'), { recursive: true });
writeFileSync(
  join(wiremockRoot, 'mappings', 'list.json'),
  JSON.stringify({
    request: {
      method: 'GET',
      url: listPath,
      headers: { authorization: { matches: 'Bearer .+' } },
    },
    response: { status: 200, body: listBody, headers: listHeaders },
  }),
);

// json-server: the PATs as a collection; a route maps the list's path to it.
const jsonServerDir = join(work, 'json-server');
mkdirSync(jsonServerDir);
writeFileSync(join(jsonServerDir, 'db.json'), JSON.stringify({ pats: JSON.parse(listBody) }));
writeFileSync(join(jsonServerDir, 'routes.json'), JSON.stringify({ '/v2025/personal-access-tokens': '/pats' }));

const wiremockJar = join(app, 'node_modules/wiremock/build', `wiremock-standalone-${versionOf('wiremock')}.jar`);
const sameBytes = 'the same bytes';
const servers = [
  {
    name: 'bare node:http, same bytes (the limit)',
    slug: 'bare',
    version: process.version,
    command: (port) => [
      process.execPath,
      fileURLToPath(new URL('./same-bytes-server.mjs', import.meta.url)),
      String(port),
      work,
    ],
    path: listPath,
    answer: sameBytes,
    can: 'nothing: one fixed answer',
  },
  {
    name: '@patkit/mock-server',
    slug: 'patkit',
    version: JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).version,
    command: (port) => [process.execPath, bin, '--port', String(port), '--seed', 'demo'],
    path: listPath,
    mintsTokens: true,
    answer: 'the list, from its store',
    can: 'state, OAuth tokens and scopes, ISC rules',
  },
  {
    name: 'Stoplight Prism',
    slug: 'prism',
    version: versionOf('@stoplight/prism-cli'),
    // The official per-API spec: its paths are /personal-access-tokens/v1.
    command: (port) => [
      tool('prism'),
      'mock',
      join(app, '../../reference/sailpoint-api-specs/idn/apis/personal-access-tokens/openapi.yaml'),
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
    ],
    path: '/personal-access-tokens/v1?owner-id=me',
    answer: "the spec's example (other bytes)",
    can: 'no state; checks that a token is sent, not which',
  },
  {
    name: 'Mockoon CLI',
    slug: 'mockoon',
    version: versionOf('@mockoon/cli'),
    command: (port) => [
      tool('mockoon-cli'),
      'start',
      '-d',
      mockoonFile,
      '-p',
      String(port),
      '-l',
      '127.0.0.1',
      '-r',
      '-X',
    ],
    path: listPath,
    answer: sameBytes,
    can: 'state in data buckets (set up by hand); no tokens',
  },
  {
    name: 'WireMock',
    slug: 'wiremock',
    version: versionOf('wiremock'),
    command: (port) => [
      'java',
      '-jar',
      wiremockJar,
      '--port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--root-dir',
      wiremockRoot,
      '--disable-banner',
    ],
    path: listPath,
    answer: sameBytes,
    can: 'state only as scenarios; matches headers, mints no tokens',
  },
  {
    name: 'json-server',
    slug: 'json-server',
    version: versionOf('json-server'),
    command: (port) => [
      tool('json-server'),
      join(jsonServerDir, 'db.json'),
      '--routes',
      join(jsonServerDir, 'routes.json'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    // Its query parameters filter the collection: owner-id=me would find nothing.
    path: '/v2025/personal-access-tokens',
    answer: 'the same PATs, indented (other bytes); no query',
    can: 'state (any JSON collection); no auth',
  },
];

const figures = new Map(
  servers.map((server) => [server.slug, { rps: [], p99: [], failures: 0, startupMs: [], warmUps: [] }]),
);
for (let round = 0; round < rounds; round++) {
  const order = servers.map((_, i) => servers[(i + round) % servers.length]);
  for (const server of order) {
    console.error(`round ${round + 1}/${rounds}: ${server.name}`);
    const port = await freePort();
    const { child, token, body, startupMs } = await start(server, port);
    try {
      if (server.answer === sameBytes && body !== listBody) throw new Error(`${server.name} answers other bytes`);
      const url = `http://127.0.0.1:${port}${server.path}`;
      const warmUps = await warmUp(url, token);
      const result = await load(url, token, seconds);
      const figure = figures.get(server.slug);
      figure.rps.push(result.rps);
      figure.p99.push(result.p99);
      figure.failures += result.failures;
      figure.startupMs.push(startupMs);
      figure.warmUps.push(warmUps);
    } finally {
      await stop(child);
    }
  }
}

const patkit = figures.get('patkit');
writeSection(resultsFileOf(app), 'peers', {
  rounds,
  seconds,
  connections,
  logging: 'each server its default, written to a file',
  servers: servers.map((server) => {
    const figure = figures.get(server.slug);
    return {
      name: server.name,
      version: server.version,
      path: server.path,
      answer: server.answer,
      can: server.can,
      rps: spread(figure.rps),
      p99: spread(figure.p99),
      failures: figure.failures,
      startupMs: spread(figure.startupMs),
      warmUps: spread(figure.warmUps),
      // patkit's rate ÷ this server's, round by round.
      patkitRatio: spread(figure.rps.map((rps, round) => patkit.rps[round] / rps)),
    };
  }),
});
rmSync(work, { recursive: true, force: true });
updateReadme(join(app, tablesFile), resultsFileOf(app), tables);
console.log(tables.peers(readResults(resultsFileOf(app)).peers));
