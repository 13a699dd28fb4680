import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

// CI runs every property at least 1,000 times; locally 200 keeps the loop fast.
// fast-check prints the seed and the shrunk counterexample of a failure.
fc.configureGlobal({ numRuns: process.env.CI ? 1000 : 200 });

// No test reads access tokens this machine's runs kept, or leaves its own there: a cache folder per test file.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'patkit-cache-'));
