import type { ControllableClock } from '../state/clock.js';
import type { Faults } from '../state/faults.js';
import type { Journal } from '../state/journal.js';
import type { RateLimiter } from '../state/rate-limit.js';
import { loadSeed, type Seed } from '../state/seed.js';
import type { Store } from '../state/store.js';

/** Everything the admin API and the programmatic server object control. */
export interface Controls {
  readonly store: Store;
  readonly clock: ControllableClock;
  readonly faults: Faults;
  readonly rateLimit: RateLimiter;
  readonly journal: Journal;
  /** The seed to go back to on reset. */
  readonly initialSeed: Seed | undefined;
}

/** Puts the server back to its starting seed, real time, no faults, no rate limit, an empty journal. */
export function resetControls(controls: Controls): void {
  controls.store.transaction(() => {
    if (controls.initialSeed === undefined) controls.store.clear();
    else loadSeed(controls.store, controls.initialSeed, controls.clock);
  });
  controls.clock.reset();
  controls.faults.clear();
  controls.rateLimit.disable();
  controls.journal.clear();
}
