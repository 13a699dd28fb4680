// Regressions of the second outside review (issue #14) in the CLI.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPat } from '@patkit/reference/seed-pat';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { patkit } from './cli.test-utils.js';
import { redactSecretOptions } from './program.js';

beforeEach(() => {
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'patkit-xdg-'));
  process.env.CI = 'true';
});
afterEach(() => {
  delete process.env.XDG_CONFIG_HOME;
});

describe('20. profile names and field names', () => {
  it('refuses profile names that are not safe file names', async () => {
    for (const name of ['.', '..', '../x', '.hidden', 'a/b', '']) {
      const { code, stderr } = await patkit(['config', 'set', 'baseUrl', 'https://x.example', '--profile', name]);
      expect([name, code]).toEqual([name, 2]);
      expect(stderr).toContain('is not a profile name');
    }
    expect(existsSync(join(process.env.XDG_CONFIG_HOME as string, 'patkit', 'secrets'))).toBe(false);
  });

  it('convert --fields names the fields it knows instead of printing a prototype', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-fields-')), 'pat.json');
    writeFileSync(file, JSON.stringify(seedPat));
    const { code, stdout, stderr } = await patkit([
      'convert',
      file,
      '--to',
      'csv',
      '--fields',
      '__proto__,constructor',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('"__proto__", "constructor" are not fields of GetPersonalAccessTokenResponse');
    expect(stderr).toContain('use id, name, scope, owner.type, owner.id, owner.name, created');
    expect((await patkit(['convert', file, '--to', 'csv', '--fields', 'id,owner.name'])).stdout).toBe(
      `id,owner.name\r\n${seedPat.id},${seedPat.owner.name}\r\n`,
    );
  });
});

describe('21. secrets on the command line', () => {
  it('are never echoed, and the way that works is named', async () => {
    const secret = 'demo-admin-secret-0001';
    for (const args of [
      ['list', `--client-secret=${secret}`],
      ['list', '--client-secret', secret],
      ['whoami', `--client-secret=${secret}`],
    ]) {
      const { code, stderr } = await patkit(args);
      expect(code).toBe(2);
      expect(stderr).not.toContain(secret);
      expect(stderr).toContain('--client-secret-stdin');
    }
    const other = await patkit(['list', `--api-token=${secret}`]);
    expect(other.code).toBe(2);
    expect(other.stderr).not.toContain(secret);
    expect(redactSecretOptions("error: unknown option '--password=hunter2'")).toBe(
      "error: unknown option '--password=…'",
    );
  });

  it("config remove takes the profile's secret file with it", async () => {
    expect(
      (await patkit(['config', 'set', 'clientSecret', '--client-secret-stdin', '--profile', 'p'], 's3cret')).code,
    ).toBe(0);
    const file = (await patkit(['config', 'get', 'clientSecretFile', '--profile', 'p'])).stdout.trim();
    expect(existsSync(file)).toBe(true);
    expect((await patkit(['config', 'remove', 'p'])).code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});

describe('#15 9. errors a person can act on', () => {
  it('a server that is down is named, in words, with what to check', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    process.env.SAIL_BASE_URL = `http://127.0.0.1:${port}`;
    process.env.SAIL_CLIENT_ID = 'a'.repeat(32);
    process.env.SAIL_CLIENT_SECRET = 'x';
    try {
      const { code, stderr } = await patkit(['list']);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `cannot reach http://127.0.0.1:${port}: connection refused: nothing listens there (ECONNREFUSED)`,
      );
      expect(stderr).toContain('hint: check the base URL (--base-url, SAIL_BASE_URL or the profile');
      expect(stderr).not.toContain('--debug');
    } finally {
      delete process.env.SAIL_BASE_URL;
      delete process.env.SAIL_CLIENT_ID;
      delete process.env.SAIL_CLIENT_SECRET;
    }
  }, 60_000);
});

describe('#15 9, 10. messages and safer defaults', () => {
  it('unknown options read as patkit speaks, not commander', async () => {
    const { code, stderr } = await patkit(['list', '--nope']);
    expect(code).toBe(2);
    expect(stderr).toBe("patkit: unknown option '--nope'\nhint: patkit list --help shows its usage\n");
  });

  it("commander's usage errors take patkit's shape: one patkit: line, then hint: lines naming the command's help", async () => {
    const typo = await patkit(['lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "patkit: unknown command 'lst'\nhint: did you mean list?\nhint: patkit --help shows its usage\n",
    );
    const missing = await patkit(['config', 'use']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "patkit: missing required argument 'name'\nhint: patkit config use --help shows its usage\n",
    );
    const choice = await patkit(['audit', '-o', 'xml']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(
      /^patkit: option '-o, --output <format>' argument 'xml' is invalid\. Allowed choices are /,
    );
    expect(choice.stderr).toMatch(/\nhint: patkit audit --help shows its usage\n$/);
    for (const { stderr } of [typo, missing, choice]) expect(stderr).not.toMatch(/^error:|\(Did you mean/m);
  });
});
