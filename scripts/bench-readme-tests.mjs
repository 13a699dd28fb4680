// The tests every package with benchmarks runs: its README's tables are
// rendered from bench/results.json (what `pnpm bench` measured), never
// numbers copied by hand, so a table that no longer matches its results fails.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readmeTables, resultsFileOf } from './bench-results.mjs';

/** Tests that `file` (the README) of the package at `packageUrl` shows the blocks `names`, each as `tables` renders its results. */
export function benchReadmeTests(packageUrl, tables, names, file = 'README.md') {
  const dir = fileURLToPath(packageUrl);
  const blocks = readmeTables(fileURLToPath(new URL(file, packageUrl)), resultsFileOf(dir), tables);

  it(`${file} has the benchmark tables ${names.join(', ')}`, () => {
    expect(blocks.map((block) => block.name)).toEqual(names);
  });

  it.each(blocks)('$name is what bench/results.json says, with its machine and Node.js', (block) => {
    expect(block.section, `bench/results.json has no ${block.name}: run pnpm bench`).toMatchObject({
      machine: { cores: expect.any(Number) },
      node: expect.stringMatching(/^v\d+/),
    });
    expect(block.shown).toBe(block.expected);
  });
}
