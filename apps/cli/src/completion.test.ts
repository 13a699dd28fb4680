// The bash completion script, sourced by bash and driven as bash drives it
// (COMP_WORDS, COMP_CWORD, then the function; compgen fills COMPREPLY).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { patkit } from './cli.test-utils.js';

const dir = mkdtempSync(join(tmpdir(), 'patkit-completion-'));
let script = '';
let profiles = '';

beforeAll(async () => {
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  for (const name of ['prod', 'dev'])
    await patkit(['config', 'set', 'baseUrl', `https://${name}.example`, '--profile', name]);
  profiles = (await patkit(['config', 'list'])).stdout;
  delete process.env.XDG_CONFIG_HOME;
  script = join(dir, 'patkit.bash');
  writeFileSync(script, (await patkit(['completion', 'bash'])).stdout);
  writeFileSync(join(dir, 'patkit.zsh'), (await patkit(['completion', 'zsh'])).stdout);
  writeFileSync(join(dir, 'patkit.fish'), (await patkit(['completion', 'fish'])).stdout);
  mkdirSync(join(dir, 'files'));
  writeFileSync(join(dir, 'files', 'export.json'), '[]');
});

/** What bash offers after typing `line` (the last word is the one being completed). */
function offered(line: string): string[] {
  const words = line.split(' ').map((w) => `'${w}'`);
  const out = execFileSync(
    'bash',
    [
      '-c',
      // `patkit config list` answers with the profiles made above.
      `patkit() { printf '%s' "$PROFILES"; }; source "$1"; cd "$2"; COMP_WORDS=(${words.join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _patkit; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      script,
      join(dir, 'files'),
    ],
    { encoding: 'utf8', env: { ...process.env, PROFILES: profiles } },
  );
  return out.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes commands and subcommands', () => {
    expect(offered('patkit con')).toEqual(['convert', 'config']);
    expect(offered('patkit config ')).toEqual(expect.arrayContaining(['list', 'set', 'use', 'remove']));
  });

  it('completes after an option and its value', () => {
    expect(offered('patkit list --owner all --n')).toEqual(['--no-token-cache', '--no-color', '--never-used']);
    expect(offered('patkit --debug list --api-version v3 --ma')).toEqual(['--managed']);
  });

  it("offers an option's values: formats, versions, shells, profiles, files", () => {
    expect(offered('patkit list -o ')).toEqual(['table', 'json', 'ndjson', 'csv', 'yaml']);
    expect(offered('patkit whoami --output ')).toEqual(['table', 'json', 'yaml']);
    expect(offered('patkit audit --format m')).toEqual(['markdown']);
    expect(offered('patkit list --api-version v20')).toEqual(['v2026', 'v2025', 'v2024']);
    expect(offered('patkit completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(offered('patkit config use ')).toEqual(['prod', 'dev']);
    expect(offered('patkit list --profile p')).toEqual(['prod']);
    expect(offered('patkit audit --from ex')).toEqual(['export.json']);
    expect(offered('patkit validate ex')).toEqual(['export.json']);
    // Nine runs of the CLI: 2 s alone, 42 s seen on a busy machine.
  }, 120_000);

  it('never offers files where a value list exists or a value cannot be guessed', () => {
    expect(offered('patkit list -o ex')).toEqual([]);
    expect(offered('patkit rename ex')).toEqual([]);
    expect(offered('patkit list --owner ex')).toEqual([]);
  });
});

/** What fish offers for `line`, through its own `complete -C`. */
function fishOffers(line: string): string[] {
  const out = execFileSync(
    'fish',
    [
      '-c',
      `function patkit; printf '%s' "$PROFILES"; end; source $argv[1]; cd $argv[2]; complete -C "$argv[3]"`,
      join(dir, 'patkit.fish'),
      join(dir, 'files'),
      line,
    ],
    { encoding: 'utf8', env: { ...process.env, PROFILES: profiles } },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.split('\t')[0] as string)
    .sort();
}

/** What zsh offers for `line`: the script's candidates (through bashcompinit), matched by prefix as zsh matches them. */
function zshOffers(line: string): string[] {
  const words = line.split(' ');
  const out = execFileSync(
    'zsh',
    [
      '-c',
      `patkit() { printf '%s' "$PROFILES"; }; autoload -U +X compinit && compinit -u; source "$1"; cd "$2"; setopt KSH_ARRAYS; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _patkit; print -l -- "\${COMPREPLY[@]}"`,
      'zsh',
      join(dir, 'patkit.zsh'),
      join(dir, 'files'),
    ],
    { encoding: 'utf8', env: { ...process.env, PROFILES: profiles, HOME: dir } },
  );
  const cur = words.at(-1) ?? '';
  return out
    .split('\n')
    .filter((w) => w !== '' && w.startsWith(cur))
    .sort();
}

describe.each([
  ['fish', fishOffers],
  ['zsh', zshOffers],
] as const)('%s completion', (_, offers) => {
  it('completes commands, options after a value, option values and arguments', () => {
    expect(offers('patkit con')).toEqual(['config', 'convert']);
    expect(offers('patkit list --owner all --n')).toEqual(['--never-used', '--no-color', '--no-token-cache']);
    expect(offers('patkit list -o ')).toEqual(['csv', 'json', 'ndjson', 'table', 'yaml']);
    expect(offers('patkit completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(offers('patkit config use ')).toEqual(['dev', 'prod']);
    expect(offers('patkit validate ex')).toEqual(['export.json']);
    expect(offers('patkit rename ex')).toEqual([]);
  });
});
