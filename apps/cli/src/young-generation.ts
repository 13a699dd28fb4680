// Several tenants at once stream several lists at once, and V8 answers the
// objects that survive meanwhile by doubling its young generation up to its
// ceiling (128 MB on Node 24), which then stays: most of a many-tenant run's
// peak RSS, for a live heap of about 30 MB. Keeping it at its first size
// costs more frequent scavenges (a few % of CPU time, see the tenants bench).
// Only the growth factor is read after start-up; the semi-space limits are not.
import { setFlagsFromString } from 'node:v8';

/** From now on, the young generation keeps its size (setting it twice does no harm). */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
