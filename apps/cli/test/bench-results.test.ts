// The README's benchmark tables are rendered from bench/results.json (what
// `pnpm bench` measured), never numbers copied by hand: a table that no
// longer matches its results fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeTables, readResults, tableNames } from '../../../scripts/bench-results.mjs';
import { tables } from '../bench/tables.mjs';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const results = readResults(fileURLToPath(new URL('../bench/results.json', import.meta.url)));

describe("the README's benchmark tables", () => {
  it('are there: start-up and audit at scale', () => {
    expect(tableNames(readme)).toEqual(['startup', 'audit-scale']);
  });

  it.each(tableNames(readme))('%s is what bench/results.json says, with its machine and Node.js', (name) => {
    const section = results[name];
    expect(section, `bench/results.json has no ${name}: run pnpm bench`).toBeDefined();
    expect(section).toMatchObject({ machine: { cores: expect.any(Number) }, node: expect.stringMatching(/^v\d+/) });
    const shown = new RegExp(`<!-- bench:${name} -->\\n([\\s\\S]*?)<!-- /bench -->`).exec(readme)?.[1] ?? '';
    const render = tables[name as keyof typeof tables] as (section: unknown) => string;
    expect(normalizeTables(shown)).toBe(normalizeTables(render(section)));
  });
});
