// Preloaded (node --import) into a measured process: at exit it writes the
// process's peak RSS and CPU time to the file PATKIT_BENCH_REPORT names.
import { writeFileSync } from 'node:fs';

const report = process.env.PATKIT_BENCH_REPORT;
if (report !== undefined)
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      report,
      JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
    );
  });
