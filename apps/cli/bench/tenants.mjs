// pnpm bench: patkit audit of many tenants at once (20 mock tenants of
// 10,000 PATs, 1,000 owners each, looked up), side by side in one run with
// one of them audited alone. Each tenant is a mock server of its own
// process, answering every request after a latency fault (ISC is a cloud
// service: BENCH_LATENCY_MS, default 0 and 250); rounds interleave, and
// each round audits a different tenant alone. Runs the built CLI (dist/),
// -o ndjson to /dev/null. Writes the `tenants` section of bench/results.json
// and the README's table.
//   BENCH_TENANTS (20), BENCH_TENANT_PATS (10,000), BENCH_ROUNDS (3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { builtCli, measure } from './measure.mjs';
import { startMockProcess } from './mock-process.mjs';
import { tables } from './tables.mjs';
import { writeTenantSeed } from './tenant-seed.mjs';

const { app, bin } = builtCli();
const tenants = Number(process.env.BENCH_TENANTS ?? 20);
const perTenant = Number(process.env.BENCH_TENANT_PATS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const latencies = (process.env.BENCH_LATENCY_MS ?? '0,250').split(',').map(Number);
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

/** Every request to every tenant waits `ms` before it is answered (none when 0). */
async function setLatency(ms) {
  await Promise.all(
    mocks.map(async (mock) => {
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

// A tenant answers warm: each mock server's first requests compile its code, which ISC's servers have long done.
console.error('warming the mock tenants up…');
await setLatency(0);
await audit(['--all-profiles', '--parallel', String(tenants)]);

const results = latencies.map(() => ({ alone: [], all: [] }));
for (let round = 0; round < rounds; round++)
  for (const [index, latency] of latencies.entries()) {
    await setLatency(latency);
    const alone = names[(round * 7) % tenants];
    console.error(`round ${round + 1}/${rounds}, latency ${latency} ms: ${alone} alone, then all ${tenants}`);
    results[index].alone.push(await audit(['--profile', alone]));
    results[index].all.push(await audit(['--all-profiles', '--parallel', String(tenants)]));
  }
await Promise.all(mocks.map((mock) => mock.stop()));
rmSync(dir, { recursive: true, force: true });

writeSection(resultsFileOf(app), 'tenants', {
  rounds,
  tenants,
  patsPerTenant: perTenant,
  ownersPerTenant: owners,
  cases: latencies.map((latency, index) => {
    const { alone, all } = results[index];
    return {
      latencyMs: latency,
      aloneSeconds: spread(alone.map((run) => run.seconds)),
      aloneRssMb: spread(alone.map((run) => run.rssMb)),
      allSeconds: spread(all.map((run) => run.seconds)),
      allRssMb: spread(all.map((run) => run.rssMb)),
      allCpuSeconds: spread(all.map((run) => run.cpuSeconds)),
      // Round by round: all tenants against the one audited alone in the same round.
      ratio: spread(all.map((run, round) => run.seconds / alone[round].seconds)),
    };
  }),
});
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables.tenants(readResults(resultsFileOf(app)).tenants));
