// The README's benchmark tables are rendered from bench/results.json.
import { benchReadmeTests } from '../../../scripts/bench-readme-tests.mjs';
import { tables } from '../bench/tables.mjs';

benchReadmeTests(new URL('..', import.meta.url), tables, ['decode-encode', 'duplicate-key-cost']);
