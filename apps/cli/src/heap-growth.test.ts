import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const heapGrowth = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));

/** The young generation's size in MB after allocating much that survives a while, in a Node.js of its own. */
function youngGeneration(bound: boolean): number {
  const script = [
    `import { boundHeapGrowth } from ${JSON.stringify(heapGrowth)};`,
    "import { getHeapSpaceStatistics } from 'node:v8';",
    bound ? 'boundHeapGrowth();' : '',
    'const kept = [];',
    'for (let round = 0; round < 40; round++) {',
    '  for (let i = 0; i < 200_000; i++) { const one = { i, text: "pat " + i }; if (i % 5 === 0) kept.push(one); }',
    '  if (kept.length > 300_000) kept.length = 0;',
    '  await new Promise((next) => setImmediate(next));',
    '}',
    "console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1_048_576);",
  ].join('\n');
  const run = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
    },
  );
  expect(run.stderr).toBe('');
  return Number(run.stdout);
}

describe('boundHeapGrowth', () => {
  it('lets the young generation grow to 16 MB semi-spaces, where V8 would take more, and no further', () => {
    const bounded = youngGeneration(true);
    expect(bounded).toBeGreaterThan(16);
    expect(bounded).toBeLessThanOrEqual(32);
    // Node 22's own ceiling is 16 MB; later lines take up to 64 MB.
    const unbounded = youngGeneration(false);
    if (Number(process.versions.node.split('.')[0]) >= 24) expect(unbounded).toBeGreaterThan(32);
    else expect(unbounded).toBe(bounded);
  }, 60_000);
});
