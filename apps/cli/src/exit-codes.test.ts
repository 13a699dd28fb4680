import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodes, exitCodesHelp } from './exit-codes.js';

describe('exit codes', () => {
  it('are listed alike in --help and in the README, every code once', () => {
    const help = exitCodesHelp
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s{2,}/));
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'));
    const rows = [...section.matchAll(/^\| (\d+) +\| (.+?) +\|$/gm)].map(([, code, meaning]) => [code, meaning]);
    expect(rows).toEqual(help);
    expect(help.map(([code]) => Number(code)).sort((a, b) => a - b)).toEqual(
      [...new Set(Object.values(exitCodes))].sort((a, b) => a - b),
    );
  });
});
