import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tarballs are packed and installed once (src/install.ts), then each
// file checks them; commands run a Node.js process each, on every line.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ['src/install.ts'],
      testTimeout: 180_000,
      hookTimeout: 600_000,
    },
  }),
);
