// What loads at run time, checked by dependency-cruiser in `npm test`
// (pnpm deps): imports as compiled JavaScript has them (type imports
// vanish) and without import(), which loads later and only when needed.
import { resolution } from './.dependency-cruiser.mjs';

const packageSrc = (name) => `^packages/${name}/src/`;
const nodeModule = (name) => `(^|/)node_modules/(${name}/|\\.pnpm/${name}@)`;
const zod = nodeModule('zod');

/** Modules of the startup paths that must stay small (static imports only; types vanish). */
const heavyForStartup = [
  packageSrc('client'),
  packageSrc('serializer'),
  `${packageSrc('model')}(?!api-version\\.ts$)`,
  nodeModule('yaml'),
  zod,
  '^apps/cli/src/(output|connect|yaml)\\.ts$',
];

export default {
  forbidden: [
    {
      name: 'model-core-without-zod',
      comment: '@patkit/model/core loads fast because it never reaches zod (about 70 ms to import).',
      severity: 'error',
      from: { path: '^packages/model/src/(core|api-version)\\.ts$' },
      to: { path: zod, reachable: true },
    },
    {
      name: 'serializer-and-client-without-zod',
      severity: 'error',
      from: { path: '^packages/(serializer|client)/src/index\\.ts$' },
      to: {
        path: [zod, '^packages/model/src/index\\.ts$'],
        reachable: true,
      },
    },
    {
      name: 'cli-startup-stays-small',
      comment:
        '`patkit --version`, the program and `validate` load commands lazily: no client, YAML, zod or output code.',
      severity: 'error',
      from: { path: '^apps/cli/src/(main|program)\\.ts$' },
      to: { path: heavyForStartup, reachable: true },
    },
    {
      name: 'cli-validate-stays-small',
      severity: 'error',
      from: { path: '^apps/cli/src/commands/validate\\.ts$' },
      // The serializer and the zod-free model core are what validate is made of.
      to: {
        path: [packageSrc('client'), '^packages/model/src/index\\.ts$', ...heavyForStartup.slice(3)],
        reachable: true,
      },
    },
  ],
  options: { ...resolution, tsPreCompilationDeps: false, exclude: { ...resolution.exclude, dynamic: true } },
};
