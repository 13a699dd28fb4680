// The apps' READMEs, as written: the `patkit…` lines of their Install and Run
// sections run against the installed packages, the `pnpm --filter` lines in
// this repository. A line that starts a server passes once it listens. (The
// root README's lines run in apps/cli/src/root-readme.test.ts; the install
// lines, which need a registry, in scripts/release-rehearsal.mjs.)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { artifacts, emptyHome, userEnv } from './artifacts.test-utils.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const pinned = artifacts.nodes.find((node) => node.version === artifacts.pinned);
if (!pinned) throw new Error(`no binary of the pinned Node.js ${artifacts.pinned}`);

function shellLines(readme: string): string[] {
  const text = readFileSync(new URL(readme, new URL(`file://${repo}`)), 'utf8');
  const sections = [...text.matchAll(/^## (?:Install|Run it[^\n]*)\n([\s\S]*?)(?=^## )/gm)].map((m) => m[1] as string);
  return sections
    .flatMap((section) => [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n')))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => /^(patkit|patkit-mock|pnpm) /.test(line));
}

/** Runs a line with sh; resolves with its output once it exits 0 or says it listens. */
function run(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn('sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const stop = () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`"${line}" did not finish in 120 s:\n${output}`));
    }, 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http/.test(output)) {
        clearTimeout(timer);
        stop();
        resolve(output);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`"${line}" exited with ${code}:\n${output}`));
    });
  });
}

describe.each(['apps/cli/README.md', 'apps/mock-server/README.md'])('%s', (readme) => {
  const lines = shellLines(readme);

  it('has commands to run', () => {
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it.each(lines)('%s', async (line) => {
    const home = emptyHome();
    // A fixed port could be taken on a developer's machine: the demo's 7100 becomes a free one.
    const command = line.replace('--port 7100', '--port 0');
    const inRepo = command.startsWith('pnpm ');
    const output = await run(
      command,
      inRepo ? repo : home,
      inRepo ? { ...process.env, NO_COLOR: '1' } : userEnv(pinned, home),
    );
    if (/--version$/.test(command)) expect(output.trim().split('\n').at(-1)).toMatch(/^\d+\.\d+\.\d+/);
    else if (/--help$/.test(command)) expect(output).toContain('Usage: patkit');
    else expect(output).toMatch(/listening on http|patkit/);
  });
});
