// What the bundled bins (patkit, patkit-mock) share in their esbuild options.

// `import { parseArgs } from 'node:util'` makes Node.js build an ES module
// facade of node:util, which reads every export, lazy ones too: 10 ms of
// start-up for node:util, 9 for node:fs, measured. Built-in modules are
// taken with process.getBuiltinModule instead, as CommonJS modules whose
// properties are read when used: an empty object inheriting from the
// module, because esbuild's CommonJS interop copies own properties, and
// reading the descriptors of node:util's lazy ones loads them all the same.
const builtinsOnDemand = {
  name: 'builtins-on-demand',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = Object.create(process.getBuiltinModule(${JSON.stringify(args.path)}));`,
      loader: 'js',
    }));
  },
};

/** esbuild's options for an ES module bundle run by Node.js 22 and later, built from the sources. */
export const nodeBundle = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  conditions: ['@patkit/source'],
  logLevel: 'warning',
  plugins: [builtinsOnDemand],
};
