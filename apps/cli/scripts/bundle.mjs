// Builds dist/: one ES module per command (code splitting keeps the lazy
// imports lazy), so that startup reads a few files instead of dozens.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outdir: new URL('../dist', import.meta.url).pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@patkit/source'],
  logLevel: 'warning',
  // CommonJS dependencies (commander) call require: give ES modules one.
  banner: {
    js: "import { createRequire as __patkitCreateRequire } from 'node:module'; const require = __patkitCreateRequire(import.meta.url);",
  },
});
