// pnpm --filter @patkit/mock-server soak: 60 s (SOAK_SECONDS) of mixed load on
// loopback against a server in a child process; prints req/s, p50/p99 and
// the server's RSS before, during (six samples) and after, into the `soak`
// section of bench/results.json and BENCHMARKS.md. Fails when any answer is
// unexpected.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, resultsFileOf, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { tables, tablesFile } from './tables.mjs';
import { loadSeed, percentile, runLoad } from './workload.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const workers = 32;
const seed = join(mkdtempSync(join(tmpdir(), 'patkit-soak-')), 'seed.json');
writeFileSync(seed, JSON.stringify(loadSeed(workers)));
const tsx = createRequire(import.meta.url).resolve('tsx');
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const child = spawn(
  process.execPath,
  ['--import', tsx, '--conditions=@patkit/source', cli, '--port', '7451', '--seed', seed, '--log-level', 'silent'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise<void>((resolve) =>
  child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()),
);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const before = rss();
const during: number[] = [];
const sampler = setInterval(() => during.push(rss()), (seconds * 1000) / 6);
const started = Date.now();
const result = await runLoad('http://127.0.0.1:7451', workers, seconds);
const elapsed = (Date.now() - started) / 1000;
clearInterval(sampler);
const after = rss();
child.kill('SIGTERM');
const app = fileURLToPath(new URL('..', import.meta.url));
writeSection(resultsFileOf(app), 'soak', {
  seconds,
  workers,
  requests: result.requests,
  reqPerSecond: result.requests / elapsed,
  p50Ms: percentile(result.latenciesMs, 50),
  p99Ms: percentile(result.latenciesMs, 99),
  unexpected: result.unexpected,
  rssMb: [before, ...during, after],
});
updateReadme(join(app, tablesFile), resultsFileOf(app), tables);
console.log(tables.soak?.(readResults(resultsFileOf(app)).soak));
if (result.unexpected > 0) {
  console.log(`first unexpected answer: ${result.firstProblem}`);
  process.exitCode = 1;
}
