// With several tenants at once, the installed CLI bounds V8's young
// generation to 16 MB semi-spaces and the old generation's growth, with
// flags set at run time (heap-growth.test.ts shows the bound biting): a
// Node.js line without one of them would say "unrecognized flag" on
// stderr, which must stay empty, and the young generation stays within.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addProfiles,
  emptyHome,
  lines,
  pinnedNode,
  type RunningMock,
  sh,
  startMock,
  userEnv,
  writeBigSeed,
} from './artifacts.test-utils.js';

const home = emptyHome();
const sampler = join(home, 'heap-growth.mjs');
const sample = join(home, 'heap-growth.txt');
let mock: RunningMock;

beforeAll(async () => {
  // The size the young generation has at exit: what it grew to and kept. (Its largest size is
  // no judge: for a few ms of a scavenge it may count more pages, with or without the flag.)
  writeFileSync(
    sampler,
    [
      "import { writeFileSync } from 'node:fs';",
      "import { getHeapSpaceStatistics } from 'node:v8';",
      "process.on('exit', () => { writeFileSync(process.env.YOUNG_GENERATION_SAMPLE, String(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size)); });",
    ].join('\n'),
  );
  const env = userEnv(pinnedNode, home);
  mock = await startMock(['--seed', writeBigSeed(emptyHome(), 20_000), '--port', '0', '--log-level', 'warn'], env);
  addProfiles(['a', 'b', 'c'], mock.url, env);
}, 120_000);

afterAll(async () => {
  await mock?.stop();
});

describe.each(lines)('the young generation with several tenants, installed, on %s', (_, node) => {
  /** The young generation's size in MB at the end of `patkit audit …`. */
  const youngGeneration = (tenants: readonly string[]): number => {
    const env = userEnv(node, home, {
      NODE_OPTIONS: `--import ${pathToFileURL(sampler).href}`,
      YOUNG_GENERATION_SAMPLE: sample,
    });
    const run = sh('sh', ['-c', `patkit audit ${tenants.join(' ')} --owner all -o ndjson > /dev/null`], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return Number(readFileSync(sample, 'utf8')) / 1_048_576;
  };

  it('takes the flags, and stays within 32 MB (two semi-spaces) for three tenants at once', () => {
    expect(youngGeneration(['--all-profiles'])).toBeLessThanOrEqual(32);
  }, 120_000);
});
