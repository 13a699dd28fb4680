import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPat } from '@patkit/reference/seed-pat';
import { describe, expect, it } from 'vitest';
import { patkit } from './cli.test-utils.js';

const dir = mkdtempSync(join(tmpdir(), 'patkit-cli-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const seedArgs = [
  'init',
  '--id',
  seedPat.id,
  '--name',
  seedPat.name,
  ...seedPat.scope.flatMap((scope) => ['--scope', scope]),
  '--owner-id',
  seedPat.owner.id,
  '--owner-name',
  seedPat.owner.name,
  '--created',
  seedPat.created,
  '--last-used',
  seedPat.lastUsed,
];

describe('patkit init', () => {
  it("prints the seed's PAT as canonical JSON with the SDK defaults", async () => {
    const { code, stdout } = await patkit(seedArgs);
    expect(code).toBe(0);
    // No expiry given: no expirationDate, and no never-expires acknowledgement.
    const { expirationDate: _none, ...rest } = seedPat;
    expect(JSON.parse(stdout)).toStrictEqual({ ...rest, userAwareTokenNeverExpires: false });
  });

  it('names missing and invalid values, exit 2', async () => {
    const missing = await patkit(['init', '--name', 'x']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^patkit: missing --id, --owner-id, --created\nhint: e\.g\. patkit init/);
    const invalid = await patkit([...seedArgs, '--validity', '5s']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('/accessTokenValiditySeconds: 5 is out of range; use an integer from 15 to 43200');
    // One duration grammar: init takes 1h as create does, and names the grammar for what is not one.
    expect(JSON.parse((await patkit([...seedArgs, '--validity', '1h'])).stdout).accessTokenValiditySeconds).toBe(3600);
    const words = await patkit([...seedArgs, '--validity', 'an hour']);
    expect(words.code).toBe(2);
    expect(words.stderr).toContain('--validity takes a number and a unit (s, m, h, d or w), e.g. 90d');
  });
});

describe('patkit validate', () => {
  it('accepts valid files and says what they are', async () => {
    const good = file('good.json', (await patkit(seedArgs)).stdout);
    const { code, stdout } = await patkit(['validate', good]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${good}: valid GetPersonalAccessTokenResponse (strict)\n`);
  });

  it('reports each error with file, line:col and JSON pointer, exit 1', async () => {
    const bad = file(
      'bad.json',
      '{\n  "id": "a",\n  "name": 7,\n  "scope": null,\n  "owner": {},\n  "created": "2017-02-30T00:00:00Z"\n}\n',
    );
    const { code, stderr } = await patkit(['validate', bad]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${bad}:3:11 /name: invalid_type: expected a string, got the number 7\n` +
        `${bad}:6:14 /created: invalid_datetime: "2017-02-30T00:00:00Z" is not a valid date-time: day 30 does not exist in 2017-02 (expected e.g. 2017-07-11T18:45:37.098Z)\n`,
    );
  });

  it('is strict by default and tolerant on request', async () => {
    const messy = file(
      'messy.json',
      '{"id":"a","name":"b","scope":null,"owner":{},"created":"2017-07-11T18:45:37","extra":1}',
    );
    expect((await patkit(['validate', messy])).code).toBe(1);
    const tolerant = await patkit(['validate', '--tolerant', messy]);
    expect(tolerant.code).toBe(0);
    expect(tolerant.stderr).toContain('warning: "2017-07-11T18:45:37" has no zone; read as UTC');
  });

  it('reads NDJSON, lists and standard input, and takes --model', async () => {
    const one = (await patkit(seedArgs)).stdout.replace(/\n\s*/g, '');
    const ndjson = file('pats.ndjson', `${one}\n${one.replace('NodeJS Integration', 'Other')}\n`);
    expect((await patkit(['validate', ndjson])).stdout).toContain('valid GetPersonalAccessTokenResponse list');
    expect((await patkit(['validate', '-'], `[${one}]`)).code).toBe(0);
    const request = file('request.json', '{"name":"ci"}');
    expect((await patkit(['validate', '--model', 'CreatePersonalAccessTokenRequest', request])).code).toBe(0);
    expect((await patkit(['validate', '--model', 'Nope', request])).code).toBe(2);
  });

  it('answers 3 for a missing file', async () => {
    const missing = await patkit(['validate', join(dir, 'nope.json')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
  });
});

describe('patkit convert', () => {
  it('writes every format', async () => {
    const pat = (await patkit(seedArgs)).stdout;
    const input = file('pat.json', pat);
    expect((await patkit(['convert', input, '--to', 'canonical'])).stdout).toBe(`${JSON.stringify(JSON.parse(pat))}\n`);
    expect((await patkit(['convert', input, '--to', 'ndjson'])).stdout).toBe(`${JSON.stringify(JSON.parse(pat))}\n`);
    expect((await patkit(['convert', input, '--to', 'csv', '--fields', 'id,name,owner.name,scope'])).stdout).toBe(
      'id,name,owner.name,scope\r\n86f1dc6fe8f54414950454cbb11278fa,NodeJS Integration,Support,demo:personal-access-token-scope:first demo:personal-access-token-scope:second\r\n',
    );
    const powershell = JSON.parse((await patkit(['convert', input, '--to', 'powershell'])).stdout);
    expect(powershell.expirationDate).toBeNull();
    expect((await patkit(['convert', input, '--to', 'xml'])).code).toBe(2);
  });

  it('refuses invalid input with the problems and a hint', async () => {
    const { code, stderr } = await patkit(['convert', file('broken.json', '{"id": ')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/invalid JSON/);
    expect(stderr).toMatch(/hint: patkit validate shows every problem/);
  });
});

describe('patkit schema and help', () => {
  it('prints schemas', async () => {
    const owner = JSON.parse((await patkit(['schema', 'PatOwner', '--format', 'openapi'])).stdout);
    expect(owner.properties.type).toEqual({ type: 'string', enum: ['IDENTITY'] });
    expect((await patkit(['schema', 'Nope'])).code).toBe(2);
  });

  it('documents exit codes and examples, and refuses unknown commands with 2', async () => {
    const help = await patkit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('130  interrupted');
    expect((await patkit(['validate', '--help'])).stdout).toContain('Examples:');
    expect((await patkit(['bogus'])).code).toBe(2);
  });

  it('lists and prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect((await patkit(['--help'])).stdout).toContain('-V, --version');
    expect(await patkit(['--version', '--debug'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe('patkit completion', () => {
  it('prints scripts for bash, zsh and fish built from the commands', async () => {
    const bash = (await patkit(['completion', 'bash'])).stdout;
    expect(bash).toContain('complete -F _patkit patkit');
    expect(bash).toContain('"config") words="list get set use remove"');
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync('bash', ['-n'], { input: bash })).not.toThrow();
    expect((await patkit(['completion', 'zsh'])).stdout).toMatch(/^#compdef patkit\n/);
    expect((await patkit(['completion', 'fish'])).stdout).toContain(
      "complete -c patkit -n '__fish_use_subcommand' -a validate",
    );
    expect((await patkit(['completion', 'tcsh'])).code).toBe(2);
  });
});

describe('help', () => {
  it('shows an example on every command', async () => {
    const commands = [
      ['validate'],
      ['convert'],
      ['schema'],
      ['init'],
      ['whoami'],
      ['list'],
      ['create'],
      ['rename'],
      ['scope'],
      ['expire'],
      ['delete'],
      ['audit'],
      ['prune'],
      ['rotate'],
      ['export'],
      ['completion'],
      ['config', 'list'],
      ['config', 'get'],
      ['config', 'set'],
      ['config', 'use'],
      ['config', 'remove'],
    ];
    for (const command of commands) {
      const { code, stdout } = await patkit([...command, '--help']);
      expect(code, command.join(' ')).toBe(0);
      expect(stdout, command.join(' ')).toMatch(/Examples?:\n {2}patkit /);
    }
  });
});
