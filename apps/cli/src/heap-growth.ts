// Several tenants at once stream several lists at once, and V8 answers the
// objects that survive meanwhile by doubling its young generation up to its
// ceiling (a 64 MB semi-space on Node 24), which then stays: much of a
// many-tenant run's peak RSS, for a live heap of about 30 MB. Kept at its
// first size (1 MB semi-spaces), garbage collection took 20% of 20 tenants'
// CPU time; at 16 MB, half of that (the tenants bench). The semi-space
// limits are read at start-up only, the growth factor at every scavenge: so
// it doubles until its semi-spaces are 16 MB, then keeps its size.
// The old generation, left to V8's heuristics, grew to several times its
// live objects between full collections (20 tenants at 500 ms, 50,000 PATs
// held: 133 MB of heap, 24 MB live after, 268 MB peak RSS); let grow at most
// twice, the run stayed under 205 MB at the same CPU time. V8 reads that
// factor at every full collection.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const semiSpaceBytes = 16 * 1_048_576;

/** Whether the young generation is as large as it may grow (its size counts both semi-spaces). */
const grown = () =>
  (getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0) >= 2 * semiSpaceBytes;

let bounded = false;

/** From now on, the young generation grows to 16 MB semi-spaces at most and the old one at most doubles (once is enough). */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  setFlagsFromString('--heap-growing-percent=100');
  // One step at a time: a larger factor (NODE_OPTIONS) could pass the bound in one.
  setFlagsFromString('--semi-space-growth-factor=2');
  const keep = () => setFlagsFromString('--semi-space-growth-factor=1');
  if (grown()) {
    keep();
    return;
  }
  const scavenges = new PerformanceObserver(() => {
    if (!grown()) return;
    keep();
    scavenges.disconnect();
  });
  scavenges.observe({ entryTypes: ['gc'] });
}
