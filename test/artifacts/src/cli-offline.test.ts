// The installed `patkit` (npm install --global of its tarball alone), on
// every Node.js line: version, help, and the commands that need no server.
import { lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { artifacts, emptyHome, lines, pinnedNode, seedExample, sh, userEnv } from './artifacts.test-utils.js';

const installed = join(artifacts.global, 'lib', 'node_modules', 'patkit');
const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };

/** The command names the top-level help lists, and the subcommands of `config`. */
/** The commands a help lists, in every section of commands (the top-level help groups them). */
function commandsOf(help: string): string[] {
  const sections = help
    .split(/^(?=[A-Z][\w ]*:$)/m)
    .filter((section) => !/^(Options|\w+ options|Exit codes|Usage):/.test(section));
  return sections
    .flatMap((section) => [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1] as string))
    .filter((name) => name !== 'help');
}

describe.each(lines)('patkit on %s', (_, node) => {
  const home = emptyHome();
  const env = userEnv(node, home);
  const patkit = (args: readonly string[], input?: string) =>
    sh('patkit', args, env, input === undefined ? {} : { input });

  it('runs under this Node.js and prints its version', () => {
    expect(sh('node', ['--version'], env).stdout.trim()).toBe(`v${node.version}`);
    expect(patkit(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(patkit(['-V']).stdout).toBe(`${version}\n`);
    // Into a pipe closed at once: no error.
    expect(sh('sh', ['-c', 'patkit --version | true'], env)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints help for the program and for every command', () => {
    const help = patkit(['--help']);
    expect(help.code).toBe(0);
    const commands = commandsOf(help.stdout);
    expect(commands).toEqual(expect.arrayContaining(['validate', 'config', 'list', 'audit', 'rotate', 'completion']));
    const config = commandsOf(patkit(['config', '--help']).stdout);
    expect(config).toEqual(['list', 'get', 'set', 'use', 'remove']);
    for (const command of [
      ...commands.filter((c) => c !== 'config').map((c) => [c]),
      ...config.map((c) => ['config', c]),
    ]) {
      const result = patkit([...command, '--help']);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout, command.join(' ')).toMatch(new RegExp(`^Usage: patkit ${command.join(' ')} `));
      expect(result.stdout, command.join(' ')).toMatch(/Examples?:\n {2}patkit /);
    }
  });

  it("builds the seed example (the README's init), validates it, converts it to every format and prints schemas", () => {
    const { text, pat } = seedExample(home, env);
    // The flags of the README's command, and the SDK's defaults for the rest.
    expect(pat).toMatchObject({
      id: '86f1dc6fe8f54414950454cbb11278fa',
      name: 'NodeJS Integration',
      lastUsed: '2017-07-11T18:45:37.098Z',
      managed: false,
      accessTokenValiditySeconds: 43200,
    });
    const file = join(home, 'pat.json');
    expect(patkit(['validate', file])).toMatchObject({ code: 0 });
    writeFileSync(join(home, 'bad.json'), text.replace('2017-07-11T18:45:37.098Z', '2017-02-30T00:00:00Z'));
    const bad = patkit(['validate', join(home, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('/created');

    expect(JSON.parse(patkit(['convert', file, '--to', 'json']).stdout)).toEqual(pat);
    expect(JSON.parse(patkit(['convert', file, '--to', 'ndjson']).stdout.trim())).toEqual(pat);
    expect(patkit(['convert', file, '--to', 'csv', '--fields', 'id,name']).stdout).toBe(
      'id,name\r\n86f1dc6fe8f54414950454cbb11278fa,NodeJS Integration\r\n',
    );
    expect(JSON.parse(patkit(['convert', file, '--to', 'canonical']).stdout)).toEqual(pat);
    const powershell = JSON.parse(patkit(['convert', file, '--to', 'powershell']).stdout);
    expect(powershell).toMatchObject({ id: pat.id, expirationDate: null });
    expect(patkit(['convert', '--help']).stdout.replace(/\s+/g, ' ')).toContain(
      '(choices: "json", "ndjson", "csv", "canonical", "powershell"',
    );

    const schema = JSON.parse(patkit(['schema', 'GetPersonalAccessTokenResponse']).stdout);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'name', 'scope', 'owner', 'created']));
    const openapi = JSON.parse(
      patkit(['schema', 'GetPersonalAccessTokenResponse', '--format', 'openapi', '--api-version', 'v3']).stdout,
    );
    expect(openapi.properties).toHaveProperty('lastUsed');
    expect(openapi.properties).not.toHaveProperty('userAwareTokenNeverExpires');
  });

  it('reads and writes YAML: profiles and audit policies (the bundled yaml package)', () => {
    expect(patkit(['config', 'set', 'baseUrl', 'https://acme.api.identitynow.com', '--profile', 'acme'])).toMatchObject(
      {
        code: 0,
      },
    );
    const file = join(home, '.config', 'patkit', 'config.yaml');
    expect(parseYaml(readFileSync(file, 'utf8'))).toEqual({
      current: 'acme',
      profiles: { acme: { baseUrl: 'https://acme.api.identitynow.com' } },
    });
    expect(patkit(['config', 'get', 'baseUrl', '--profile', 'acme']).stdout).toBe('https://acme.api.identitynow.com\n');
    expect(patkit(['config', 'remove', 'acme'])).toMatchObject({ code: 0 });
    // A profiles file that is a link into a dotfiles folder: written there, and still a link.
    const dotfiles = join(home, 'dotfiles', 'patkit.yaml');
    mkdirSync(join(home, 'dotfiles'));
    renameSync(file, dotfiles);
    symlinkSync(dotfiles, file);
    expect(patkit(['config', 'set', 'baseUrl', 'https://acme.api.identitynow.com', '--profile', 'linked']).code).toBe(
      0,
    );
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(parseYaml(readFileSync(dotfiles, 'utf8')).profiles).toEqual({
      linked: { baseUrl: 'https://acme.api.identitynow.com' },
    });

    writeFileSync(join(home, 'list.json'), `[${seedExample(home, env).text}]`);
    const policy = join(home, 'policy.yaml');
    writeFileSync(policy, 'stale: 30d\nseverities:\n  stale: high\n');
    const audit = patkit(['audit', '--from', join(home, 'list.json'), '--policy', policy, '-o', 'json']);
    expect(audit.stderr).toBe('');
    const findings = JSON.parse(audit.stdout);
    expect(JSON.stringify(findings)).toMatch(/"stale".*"high"|"high".*"stale"/);
  });

  it('prints completion scripts; the bash one completes commands when sourced', () => {
    const bash = patkit(['completion', 'bash']);
    expect(bash.code).toBe(0);
    const script = join(home, 'patkit.bash');
    writeFileSync(script, bash.stdout);
    const complete = (words: string) =>
      sh(
        'bash',
        [
          '-c',
          `source "$1"; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _patkit; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          script,
        ],
        env,
      ).stdout;
    expect(complete("patkit con ''").length).toBeGreaterThan(0);
    expect(complete('patkit con').split('\n')).toEqual(expect.arrayContaining(['config', 'convert']));
    expect(complete("patkit config ''").split('\n')).toEqual(expect.arrayContaining(['list', 'set', 'remove']));
    expect(patkit(['completion', 'zsh']).stdout).toMatch(/^#compdef patkit\n/);
    expect(patkit(['completion', 'fish']).stdout).toContain(
      "complete -c patkit -n '__fish_use_subcommand' -a validate",
    );
  });
});

describe('patkit on a Node.js older than its engines', () => {
  // What an older line reports, stood in for on the pinned one: its process.version(s).
  const as = (version: string) =>
    userEnv(pinnedNode, emptyHome(), {
      NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(
        `Object.defineProperty(process,'versions',{value:{...process.versions,node:'${version}'}});` +
          `Object.defineProperty(process,'version',{value:'v${version}'});`,
      )}`,
    });

  it('refuses in one line naming the oldest it runs on, engines.node of its package', () => {
    const { engines } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const oldest = engines.node.replace(/^>=\s*/, '');
    for (const version of ['20.20.2', '22.12.0']) {
      expect(sh('patkit', ['list', '--help'], as(version))).toEqual({
        code: 1,
        stdout: '',
        stderr: `patkit: Node.js ${oldest} or later is needed, and this is Node.js v${version}; install a current one from https://nodejs.org\n`,
      });
    }
    expect(sh('patkit', ['list', '--help'], as(oldest)).code).toBe(0);
    expect(sh('patkit', ['list', '--help'], as('26.0.0')).code).toBe(0);
  });
});
