import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit } from './cli.test-utils.js';

// No flag, environment, profile, ./config.json or ~/.sailpoint/config.yaml: a first run.
const saved = { home: process.env.HOME, xdg: process.env.XDG_CONFIG_HOME, cwd: process.cwd() };
beforeEach(() => {
  forgetServer();
  const empty = mkdtempSync(join(tmpdir(), 'patkit-first-run-'));
  process.env.HOME = empty;
  process.env.XDG_CONFIG_HOME = join(empty, '.config');
  process.chdir(empty);
});
afterEach(() => {
  process.chdir(saved.cwd);
  process.env.HOME = saved.home;
  process.env.XDG_CONFIG_HOME = saved.xdg;
  forgetServer();
});

describe('a first run without configuration', () => {
  it('names each missing setting with every way patkit takes it, in its own flags', async () => {
    const { code, stderr } = await patkit(['list']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'patkit: not configured: no baseUrl, clientId, clientSecret. Give each in one of these ways:',
    );
    expect(stderr).toContain(
      '  baseUrl       --base-url URL · SAIL_BASE_URL · patkit config set baseUrl URL · BaseURL in ./config.json',
    );
    expect(stderr).toContain('  clientSecret  --client-secret-stdin · SAIL_CLIENT_SECRET');
    expect(stderr).toContain('hint: patkit config --help');
    expect(stderr).not.toContain('option');
  });

  it('names only what is missing', async () => {
    process.env.SAIL_BASE_URL = 'http://127.0.0.1:1';
    const { code, stderr } = await patkit(['whoami', '--client-id', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toContain('not configured: no clientSecret. Give it in one of these ways:');
    expect(stderr).not.toContain('baseUrl ');
  });

  it('reports a bad flag before missing configuration', async () => {
    const { code, stderr } = await patkit(['list', '--unused-since', 'yesterdayish']);
    expect(code).toBe(2);
    expect(stderr).toContain('--unused-since takes a date such as 2027-01-01 or a duration: a number and a unit');
    expect(stderr).not.toContain('not configured');
  });
});
