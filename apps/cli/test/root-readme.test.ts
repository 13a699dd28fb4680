// The repository README tells a new user to run the CLI against the demo
// server with `npm run -s patkit -- …`: those exact lines, run here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 'demo' });
});
afterAll(() => server.close());

/** The README's `export SAIL_…` line, as variables, with the demo server's URL swapped for this one's. */
function readmeEnvironment(): Record<string, string> {
  const line = /^export (SAIL_BASE_URL=.*)$/m.exec(readme)?.[1];
  if (line === undefined) throw new Error('the README has no "export SAIL_BASE_URL=…" line');
  const env = Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
  expect(env.SAIL_BASE_URL).toBe('http://127.0.0.1:7100');
  return { ...env, SAIL_BASE_URL: server.url };
}

const commands = [...readme.matchAll(/^npm run -s patkit -- (.+?)(?:\s+#.*)?$/gm)].map((m) => m[1] as string);

describe('the README quick start', () => {
  it('lists CLI commands to try', () => {
    expect(commands.length).toBeGreaterThanOrEqual(2);
  });

  // Asynchronously: the server answers from this process.
  it.each(commands)(
    'npm run -s patkit -- %s',
    async (args) => {
      const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'patkit', '--', ...args.split(' ')], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          ...readmeEnvironment(),
          XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'patkit-xdg-')),
          NO_COLOR: '1',
        },
      });
      // Only patkit's output, nothing from npm, and the demo data's PATs in it.
      expect(stdout).not.toMatch(/^>/m);
      expect(stdout).toContain('Old reporting job');
      if (args.includes('--format csv')) expect(stdout.split('\r\n')[0]).toBe('severity,finding,id,name,owner,detail');
      else if (args.startsWith('audit')) expect(stdout).toMatch(/^patkit audit: \d+ finding\(s\)/);
    },
    30_000,
  );
});

describe('npm run -s patkit from another folder', () => {
  it('resolves paths against the folder the user is in (INIT_CWD), not the repository', async () => {
    const here = mkdtempSync(join(tmpdir(), 'patkit-here-'));
    const { stdout: pat } = await promisify(execFile)(
      'npm',
      [
        'run',
        '-s',
        'patkit',
        '--',
        'init',
        '--id',
        'a',
        '--name',
        'n',
        '--owner-id',
        'o',
        '--created',
        '2020-01-01T00:00:00Z',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    writeFileSync(join(here, 'mine.json'), pat);
    const { stdout } = await promisify(execFile)(
      'npm',
      ['--prefix', root, 'run', '-s', 'patkit', '--', 'validate', 'mine.json'],
      {
        cwd: here,
        encoding: 'utf8',
      },
    );
    expect(stdout).toBe('mine.json: valid GetPersonalAccessTokenResponse (strict)\n');
  }, 30_000);
});
