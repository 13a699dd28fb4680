// pnpm bench: how long the built mock server takes from spawn to its first
// answer, against a bare node:http server spawned and asked the same way,
// side by side in one run (the cases take turns, in rounds); and how long
// startMockServer takes in a fresh process, import included. Writes the
// `startup` section of bench/results.json and BENCHMARKS.md's table.
//   BENCH_RUNS (default 11) per round, BENCH_ROUNDS (3).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { spawnUntil } from '../../../scripts/spawn-until.mjs';
import { tables, tablesFile } from './tables.mjs';

const app = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(app, 'dist/patkit-mock.js'))) {
  console.error('apps/mock-server/dist is missing: run pnpm build first');
  process.exit(1);
}
const { demoTokenRequest } = await import('./demo-token.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 11);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const bin = join(app, 'dist/patkit-mock.js');
const bare = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
const mock = [bin, '--port', '0', '--seed', 'demo', '--log-level', 'warn'];
const embedded = fileURLToPath(new URL('./embedded-start.mjs', import.meta.url));

/** Spawns `node ARGS`, waits for "listening on URL", asks URL+path once (fetch's `init`): ms from spawn to the 200. */
async function firstAnswer(args, path, init = {}) {
  const start = performance.now();
  const started = await spawnUntil(process.execPath, args, { pattern: /listening on (http:\/\/\S+)/ });
  try {
    if (started.match === null) throw new Error(`${args.join(' ')} stopped: ${started.output()}`);
    const response = await fetch(`${started.match[1]}${path}`, init);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${args.join(' ')}: ${path} answered ${response.status}`);
    return performance.now() - start;
  } finally {
    await started.stop();
  }
}

/** startMockServer in a fresh process: what it reports, import included. */
async function embeddedStart() {
  const child = spawn(process.execPath, [embedded], { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  child.stdout.on('data', (chunk) => {
    said += chunk;
  });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`embedded-start.mjs exited with ${code}: ${said}`);
  return JSON.parse(said);
}

const cases = [
  { name: 'bare node:http server (the limit)', run: () => firstAnswer([bare], '/') },
  { name: 'the same, `import` of node:http', run: () => firstAnswer([bare, 'import'], '/') },
  { name: 'patkit-mock --seed demo', run: () => firstAnswer(mock, '/__admin/clock') },
  { name: 'patkit-mock --seed demo, a token first', run: () => firstAnswer(mock, '/oauth/token', demoTokenRequest) },
  {
    name: 'patkit-mock (no seed)',
    run: () => firstAnswer([bin, '--port', '0', '--log-level', 'warn'], '/__admin/clock'),
  },
];
// A warm-up, not counted: the first spawn and fetch of this process pay for loading themselves.
for (const item of cases) await item.run();
await embeddedStart();

const roundMedians = cases.map(() => []);
const embeddedRounds = { ready: [], first: [] };
for (let round = 0; round < rounds; round++) {
  console.error(`round ${round + 1}/${rounds}`);
  const times = cases.map(() => []);
  const ready = [];
  const first = [];
  for (let i = 0; i < runs; i++) {
    for (const [index, item] of cases.entries()) times[index].push(await item.run());
    const embeddedRun = await embeddedStart();
    ready.push(embeddedRun.readyMs);
    first.push(embeddedRun.firstMs);
  }
  for (const [index, list] of times.entries()) roundMedians[index].push(spread(list).median);
  embeddedRounds.ready.push(spread(ready).median);
  embeddedRounds.first.push(spread(first).median);
}

const baseline = roundMedians[0];
writeSection(resultsFileOf(app), 'startup', {
  runs,
  rounds,
  cases: cases.map(({ name }, index) => ({
    name,
    ms: spread(roundMedians[index]),
    ratio: spread(roundMedians[index].map((ms, round) => ms / baseline[round])),
  })),
  embedded: { readyMs: spread(embeddedRounds.ready), firstMs: spread(embeddedRounds.first) },
});
updateReadme(join(app, tablesFile), resultsFileOf(app), tables);
console.log(tables.startup(readResults(resultsFileOf(app)).startup));
