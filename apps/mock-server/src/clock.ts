/** The one source of time of a mock server: tokens, expiry and lastUsed all read it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
