export type { Clock } from './clock.js';
export type { LogLevel } from './logger.js';
export { MockError, type MockErrorCode } from './mock-error.js';
export { checkSeed, demoCredentials, demoSeed, readSeedFile, type Seed, type SeedContext } from './seed.js';
export { type MockServer, type MockServerOptions, startMockServer } from './server.js';
export type { Identity, IdentityLevel } from './store.js';
