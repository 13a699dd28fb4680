import type { Clock } from './clock.js';

export interface RateLimitOptions {
  /** Requests allowed per window. Default 100, as ISC's gateway. */
  readonly limit?: number;
  /** Window length in seconds. Default 10. */
  readonly windowSeconds?: number;
}

/**
 * ISC's gateway limit, as SailPoint's rate-limit page has it: so many
 * requests per window per client id and API version (each version's paths
 * counted apart, every access token of one PAT together), then 429 with
 * Retry-After. Off until enabled, so fast test suites and benchmarks are not
 * throttled. Windows follow the server's clock.
 */
export class RateLimiter {
  private settings: Required<RateLimitOptions> | undefined;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  enable(options: RateLimitOptions = {}): Required<RateLimitOptions> {
    const limit = options.limit ?? 100;
    const windowSeconds = options.windowSeconds ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
      throw new RangeError('limit must be a positive integer and windowSeconds a positive number');
    }
    this.settings = { limit, windowSeconds };
    this.windows.clear();
    return this.settings;
  }

  disable(): void {
    this.settings = undefined;
    this.windows.clear();
  }

  get status(): { enabled: boolean } & Partial<Required<RateLimitOptions>> {
    return this.settings === undefined ? { enabled: false } : { enabled: true, ...this.settings };
  }

  /** Seconds to wait when this request (counted under `key`: its client id and API version) is over the limit, else undefined. */
  check(key: string): number | undefined {
    if (this.settings === undefined) return undefined;
    const now = this.clock.now();
    const span = this.settings.windowSeconds * 1000;
    // Clients come and go: windows that have ended are dropped before they pile up.
    if (this.windows.size >= 10_000)
      for (const [key, old] of this.windows) if (now - old.start >= span || now < old.start) this.windows.delete(key);
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= span || now < window.start) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.settings.limit) return undefined;
    return Math.max(1, Math.ceil((window.start + span - now) / 1000));
  }
}
