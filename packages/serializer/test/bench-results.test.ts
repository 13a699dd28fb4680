// The README's benchmark tables are rendered from bench/results.json (what
// `pnpm bench` measured), never numbers copied by hand: a table that no
// longer matches its results fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { normalizeTables, readResults, tableNames } from '../../../scripts/bench-results.mjs';
import { tables } from '../bench/tables.mjs';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const results = readResults(fileURLToPath(new URL('../bench/results.json', import.meta.url)));

it('the README shows the decode and encode tables of bench/results.json', () => {
  expect(tableNames(readme)).toEqual(['decode-encode']);
  const section = results['decode-encode'];
  expect(section, 'bench/results.json has no decode-encode: run pnpm bench').toMatchObject({
    machine: { cores: expect.any(Number) },
    node: expect.stringMatching(/^v\d+/),
  });
  const shown = /<!-- bench:decode-encode -->\n([\s\S]*?)<!-- \/bench -->/.exec(readme)?.[1] ?? '';
  expect(normalizeTables(shown)).toBe(normalizeTables(tables['decode-encode'](section)));
});
