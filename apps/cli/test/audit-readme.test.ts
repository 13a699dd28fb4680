// The "Audit and export" section of the CLI README, as written: each
// `patkit …` line of its shell blocks run by sh, in order, in one folder,
// against the mock server's demo tenant with the demo admin's PAT.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoCredentials, type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(cli, 'README.md'), 'utf8');
// Up to its first subsection (prune and rotate name PAT ids of the README's own).
const section = /^## Audit and export\n([\s\S]*?)(?=^##+ )/m.exec(readme)?.[1] ?? '';
const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((block) => (block[1] as string).split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('patkit '));

const dir = mkdtempSync(join(tmpdir(), 'patkit-audit-readme-'));
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ seed: 'demo' });
  // `patkit` on PATH: the command from source, as `pnpm start` runs it.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'patkit'),
    `#!/bin/sh\nexec ${join(cli, '../../node_modules/.bin/tsx')} --conditions=@patkit/source ${join(cli, 'src/main.ts')} "$@"\n`,
  );
  chmodSync(join(bin, 'patkit'), 0o755);
});
afterAll(() => server.close());

describe('the README: Audit and export', () => {
  it('has its commands', () => {
    expect(lines.length).toBeGreaterThanOrEqual(6);
  });

  it('runs each line as written, in order', async () => {
    const env = {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      SAIL_BASE_URL: server.url,
      SAIL_CLIENT_ID: demoCredentials.admin.clientId,
      SAIL_CLIENT_SECRET: demoCredentials.admin.clientSecret,
      XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'patkit-xdg-')),
    };
    for (const line of lines) {
      const run = await promisify(execFile)('sh', ['-c', line], { cwd: dir, env, encoding: 'utf8' }).then(
        (done) => ({ code: 0, ...done }),
        (failed: { code: number; stdout: string; stderr: string }) => failed,
      );
      // The CI gate exits 1: the demo tenant has high findings.
      expect(run.code, `${line}\n${run.stderr}`).toBe(line.includes('--fail-on high') ? 1 : 0);
    }
    for (const file of ['export.ndjson', 'identities.json', 'audit.md', 'findings.ndjson', 'audit.html'])
      expect(existsSync(join(dir, file)) && statSync(join(dir, file)).size > 0, file).toBe(true);
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toContain('### patkit audit');
    expect(readFileSync(join(dir, 'audit.html'), 'utf8')).toMatch(/^<!doctype html>/);
  }, 120_000);
});
