import fc from 'fast-check';

// CI runs every property at least 1,000 times; locally 200 keeps the loop fast.
// fast-check prints the seed and the shrunk counterexample of a failure.
fc.configureGlobal({ numRuns: process.env.CI ? 1000 : 200 });
