// Several tenants at once stream several lists at once, and V8 answers the
// objects that survive meanwhile by doubling its young generation up to its
// ceiling (128 MB on Node 24), which then stays: most of a many-tenant run's
// peak RSS, for a live heap of about 30 MB. Keeping it at its first size
// costs more frequent scavenges (a few % of CPU time, see the tenants bench).
// Only the growth factor is read after start-up; the semi-space limits are not.
// The old generation, left to V8's heuristics, grew to several times its
// live objects between full collections (20 tenants at 500 ms, 50,000 PATs
// held: 133 MB of heap, 24 MB live after, 268 MB peak RSS); let grow at most
// twice, the run stayed under 205 MB at the same CPU time. V8 reads that
// factor at every full collection.
import { setFlagsFromString } from 'node:v8';

/** From now on, the young generation keeps its size and the old one at most doubles (setting them twice does no harm). */
export function boundHeapGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=100');
}
