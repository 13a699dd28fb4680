import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from './app.js';
import { type Clock, systemClock } from './clock.js';
import type { ServerContext } from './context.js';
import { VerifiedTokens } from './jwt.js';
import { Logger, type LogLevel } from './logger.js';
import { MockError } from './mock-error.js';
import { demoSeed, loadSeed, type Seed } from './seed.js';
import { Store } from './store.js';

export interface MockServerOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** SQLite file; default in memory. */
  readonly db?: string;
  /** A seed, or `'demo'`. Replaces the database's content when given. */
  readonly seed?: Seed | 'demo';
  readonly clock?: Clock;
  /** Default `silent` (embedded in tests); the command line uses `info`. */
  readonly logLevel?: LogLevel;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly clock: Clock;
  /** Stops accepting connections, lets requests in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Starts a mock of the ISC PAT API and /oauth/token. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const clock = options.clock ?? systemClock;
  const store = new Store(options.db);
  try {
    if (options.seed !== undefined)
      loadSeed(store, options.seed === 'demo' ? demoSeed(clock.now()) : options.seed, clock);
  } catch (error) {
    store.close();
    throw error;
  }
  const logger = new Logger(options.logLevel ?? 'silent');
  const jwtSecret = randomBytes(32);
  const ctx: ServerContext = {
    store,
    clock,
    jwtSecret,
    tokens: new VerifiedTokens(jwtSecret),
    tenantId: '00000000-0000-4000-8000-000000000000',
    org: 'mock',
  };
  const server = createServer(
    { keepAliveTimeout: 5_000, requestTimeout: 30_000, headersTimeout: 10_000 },
    createHandler(ctx, logger),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      store.close();
      reject(
        new MockError(
          'invalid_option',
          `cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 0}: ${error.message}`,
          { cause: error },
        ),
      );
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    clock,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
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
