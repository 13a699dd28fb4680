import { defineConfig } from 'vitest/config';

// Every package runs its tests from source (the @patkit/source export
// condition) and writes a JSON report that scripts/test-summary.mjs adds up.
export default defineConfig({
  resolve: { conditions: ['@patkit/source'] },
  ssr: { resolve: { conditions: ['@patkit/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    setupFiles: [new URL('./vitest.setup.ts', import.meta.url).pathname],
    testTimeout: 30_000,
  },
});
