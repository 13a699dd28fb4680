// BENCHMARKS.md's tables are rendered from bench/results.json.
import { benchReadmeTests } from '../../../scripts/bench-readme-tests.mjs';
import { tables, tablesFile } from '../bench/tables.mjs';

benchReadmeTests(
  new URL('..', import.meta.url),
  tables,
  ['soak', 'startup', 'peers', 'load-node24', 'load-node22', 'store-drivers'],
  tablesFile,
);
