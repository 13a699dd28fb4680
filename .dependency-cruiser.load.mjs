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
  `${packageSrc('model')}(?!(api-version|time|identity-status|access-token-validity)\\.ts$)`,
  nodeModule('yaml'),
  zod,
  '^apps/cli/src/(output|connect|yaml)\\.ts$',
];

/** A rule: nothing of `to` is loaded, directly or not, when `from` is. */
const neverLoads = (name, from, to, comment) => ({
  name,
  ...(comment === undefined ? {} : { comment }),
  severity: 'error',
  from: { path: from },
  to: { path: to, reachable: true },
});

export default {
  forbidden: [
    neverLoads(
      'model-core-without-zod',
      '^packages/model/src/(core|api-version|time|identity-status)\\.ts$',
      zod,
      '@patkit/model/core loads fast because it never reaches zod (about 70 ms to import).',
    ),
    neverLoads('serializer-and-client-without-zod', '^packages/(serializer|client)/src/index\\.ts$', [
      zod,
      '^packages/model/src/index\\.ts$',
    ]),
    neverLoads(
      'cli-startup-stays-small',
      '^apps/cli/src/(main|program)\\.ts$',
      heavyForStartup,
      '`patkit --version`, the program and `validate` load commands lazily: no client, YAML, zod or output code.',
    ),
    // The serializer and the zod-free model core are what validate is made of.
    neverLoads('cli-validate-stays-small', '^apps/cli/src/commands/validate\\.ts$', [
      packageSrc('client'),
      '^packages/model/src/index\\.ts$',
      ...heavyForStartup.slice(3),
    ]),
  ],
  options: { ...resolution, tsPreCompilationDeps: false, exclude: { ...resolution.exclude, dynamic: true } },
};
