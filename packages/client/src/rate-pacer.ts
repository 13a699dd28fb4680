// ISC's gateway answers 429 past so many requests per window per client id
// and API version (SailPoint's rate-limit page: 100 per 10 s). The client
// keeps under it instead of meeting it: a request waits until a window has
// passed since the requests `requests` and more before it were all
// answered. The gateway counts a request when it arrives, before its
// answer, and a later one arrives after it is sent: so no window of the
// gateway's, sliding or fixed, counts more than `requests`, whatever the
// network's latency or order. Clients of one process share a key's pace.
import { ClientError } from './client-error.js';
import type { Timing } from './transport.js';

export interface RateLimit {
  /** Requests allowed per window. ISC's gateway: 100. */
  readonly requests: number;
  /** The window in seconds. ISC's gateway: 10. */
  readonly perSeconds: number;
}

/** ISC's default gateway limit, per client id and API version. */
export const iscRateLimit: RateLimit = { requests: 100, perSeconds: 10 };

/** Says when a paced request's answer (or failure) came. */
export type PaceDone = () => void;

interface Window {
  /** For each of the last `requests` requests: when it and every request before it were answered. */
  readonly answered: Promise<number>[];
  /** The same for the latest request. */
  latest: Promise<number>;
  next: number;
}

/** The pace of every key of one limit. */
export class RatePacer {
  private readonly windows = new Map<string, Window>();

  constructor(readonly limit: RateLimit) {}

  /**
   * Waits for this request's turn under `key`, then says it is sent: call
   * the returned function when its answer (or its failure) comes.
   */
  async take(key: string, timing: Timing, signal?: AbortSignal): Promise<PaceDone> {
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { answered: [], latest: Promise.resolve(0), next: 0 };
      this.windows.set(key, window);
    }
    const { requests, perSeconds } = this.limit;
    // When the request `requests` before this one (in the slot this one takes) and all before it were answered.
    const before = window.answered.length < requests ? undefined : window.answered[window.next];
    let done!: PaceDone;
    const own = new Promise<number>((resolve) => {
      done = () => resolve(timing.now());
    });
    const previous = window.latest;
    window.latest = own.then(async (at) => Math.max(at, await previous));
    window.answered[window.next] = window.latest;
    window.next = (window.next + 1) % requests;
    if (before === undefined) return done;
    try {
      const wait = (await abortable(before, signal)) + perSeconds * 1000 - timing.now();
      if (wait > 0) await timing.sleep(wait, signal);
    } catch (reason) {
      // Not sent: its slot is free as of now.
      done();
      throw reason;
    }
    return done;
  }
}

/** `promise`, or the signal's reason once it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

const pacers = new Map<string, RatePacer>();

/** The pacer of this limit shared by the clients of this process, or undefined when `limit` is false. */
export function sharedPacer(limit: RateLimit | false): RatePacer | undefined {
  if (limit === false) return undefined;
  const { requests, perSeconds } = limit;
  if (!Number.isInteger(requests) || requests < 1 || !(typeof perSeconds === 'number' && perSeconds > 0))
    throw new ClientError(
      'invalid_argument',
      `rateLimit is ${JSON.stringify(limit)}; give { requests, perSeconds }, a whole number of requests of at least 1 and a number of seconds above 0, or false`,
    );
  const name = `${requests}/${perSeconds}`;
  let pacer = pacers.get(name);
  if (pacer === undefined) {
    pacer = new RatePacer({ requests, perSeconds });
    pacers.set(name, pacer);
  }
  return pacer;
}
