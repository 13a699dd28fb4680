// pnpm bench: how long the installed patkit takes to start, against
// `node -e 0`, side by side in one run: the package is packed and installed
// with npm into a temporary prefix (as `npm install -g patkit` puts it), then
// each command runs interleaved with the baseline, in rounds. Writes the
// `startup` section of bench/results.json and the README's table.
//   BENCH_RUNS (default 21) per round, BENCH_ROUNDS (3).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { builtCli } from './measure.mjs';
import { startMockProcess } from './mock-process.mjs';
import { tables } from './tables.mjs';

const { app } = builtCli();
const runs = Number(process.env.BENCH_RUNS ?? 21);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'patkit-startup-'));

// The package as users get it.
console.error('packing and installing patkit…');
const packed = execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: app, encoding: 'utf8' })
  .trim()
  .split('\n')
  .at(-1);
const prefix = join(dir, 'prefix');
execFileSync(
  'npm',
  ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', packed],
  {
    stdio: 'inherit',
  },
);
const bin = join(prefix, 'lib/node_modules/patkit/bin/patkit.js');

const file = join(dir, 'pat.json');
writeFileSync(
  file,
  '{"id":"86f1dc6fe8f54414950454cbb11278fa","name":"NodeJS Integration","scope":["sp:scopes:all"],"owner":{"type":"IDENTITY","id":"2c9180a46faadee4016fb4e018c20639","name":"Support"},"created":"2017-07-11T18:45:37.098Z","lastUsed":"2017-07-11T18:45:37.098Z","managed":false}',
);

// `list` calls a mock server (a process of its own, so that this one stays idle while it measures);
// a second one answers every request 100 ms late, as a tenant in the cloud does.
const mock = await startMockProcess('demo');
const far = await startMockProcess('demo');
await fetch(`${far.url}/__admin/faults`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ path: '/', latency: 100 }),
});
const user = { SAIL_CLIENT_ID: 'b0000000000000000000000000000001', SAIL_CLIENT_SECRET: 'demo-user-secret-0001' };
const online = { SAIL_BASE_URL: mock.url, ...user };
// A first run finds no kept access token and mints one: its cache folder is emptied before each.
const firstCache = join(dir, 'first-run-cache');
const firstRun = { SAIL_BASE_URL: far.url, ...user, XDG_CACHE_HOME: firstCache };
const laterRuns = { SAIL_BASE_URL: far.url, ...user };

const cases = [
  ['node -e 0 (the baseline)', ['-e', '0']],
  ['patkit --version', [bin, '--version']],
  ['patkit validate pat.json', [bin, 'validate', file]],
  ['patkit --help', [bin, '--help']],
  ['patkit list --json (to a mock server)', [bin, 'list', '--json'], online],
  [
    'patkit list --json, 100 ms a request: a first run (mints a token)',
    [bin, 'list', '--json'],
    firstRun,
    () => rmSync(firstCache, { recursive: true, force: true }),
  ],
  ['patkit list --json, 100 ms a request: later runs (the kept token)', [bin, 'list', '--json'], laterRuns],
];
// A home of its own: no profile or cache of this machine's.
const home = mkdtempSync(join(dir, 'home-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_CACHE_HOME: join(home, '.cache'),
};
for (const key of Object.keys(env)) if (key.startsWith('SAIL_')) delete env[key];

const roundMedians = cases.map(() => []);
for (let round = 0; round < rounds; round++) {
  console.error(`round ${round + 1}/${rounds}`);
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++)
    cases.forEach(([name, args, extra = {}, before], index) => {
      before?.();
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...env, ...extra } });
      times[index].push(performance.now() - start);
      if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
    });
  for (const [index, list] of times.entries()) roundMedians[index].push(spread(list).median);
}
await Promise.all([mock.stop(), far.stop()]);
rmSync(dir, { recursive: true, force: true });

const baseline = roundMedians[0];
writeSection(resultsFileOf(app), 'startup', {
  runs,
  rounds,
  cases: cases.map(([name], index) => ({
    name,
    ms: spread(roundMedians[index]),
    ratio: spread(roundMedians[index].map((ms, round) => ms / baseline[round])),
  })),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables.startup(readResults(resultsFileOf(app)).startup));
