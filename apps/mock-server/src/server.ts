import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Controls, resetControls } from './admin/controls.js';
import { createHandler } from './app.js';
import type { ServerContext } from './context.js';
import { isLoopback } from './http/loopback.js';
import { clientErrorHandler, type RequestLimits } from './http/malformed-request.js';
import type { CorsOrigin } from './http/responses.js';
import { Logger, type LogLevel } from './logger.js';
import { MockError } from './mock-error.js';
import { VerifiedTokens } from './pats/jwt.js';
import { type Clock, ControllableClock, systemClock } from './state/clock.js';
import { Faults } from './state/faults.js';
import { Journal } from './state/journal.js';
import { RateLimiter, type RateLimitOptions } from './state/rate-limit.js';
import { demoSeed, loadSeed, type Seed } from './state/seed.js';
import { type Identity, type IdentityChange, Store } from './state/store.js';

export interface MockServerOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** SQLite file; default in memory. */
  readonly db?: string;
  /** A seed, or `'demo'`. Replaces the database's content when given. */
  readonly seed?: Seed | 'demo';
  /** The time the server starts from; it can then be moved with `server.clock`. Default: real time. */
  readonly clock?: Clock;
  /** Default `silent` (embedded in tests); the command line uses `info`. */
  readonly logLevel?: LogLevel;
  /** Serve the admin API under /__admin. Default true. */
  readonly admin?: boolean;
  /**
   * Require `Authorization: Bearer <adminToken>` on the admin API. On an
   * address beyond loopback (`0.0.0.0`, a LAN address) a random one is made
   * when none is given: the admin API is never open to the network.
   */
  readonly adminToken?: string;
  /** ISC's rate limit (100 requests per 10 s per client id and API version), or other numbers. Default off. */
  readonly rateLimit?: boolean | RateLimitOptions;
  /** The origin browsers may call from (`*` by default), or false for no CORS headers. */
  readonly cors?: CorsOrigin;
  /** Time to receive a whole request, body included, before a 408. Default 30,000 ms. */
  readonly requestTimeoutMs?: number;
  /** Time to receive a request's headers before a 408. Default 10,000 ms; at most requestTimeoutMs. */
  readonly headersTimeoutMs?: number;
  /**
   * Refuse tokens (401) to PATs whose owner is DISABLED, DEACTIVATED,
   * TERMINATED or removed. Off by default: whether ISC does is not documented.
   */
  readonly refuseInactiveOwners?: boolean;
  /** Connections served at once; more are closed as they arrive. Default: as many as the system allows. */
  readonly maxConnections?: number;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** The admin API's token, given or made (beyond loopback); undefined when the admin API needs none or is off. */
  readonly adminToken: string | undefined;
  /** Whether the server listens on loopback only. */
  readonly loopback: boolean;
  readonly port: number;
  readonly store: Store;
  /** `clock.advance('100d')`, `clock.set(date)`, `clock.reset()`. */
  readonly clock: ControllableClock;
  /** `faults.add({ path, status, probability })`, `remove(id)`, `clear()`. */
  readonly faults: Faults;
  /** `rateLimit.enable()`, `disable()`. */
  readonly rateLimit: RateLimiter;
  /** The last 1,000 requests: `journal.list({ method, status, clientId, path })`, `clear()`. */
  readonly journal: Journal;
  /** Back to the starting seed, real time, no faults, no rate limit, an empty journal. */
  reset(): void;
  /**
   * Changes an identity's status, lifecycle state or removal — a leaver, for
   * audits: `updateIdentity(id, { identityStatus: 'TERMINATED' })`.
   * Returns the identity, or undefined when there is none with that id.
   */
  updateIdentity(id: string, change: IdentityChange): Identity | undefined;
  /** Loads a seed, replacing the data (default) or merging into it. */
  seed(seed: Seed, mode?: 'replace' | 'merge'): void;
  /** Stops accepting connections, lets requests in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Starts a mock of the ISC PAT API and /oauth/token. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const limits = requestLimits(options);
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const admin = options.admin ?? true;
  const adminToken = options.adminToken ?? (admin && !loopback ? randomBytes(24).toString('base64url') : undefined);
  const clock = new ControllableClock(options.clock ?? systemClock);
  const store = new Store(options.db);
  const initialSeed = options.seed === 'demo' ? demoSeed(clock.now()) : options.seed;
  try {
    if (initialSeed !== undefined) loadSeed(store, initialSeed, clock);
  } catch (error) {
    store.close();
    throw error;
  }
  const logger = new Logger(options.logLevel ?? 'silent');
  const jwtSecret = randomBytes(32);
  const rateLimit = new RateLimiter(clock);
  if (options.rateLimit) rateLimit.enable(options.rateLimit === true ? {} : options.rateLimit);
  const controls: Controls = { store, clock, faults: new Faults(), rateLimit, journal: new Journal(), initialSeed };
  const ctx: ServerContext = {
    store,
    clock,
    jwtSecret,
    tokens: new VerifiedTokens(jwtSecret),
    rateLimit,
    tenantId: '00000000-0000-4000-8000-000000000000',
    org: 'mock',
    refuseInactiveOwners: options.refuseInactiveOwners ?? false,
  };
  const server = createServer(
    {
      keepAliveTimeout: 5_000,
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // Node looks for late requests this often (30 s by default): a stalled one must not outlive its limit by much.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(limits.headersTimeoutMs / 4)),
      // A request without Host gets ISC's 400 shape from the handler, not Node's empty one.
      requireHostHeader: false,
    },
    createHandler(ctx, logger, controls, {
      admin,
      listenHost: host,
      cors: options.cors ?? '*',
      ...(adminToken === undefined ? {} : { adminToken }),
    }),
  );
  server.on('clientError', clientErrorHandler(limits, logger));
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      store.close();
      reject(
        new MockError('invalid_option', `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`, {
          cause: error,
        }),
      );
    });
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}`,
    port,
    adminToken: admin ? adminToken : undefined,
    loopback,
    store,
    clock,
    faults: controls.faults,
    rateLimit,
    journal: controls.journal,
    reset: () => resetControls(controls),
    seed: (seed, mode = 'replace') => loadSeed(store, seed, clock, mode === 'replace'),
    updateIdentity: (id, change) => store.updateIdentity(id, change, clock.now()),
    close() {
      closing ??= new Promise<void>((resolve) => {
        // A connection whose request finishes while closing turns idle: close it then, not after the keep-alive timeout.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(idle);
          logger.flush();
          store.close();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

function requestLimits(options: MockServerOptions): RequestLimits {
  const whole = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1)
      throw new MockError('invalid_option', `${name} must be a whole number of at least 1, got ${value}`);
    return value;
  };
  const requestTimeoutMs = whole('requestTimeoutMs', options.requestTimeoutMs, 30_000);
  const headersTimeoutMs = whole('headersTimeoutMs', options.headersTimeoutMs, Math.min(10_000, requestTimeoutMs));
  if (headersTimeoutMs > requestTimeoutMs)
    throw new MockError(
      'invalid_option',
      `headersTimeoutMs (${headersTimeoutMs}) cannot be more than requestTimeoutMs (${requestTimeoutMs})`,
    );
  whole('maxConnections', options.maxConnections, 1);
  return { requestTimeoutMs, headersTimeoutMs };
}
