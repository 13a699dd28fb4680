// One measured run of node: wall time, and the peak RSS and CPU time the
// process itself reports at exit (peak-rss.mjs, preloaded). Not blocking:
// mock servers may answer from the bench's own event loop meanwhile.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const peakRss = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

/** Runs `node ARGS` with `env` added; its report goes to the file `report`. */
export async function measure(args, { env = {}, report }) {
  rmSync(report, { force: true });
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', peakRss, ...args], {
    env: { ...process.env, ...env, PATKIT_BENCH_REPORT: report },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [status] = await once(child, 'close');
  const seconds = (performance.now() - start) / 1000;
  if (status !== 0) throw new Error(`${args.join(' ')} exited with ${status}: ${stderr}`);
  const { maxRssKb, cpuMs } = JSON.parse(readFileSync(report, 'utf8'));
  return { seconds, rssMb: maxRssKb / 1024, cpuSeconds: cpuMs / 1000, stderr };
}

/** The CLI's folder and its bin, once built (the benches run dist/, as users do). */
export function builtCli() {
  const here = (path) => fileURLToPath(new URL(path, import.meta.url));
  if (!existsSync(here('../dist/main.js'))) {
    console.error('apps/cli/dist is missing: run pnpm build first');
    process.exit(1);
  }
  return { app: here('..'), bin: here('../bin/patkit.js') };
}
