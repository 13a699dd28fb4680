// Start-up timing shared by the client's benches: each case a fresh
// process, the cases interleaved, `runs` of each a round; a round's figure
// is its median.
import { spawnSync } from 'node:child_process';

/** Per case, the median ms of each round. `cases`: [name, node arguments]. */
export function spawnRounds(cases, { rounds, runs = 21, cwd } = {}) {
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const medians = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const times = cases.map(() => []);
    for (let i = 0; i < runs; i++) {
      cases.forEach(([, args], index) => {
        const start = performance.now();
        const result = spawnSync(process.execPath, args, { stdio: 'ignore', ...(cwd === undefined ? {} : { cwd }) });
        times[index].push(performance.now() - start);
        if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
      });
    }
    for (const [index, list] of times.entries()) medians[index].push(median(list));
  }
  return medians;
}
