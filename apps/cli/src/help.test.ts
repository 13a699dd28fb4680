import { describe, expect, it } from 'vitest';
import { patkit } from './cli.test-utils.js';

const headings = (text: string) => text.split('\n').filter((line) => /^[A-Z][\w ]*:$/.test(line));

describe('help', () => {
  it('groups the commands: manage PATs, hygiene, offline files, configuration', async () => {
    const { stdout } = await patkit(['--help']);
    expect(headings(stdout)).toEqual([
      'Options:',
      'Manage PATs:',
      'Hygiene:',
      'Offline files:',
      'Configuration:',
      'Commands:',
      'Exit codes:',
    ]);
    expect(stdout).toMatch(/Manage PATs:\n {2}list /);
  });

  it("shows a command's own options first, then output and connection options once each", async () => {
    for (const command of ['list', 'audit', 'rotate', 'whoami']) {
      const { stdout } = await patkit([command, '--help']);
      expect(headings(stdout).filter((h) => h.endsWith('options:') || h === 'Options:')).toEqual([
        'Options:',
        'Output options:',
        'Connection options:',
      ]);
    }
    const offline = await patkit(['validate', '--help']);
    expect(headings(offline.stdout)).not.toContain('Connection options:');
  });
});
