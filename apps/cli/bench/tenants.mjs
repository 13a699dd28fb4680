// pnpm bench: patkit audit of many tenants at once (20 mock tenants of
// 10,000 PATs, 1,000 owners each, looked up), side by side in one run with
// one of them audited alone. Each tenant is a mock server of its own
// process, answering every request after a latency fault (ISC is a cloud
// service: BENCH_LATENCY_MS, default 0, 50, 100, 250, 500 and 1000, the
// same for every tenant; then 0-1000, spread: tenant i of n waits
// i × 1000 / (n - 1) ms). Rounds interleave; each round audits a different
// tenant alone, and with latencies spread the slowest one. Runs the
// built CLI (dist/), -o ndjson to /dev/null. Beside it, the floor
// (floor-client.mjs: the same requests, answers only parsed) alone and on
// all tenants, and the CPU the mock servers spend meanwhile: what any
// client reading the same answers needs on this machine. Writes the
// `tenants` section of bench/results.json and the README's tables.
//   BENCH_TENANTS (20), BENCH_TENANT_PATS (10,000), BENCH_ROUNDS (3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { builtCli, measure } from './measure.mjs';
import { startMockProcess } from './mock-process.mjs';
import { latencyLabel, tables } from './tables.mjs';
import { writeTenantSeed } from './tenant-seed.mjs';

const { app, bin } = builtCli();
const tenants = Number(process.env.BENCH_TENANTS ?? 20);
const perTenant = Number(process.env.BENCH_TENANT_PATS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** A latency case: a number of ms for every tenant, or `FROM-TO`, spread evenly over the tenants. */
const latencies = (process.env.BENCH_LATENCY_MS ?? '0,50,100,250,500,1000,0-1000').split(',').map((text) => {
  const [from, to = from] = text.split('-').map(Number);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to))
    throw new Error(`BENCH_LATENCY_MS: ${JSON.stringify(text)} is neither ms nor FROM-TO ms`);
  return from === to ? from : { from, to };
});
/** The ms each tenant waits in a latency case. */
const tenantLatencies = (latency) =>
  Array.from({ length: tenants }, (_, i) =>
    typeof latency === 'number'
      ? latency
      : Math.round(latency.from + (i * (latency.to - latency.from)) / (tenants - 1)),
  );
const dir = mkdtempSync(join(tmpdir(), 'patkit-tenants-bench-'));
const report = join(dir, 'report.json');
// Profiles and kept access tokens in folders of the bench's own.
const config = { XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') };

// Every tenant the same size and data: a tenant alone is any of them.
const seed = join(dir, 'seed.json');
const { admin, owners } = writeTenantSeed(seed, perTenant);
console.error(`starting ${tenants} mock tenants of ${perTenant.toLocaleString('en')} PATs…`);
const mocks = await Promise.all(Array.from({ length: tenants }, () => startMockProcess(seed)));
const names = mocks.map((_, i) => `t${String(i + 1).padStart(2, '0')}`);
const patkit = (args, input) => {
  const run = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...config }, input });
  if (run.status !== 0) throw new Error(`patkit ${args.join(' ')}: ${run.stderr}`);
};
for (const [i, mock] of mocks.entries()) {
  patkit(['config', 'set', 'baseUrl', mock.url, '--profile', names[i]]);
  patkit(['config', 'set', 'clientId', admin.id, '--profile', names[i]]);
  patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', names[i]], admin.secret);
}

/** Every request to each tenant waits its ms of the latency case before it is answered (none when 0). */
async function setLatency(latency) {
  const each = tenantLatencies(latency);
  await Promise.all(
    mocks.map(async (mock, i) => {
      const ms = each[i];
      await fetch(`${mock.url}/__admin/faults`, { method: 'DELETE' });
      if (ms > 0)
        await fetch(`${mock.url}/__admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ path: '/', latency: ms }),
        });
    }),
  );
}

const audit = (tenantFlags) =>
  measure([bin, 'audit', '--owner', 'all', '-o', 'ndjson', ...tenantFlags], { env: config, report });

const floorClient = fileURLToPath(new URL('./floor-client.mjs', import.meta.url));
const credentials = { clientId: admin.id, clientSecret: admin.secret };
/** The floor on these tenants, with the CPU seconds the tenants spent meanwhile (undefined where unknown). */
async function floor(tenantMocks) {
  const before = tenantMocks.map((mock) => mock.cpuSeconds());
  const run = await measure([floorClient], {
    env: { PATKIT_FLOOR_TENANTS: JSON.stringify(tenantMocks.map((mock) => ({ url: mock.url, ...credentials }))) },
    report,
  });
  const spent = tenantMocks.map((mock, i) => mock.cpuSeconds() - before[i]);
  return { ...run, tenantsCpuSeconds: spent.some(Number.isNaN) ? undefined : spent.reduce((a, b) => a + b, 0) };
}
const cores = availableParallelism();
// The bound patkit keeps to: all tenants at once in at most this many times one tenant alone.
const target = 1.5;

// A tenant answers warm: each mock server's first requests compile its code, which ISC's servers have long done.
console.error('warming the mock tenants up…');
await setLatency(0);
await audit(['--all-profiles', '--parallel', String(tenants)]);

const results = latencies.map(() => ({ alone: [], all: [], floorAlone: [], floorAll: [] }));
for (let round = 0; round < rounds; round++)
  for (const [index, latency] of latencies.entries()) {
    await setLatency(latency);
    // Tenants alike take turns; of tenants that differ, the slowest.
    const alone = typeof latency === 'number' ? (round * 7) % tenants : tenants - 1;
    console.error(
      `round ${round + 1}/${rounds}, latency ${latencyLabel(latency)}: ${names[alone]} alone, then all ${tenants}`,
    );
    results[index].alone.push(await audit(['--profile', names[alone]]));
    results[index].all.push(await audit(['--all-profiles', '--parallel', String(tenants)]));
    results[index].floorAlone.push(await floor([mocks[alone]]));
    results[index].floorAll.push(await floor(mocks));
  }
await Promise.all(mocks.map((mock) => mock.stop()));
rmSync(dir, { recursive: true, force: true });

writeSection(resultsFileOf(app), 'tenants', {
  rounds,
  tenants,
  patsPerTenant: perTenant,
  ownersPerTenant: owners,
  cores,
  target,
  cases: latencies.map((latency, index) => {
    const { alone, all, floorAlone, floorAll } = results[index];
    const tenantsCpu = floorAll.map((run) => run.tenantsCpuSeconds);
    return {
      latencyMs: latency,
      aloneSeconds: spread(alone.map((run) => run.seconds)),
      aloneRssMb: spread(alone.map((run) => run.rssMb)),
      allSeconds: spread(all.map((run) => run.seconds)),
      allRssMb: spread(all.map((run) => run.rssMb)),
      allCpuSeconds: spread(all.map((run) => run.cpuSeconds)),
      // Round by round: all tenants against the one audited alone in the same round.
      ratio: spread(all.map((run, round) => run.seconds / alone[round].seconds)),
      // Rounds whose all-tenant run took at most `target` times the tenant alone of the round.
      withinTarget: all.filter((run, round) => run.seconds <= target * alone[round].seconds).length,
      // What patkit's all-tenant run may take: `target` times the tenant alone of the same round.
      targetSeconds: spread(alone.map((run) => target * run.seconds)),
      floor: {
        aloneSeconds: spread(floorAlone.map((run) => run.seconds)),
        allSeconds: spread(floorAll.map((run) => run.seconds)),
        ratio: spread(floorAll.map((run, round) => run.seconds / floorAlone[round].seconds)),
        allCpuSeconds: spread(floorAll.map((run) => run.cpuSeconds)),
        ...(tenantsCpu.includes(undefined)
          ? {}
          : {
              tenantsCpuSeconds: spread(tenantsCpu),
              bothCpuSeconds: spread(floorAll.map((run, round) => run.cpuSeconds + tenantsCpu[round])),
            }),
      },
    };
  }),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables.tenants(readResults(resultsFileOf(app)).tenants));
