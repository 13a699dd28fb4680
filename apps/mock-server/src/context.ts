import type { VerifiedTokens } from './pats/jwt.js';
import type { Clock } from './state/clock.js';
import type { RateLimiter } from './state/rate-limit.js';
import type { Store } from './state/store.js';

/** What every handler needs: the state, the clock and the token signing key. */
export interface ServerContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly jwtSecret: Buffer;
  readonly tokens: VerifiedTokens;
  readonly rateLimit: RateLimiter;
  readonly tenantId: string;
  readonly org: string;
  /** Refuse tokens to PATs whose owner is disabled, deactivated, terminated or removed (ISC does not document what it does). */
  readonly refuseInactiveOwners: boolean;
}

/** One request, read and checked by the dispatcher. */
export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: Buffer;
}
