// The import boundaries of the workspace, checked by dependency-cruiser in
// `npm test` (pnpm deps): every import, types and import() included.
// .dependency-cruiser.load.mjs checks what loads at run time. Imports are
// resolved as tests resolve them: the @patkit/source condition, .js
// specifiers naming .ts files.
const packageSrc = (name) => `^packages/${name}/src/`;
const notTests = '\\.(test|prop\\.test|test-utils)\\.ts$';

export const resolution = {
  doNotFollow: { path: 'node_modules' },
  exclude: { path: ['(^|/)dist/', '(^|/)reports/', '\\.d\\.ts$'] },
  // With the base tsconfig, package names resolve through its customConditions (@patkit/source) to src/.
  tsConfig: { fileName: 'tsconfig.base.json' },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['@patkit/source', 'types', 'import', 'node', 'default'],
    extensions: ['.ts', '.js', '.mjs', '.json'],
    mainFields: ['module', 'main', 'types'],
  },
};

export default {
  forbidden: [
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve is a missing dependency (or an upward one, which is not declared).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'packages-by-name',
      comment: "Another package's files are reached by its package name, never by a relative path into it.",
      severity: 'error',
      from: { path: '^(packages|apps|test)/([^/]+)/' },
      to: { path: '^(packages|apps|test)/', pathNot: '^$1/$2/', dependencyTypes: ['local'] },
    },
    {
      name: 'layers-point-down',
      comment: 'model → serializer → client → apps: a layer imports only the layers below it.',
      severity: 'error',
      from: { path: '^packages/model/' },
      to: { path: ['^packages/(serializer|client)/', '^apps/'] },
    },
    {
      name: 'serializer-below-client',
      severity: 'error',
      from: { path: '^packages/serializer/' },
      to: { path: ['^packages/client/', '^apps/'] },
    },
    {
      name: 'client-below-apps',
      severity: 'error',
      from: { path: '^packages/client/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-apart',
      comment: 'The CLI and the mock server do not import each other, except the CLI tests, which start the mock.',
      severity: 'error',
      from: { path: '^apps/mock-server/' },
      to: { path: '^apps/cli/' },
    },
    {
      name: 'cli-uses-mock-only-in-tests',
      severity: 'error',
      from: { path: '^apps/cli/src/', pathNot: notTests },
      to: { path: '^apps/mock-server/' },
    },
    {
      name: 'mock-server-without-client',
      comment: 'The mock server speaks HTTP itself; the client is for its tests.',
      severity: 'error',
      from: { path: '^apps/mock-server/src/', pathNot: notTests },
      to: { path: packageSrc('client') },
    },
    {
      name: 'mock-http-is-generic',
      comment: "The mock server's http/ folder (routing, requests, responses) knows nothing of PATs, state or admin.",
      severity: 'error',
      from: { path: '^apps/mock-server/src/http/', pathNot: notTests },
      to: { path: '^apps/mock-server/src/(pats|state|admin)/', pathNot: '/state/ids\\.ts$' },
    },
    {
      name: 'mock-state-below-requests',
      comment: "The mock server's state (store, seed, clock…) never imports a request handler: only pats/rules.ts.",
      severity: 'error',
      from: { path: '^apps/mock-server/src/state/', pathNot: notTests },
      to: { path: ['^apps/mock-server/src/(http|admin)/', '^apps/mock-server/src/pats/(?!rules\\.ts$)'] },
    },
  ],
  options: { ...resolution, tsPreCompilationDeps: true, combinedDependencies: true },
};
