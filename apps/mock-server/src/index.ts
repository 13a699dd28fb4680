export type { LogLevel } from './logger.js';
export { MockError, type MockErrorCode } from './mock-error.js';
export { type MockServer, type MockServerOptions, startMockServer } from './server.js';
export type { Clock } from './state/clock.js';
export { checkSeed, demoCredentials, demoSeed, readSeedFile, type Seed, type SeedContext } from './state/seed.js';
export type { Identity, IdentityChange, IdentityLevel, IdentityStatus } from './state/store.js';
