// The apps' READMEs, as written: the `patkit…` lines of their Install and Run
// sections run against the installed packages, the `pnpm --filter` lines in
// this repository. A line that starts a server passes once it listens. (The
// root README's lines run in apps/cli/src/root-readme.test.ts; the install
// lines, which need a registry, in scripts/release-rehearsal.mjs.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onFreePort, spawnUntil } from '../../../scripts/spawn-until.mjs';
import { emptyHome, pinnedNode, userEnv } from './artifacts.test-utils.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function shellLines(readme: string): string[] {
  const text = readFileSync(new URL(readme, new URL(`file://${repo}`)), 'utf8');
  const sections = [...text.matchAll(/^## (?:Install|Run it[^\n]*)\n([\s\S]*?)(?=^## )/gm)].map((m) => m[1] as string);
  return sections
    .flatMap((section) => [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n')))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => /^(patkit|patkit-mock|pnpm) /.test(line));
}

/** Runs a line with sh; resolves with its output once it exits 0 or says it listens (and is stopped). */
async function run(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const started = await spawnUntil('sh', ['-c', line], { pattern: /listening on http/, timeoutMs: 120_000, cwd, env });
  await started.stop();
  if (started.match === null && started.code !== 0)
    throw new Error(`"${line}" exited with ${started.code}:\n${started.output()}`);
  return started.output();
}

describe.each(['apps/cli/README.md', 'apps/mock-server/README.md'])('%s', (readme) => {
  const lines = shellLines(readme);

  it('has commands to run', () => {
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it.each(lines)('%s', async (line) => {
    const home = emptyHome();
    const command = onFreePort(line);
    const inRepo = command.startsWith('pnpm ');
    const output = await run(
      command,
      inRepo ? repo : home,
      inRepo ? { ...process.env, NO_COLOR: '1' } : userEnv(pinnedNode, home),
    );
    if (/--version$/.test(command)) expect(output.trim().split('\n').at(-1)).toMatch(/^\d+\.\d+\.\d+/);
    else if (/--help$/.test(command)) expect(output).toContain('Usage: patkit');
    else expect(output).toMatch(/listening on http|patkit/);
  });
});
