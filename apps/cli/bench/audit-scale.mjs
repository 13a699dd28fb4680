// pnpm bench: patkit audit at tenant scale, side by side with the limit
// (bench/json-parse-limit.mjs: the same PATs JSON.parsed a line at a time,
// no validation, no output) in one run. Three runs each, interleaved; the
// median, with min–max. Runs the built CLI (dist/). Writes the `audit-scale`
// section of bench/results.json and the README's table.
//   BENCH_PATS (default 1,000,000) for the files, BENCH_ONLINE_PATS (100,000)
//   for the mock server, BENCH_ROUNDS (3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiVersionTable, defaultApiVersion } from '@patkit/model';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { builtCli, measure as measure1 } from './measure.mjs';
import { startMockProcess } from './mock-process.mjs';
import { tables } from './tables.mjs';
import { writeTenantSeed } from './tenant-seed.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const { app, bin } = builtCli();
const count = Number(process.env.BENCH_PATS ?? 1_000_000);
const online = Number(process.env.BENCH_ONLINE_PATS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'patkit-audit-bench-'));
const report = join(dir, 'report.json');

const measure = (args, env = {}) => measure1(args, { env, report });

const ndjson = join(dir, 'pats.ndjson');
const array = join(dir, 'pats.json');
// Written by child processes, and the mock server is one too: this process stays small and idle while it measures.
console.error(`writing ${count.toLocaleString('en')} PATs as NDJSON and as a JSON array…`);
for (const [file, flags] of [
  [ndjson, []],
  [array, ['--json']],
])
  if (
    spawnSync(process.execPath, [here('./generate-pats.mjs'), String(count), file, ...flags], { stdio: 'inherit' })
      .status !== 0
  )
    throw new Error(`could not write ${file}`);

// The online case: a mock tenant of `online` PATs, ten per owner.
const seed = join(dir, 'seed.json');
const { admin, owners } = writeTenantSeed(seed, online);
const mock = await startMockProcess(seed);
const { url } = mock;
const server = { url };
const token = await (
  await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: admin.id, client_secret: admin.secret }),
  })
).json();
// A cache folder of the bench's own: no access token of this machine's runs, none left behind.
const sail = {
  SAIL_BASE_URL: server.url,
  SAIL_CLIENT_ID: admin.id,
  SAIL_CLIENT_SECRET: admin.secret,
  XDG_CACHE_HOME: join(dir, 'cache'),
  // Throughput, not ISC's rate limit: the mock enforces none, and paced its 200 look-ups would take 10 s at least.
  PATKIT_RATE_LIMIT: 'off',
};

const cases = [
  {
    name: `NDJSON export, ${count.toLocaleString('en')} PATs (${(statSync(ndjson).size / 1e6).toFixed(0)} MB)`,
    pats: count,
    patkit: () => measure([bin, 'audit', '--from', ndjson, '-o', 'ndjson']),
    limit: () => measure([here('./json-parse-limit.mjs'), ndjson]),
  },
  {
    name: `JSON-array export, ${count.toLocaleString('en')} PATs (${(statSync(array).size / 1e6).toFixed(0)} MB)`,
    pats: count,
    patkit: () => measure([bin, 'audit', '--from', array, '-o', 'ndjson']),
    // The same PATs a line at a time: the limit does not depend on how the file is laid out.
    limit: () => measure([here('./json-parse-limit.mjs'), ndjson]),
  },
  {
    name: `online, mock server, ${(online + 1).toLocaleString('en')} PATs, ${owners.toLocaleString('en')} owners looked up`,
    pats: online + 1,
    patkit: () => measure([bin, 'audit', '--owner', 'all', '-o', 'ndjson'], sail),
    limit: () =>
      measure([
        here('./json-parse-limit.mjs'),
        `${server.url}${apiVersionTable[defaultApiVersion].basePath}`,
        token.access_token,
      ]),
  },
];

const results = cases.map(() => ({ patkit: [], limit: [] }));
for (let round = 0; round < rounds; round++)
  for (const [index, item] of cases.entries()) {
    console.error(`round ${round + 1}/${rounds}: ${item.name}`);
    results[index].limit.push(await item.limit());
    results[index].patkit.push(await item.patkit());
  }
await mock.stop();
rmSync(dir, { recursive: true, force: true });

writeSection(resultsFileOf(app), 'audit-scale', {
  rounds,
  cases: cases.map((item, index) => {
    const { patkit, limit } = results[index];
    return {
      name: item.name,
      pats: item.pats,
      seconds: spread(patkit.map((run) => run.seconds)),
      rssMb: spread(patkit.map((run) => run.rssMb)),
      cpuSeconds: spread(patkit.map((run) => run.cpuSeconds)),
      limitSeconds: spread(limit.map((run) => run.seconds)),
      limitRssMb: spread(limit.map((run) => run.rssMb)),
    };
  }),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables['audit-scale'](readResults(resultsFileOf(app))['audit-scale']));
