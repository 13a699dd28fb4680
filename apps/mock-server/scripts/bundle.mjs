// Builds the bin, dist/patkit-mock.js: src/cli.ts and all it loads at
// start-up in one file, so that a test suite that spawns a mock per file
// waits for one file to load instead of seventy (see bench/startup.mjs).
// The OpenAPI document, asked for rarely, is tsc's dist/openapi.js, imported
// when asked for: it loads zod (through the model's schemas) and yaml from
// node_modules. The library (dist/index.js) is tsc's output too, for
// importers and their types. Run after tsc.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../../scripts/esbuild-node.mjs';

const app = fileURLToPath(new URL('..', import.meta.url));
const outfile = join(app, 'dist/patkit-mock.js');

// routes.ts's import('./openapi.js') stays as written: from dist/, it names tsc's dist/openapi.js.
const openApiAsBuilt = {
  name: 'openapi-as-built',
  setup(build) {
    build.onResolve({ filter: /^\.\/openapi\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const { metafile } = await build({
  ...nodeBundle,
  absWorkingDir: app,
  entryPoints: ['src/cli.ts'],
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  plugins: [openApiAsBuilt, ...nodeBundle.plugins],
  metafile: true,
});

// Start-up loads this one file: no static import of another (zod above all).
const imported = Object.values(metafile.outputs).flatMap((output) =>
  output.imports.filter((one) => one.kind === 'import-statement').map((one) => one.path),
);
if (imported.length > 0) {
  console.error(`bundle.mjs: dist/patkit-mock.js would load ${imported.join(', ')} at start-up`);
  process.exit(1);
}
