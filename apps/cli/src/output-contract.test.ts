import { readFileSync } from 'node:fs';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import type { Command, Option } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetServer, patkit, useServer } from './cli.test-utils.js';
import { exitCodes } from './exit-codes.js';
import { type ResultKind, resultKinds } from './formats.js';
import { resolveFormat } from './output.js';
import { program } from './program.js';

let server: MockServer;
const user = { clientId: 'b'.repeat(32), clientSecret: 'user-secret' };
const other = 'c'.repeat(32);

beforeAll(async () => {
  server = await startMockServer({
    seed: {
      identities: [{ id: 'user-id', name: 'Sam User', level: 'user' }],
      pats: [
        { id: user.clientId, secret: user.clientSecret, name: 'main', ownerId: 'user-id' },
        { id: other, secret: 's', name: 'other', ownerId: 'user-id', lastUsed: null },
      ],
    },
  });
  useServer(server.url, user);
});

beforeEach(() => {
  process.env.CI = 'true';
});

afterAll(async () => {
  forgetServer();
  await server.close();
});

/** The -o choices of every command that has -o. */
function offeredFormats(): Record<string, string[] | undefined> {
  return Object.fromEntries(
    (program({ code: 0 }).commands as Command[]).flatMap((command) => {
      const option = command.options.find((o: Option) => o.long === '--output');
      return option === undefined ? [] : [[command.name(), option.argChoices]];
    }),
  );
}

const json = async (args: string[]) => {
  const { code, stdout, stderr } = await patkit(args);
  expect({
    code,
    stderr: stderr.replace(/patkit: this is the only time.*\n/g, '').replace(/patkit: the old PAT.*\n/g, ''),
  }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout) as unknown;
};

describe('one output contract', () => {
  it('piped, every command prints JSON: a list for lists, one object for one result', async () => {
    expect(Array.isArray(await json(['list']))).toBe(true);
    expect(Array.isArray(await json(['export', '--owner', 'me']))).toBe(true);
    const created = (await json(['create', '--name', 'contract', '--expires', '30d', '--scope', 'sp:scopes:all'])) as {
      id: string;
      secret: string;
    };
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await json(['rename', created.id, 'contract 2'])).toMatchObject({ id: created.id, name: 'contract 2' });
    expect(await json(['expire', created.id, '60d'])).toMatchObject({ id: created.id });
    expect(await json(['scope', created.id, '--set', 'sp:scopes:all'])).toMatchObject({ scope: ['sp:scopes:all'] });
    // rotate printed text when piped: it prints the same object create does.
    const rotated = (await json(['rotate', created.id])) as { id: string; secret: string; name: string };
    expect(rotated).toMatchObject({ name: 'contract 2', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await json(['whoami'])).toMatchObject({ clientId: user.clientId, pat: { name: 'main' } });
    expect(await json(['audit', '--json'])).toMatchObject({ summary: { audited: 3 } });
    await patkit(['delete', rotated.id, '--yes']);
  });

  it('--fields picks fields in every format of every command', async () => {
    expect(await json(['list', '--fields', 'id,name'])).toEqual([
      { id: user.clientId, name: 'main' },
      { id: other, name: 'other' },
    ]);
    const created = (await json([
      'create',
      '--name',
      'fields',
      '--scope',
      'sp:scopes:all',
      '--fields',
      'id,secret',
    ])) as Record<string, string>;
    expect(Object.keys(created)).toEqual(['id', 'secret']);
    expect(await json(['rename', created.id as string, 'fields 2', '--fields', 'name,owner.name'])).toEqual({
      name: 'fields 2',
      'owner.name': 'Sam User',
    });
    expect(await json(['whoami', '--fields', 'clientId,token.user'])).toEqual({
      clientId: user.clientId,
      'token.user': 'sam.user',
    });
    expect((await patkit(['whoami', '-o', 'table', '--fields', 'clientId,token.user'])).stdout).toBe(
      `clientId    ${user.clientId}\ntoken.user  sam.user\n`,
    );
    expect((await patkit(['list', '-o', 'csv', '--fields', 'name,owner.name'])).stdout).toBe(
      'name,owner.name\r\nmain,Sam User\r\nother,Sam User\r\nfields 2,Sam User\r\n',
    );
    expect((await patkit(['list', '-o', 'table', '--fields', 'name,created'])).stdout).toMatch(
      /^name +created\nmain +\d{4}-\d\d-\d\dT/,
    );
    const audit = (await json(['audit', '--json', '--fields', 'finding,name'])) as { findings: object[] };
    expect(audit.findings).toContainEqual({ finding: 'never_expires', name: 'other' });
    expect((await patkit(['audit', '-o', 'ndjson', '--fields', 'finding'])).stdout).toMatch(
      /^\{"finding":"[a-z_]+"\}\n/,
    );
    expect((await patkit(['audit', '-o', 'report', '--fields', 'finding,name'])).stdout).toMatch(
      /\n\nfinding +name\nbroad_scope +fields 2\n/,
    );
    await patkit(['delete', created.id as string, '--yes']);
  });

  it('--json takes a field list, as gh does', async () => {
    expect(await json(['list', '--json', 'id,name'])).toEqual([
      { id: user.clientId, name: 'main' },
      { id: other, name: 'other' },
    ]);
    expect(await json(['whoami', '--json', 'clientId'])).toEqual({ clientId: user.clientId });
    const twice = await patkit(['list', '--json', 'id', '--fields', 'name']);
    expect(twice.code).toBe(2);
    // Before the arguments, the list would be taken for one: the argument is then missing, never misread.
    expect((await patkit(['rename', '--json', other, 'x'])).code).toBe(2);
  });

  it('refuses fields that name nothing, before any request, naming the fields there are', async () => {
    server.journal.clear();
    const typo = await patkit(['list', '--json', 'idd,name']);
    expect(typo).toMatchObject({ code: exitCodes.usage, stdout: '' });
    expect(typo.stderr).toMatch(
      /^patkit: --json: "idd" is not a field of what this command prints\nhint: use id, name, /,
    );
    for (const args of [
      ['create', '--name', 'never made', '--scope', 'sp:scopes:all', '--fields', 'id,secrett'],
      ['rename', other, 'never renamed', '--fields', 'nom'],
      ['rotate', '--self', '--fields', 'id,scret'],
      ['audit', '--fields', 'severity,sev'],
      ['whoami', '--fields', 'token.usr'],
      ['export', '--fields', '__proto__'],
    ]) {
      const refused = await patkit(args);
      expect({ args, code: refused.code, stdout: refused.stdout }).toEqual({ args, code: exitCodes.usage, stdout: '' });
      expect(refused.stderr).toMatch(/is not a field of what this command prints\nhint: use /);
    }
    expect(server.journal.list()).toEqual([]);
  });

  it("whoami's fields are the ones it offers", async () => {
    const { fieldsOfKind } = await import('./result-fields.js');
    const facts = (await json(['whoami'])) as Record<string, unknown>;
    const { flatten } = await import('./flatten.js');
    expect([...new Set([...Object.keys(facts), ...Object.keys(flatten(facts))])].sort()).toEqual(
      [...fieldsOfKind('facts')].sort(),
    );
  });

  it('a command refuses a format it cannot print, with exit 2 naming the ones it can', async () => {
    const whoami = await patkit(['whoami', '-o', 'csv']);
    expect(whoami.code).toBe(2);
    expect(whoami.stderr).toContain('table, json, yaml');
    expect(whoami.stdout).toBe('');
    const audit = await patkit(['audit', '-o', 'yaml']);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toContain('report, markdown, html, json, ndjson, csv');
    expect(() => resolveFormat({ output: 'csv' }, 'facts')).toThrow(/prints table, json, yaml; it cannot print csv/);
  });

  it('every command that prints a result offers exactly the formats of its kind', () => {
    const kinds: Record<string, ResultKind> = {
      whoami: 'facts',
      audit: 'findings',
      rotate: 'secret',
      create: 'secret',
      export: 'pats',
      list: 'pats',
      rename: 'pats',
      scope: 'pats',
      expire: 'pats',
    };
    expect(offeredFormats()).toEqual(
      Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, [...resultKinds[kind].formats]])),
    );
  });
});

describe('the README', () => {
  it("lists each command's formats as the program offers them", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^ {2}\| (`[^|]+`) +\|[^|]+\| ([^|]+?) +\|[^|]+\|[^|]+\|$/gm)];
    const listed = Object.fromEntries(
      rows.flatMap(([, commands = '', formats = '']) =>
        [...commands.matchAll(/`(\w+)`/g)].map(([, command]) => [
          command,
          formats.replace(/ \([^)]*\)/g, '').split(', '),
        ]),
      ),
    );
    expect(listed).toEqual(offeredFormats());
  });
});

describe("the README's JSON shapes and exit codes", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const shapes: Record<string, { shape: string; codes: number[] }> = Object.fromEntries(
    [...readme.matchAll(/^ {2}\| (`[^|]+`) +\|[^|]+\|[^|]+\| `([^`]+)`[^|]*\| ([\d, ]+?) +\|$/gm)].flatMap(
      ([, commands = '', shape = '', codes = '']) =>
        [...commands.matchAll(/`(\w+)`/g)].map(([, command]) => [
          command,
          { shape, codes: codes.split(', ').map(Number) },
        ]),
    ),
  );

  it('name real exit codes for every command that prints a result', () => {
    expect(Object.keys(shapes).sort()).toEqual(Object.keys(offeredFormats()).sort());
    const known = new Set<number>(Object.values(exitCodes));
    for (const { codes } of Object.values(shapes)) for (const code of codes) expect(known.has(code)).toBe(true);
  });

  it('are what each command prints', async () => {
    const isPat = (value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      ['id', 'name', 'scope', 'owner', 'created'].every((k) => k in value);
    const check = (command: string, value: unknown) => {
      const shape = shapes[command]?.shape ?? '';
      if (shape === '[PAT]') expect(Array.isArray(value) && value.every(isPat)).toBe(true);
      else if (shape === 'PAT') expect(isPat(value) && !('secret' in (value as object))).toBe(true);
      else if (shape === 'PAT + secret') expect(isPat(value) && 'secret' in (value as object)).toBe(true);
      else expect(Object.keys(value as object)).toEqual([...shape.matchAll(/\w+/g)].map(([key]) => key));
    };
    check('list', await json(['list']));
    check('export', await json(['export', '--owner', 'me']));
    const created = (await json(['create', '--name', 'shapes', '--expires', '30d', '--scope', 'sp:scopes:all'])) as {
      id: string;
    };
    check('create', created);
    check('rename', await json(['rename', created.id, 'shapes 2']));
    check('scope', await json(['scope', created.id, '--set', 'sp:scopes:all']));
    check('expire', await json(['expire', created.id, '60d']));
    const rotated = (await json(['rotate', created.id])) as { id: string };
    check('rotate', rotated);
    check('whoami', await json(['whoami']));
    check('audit', await json(['audit', '--json']));
    await patkit(['delete', rotated.id, '--yes']);
  });
});

describe('resolveFormat', () => {
  it('follows the flag, else the terminal', () => {
    expect(resolveFormat({}, 'pats', { isTTY: true })).toBe('table');
    expect(resolveFormat({}, 'pats', { isTTY: false })).toBe('json');
    expect(resolveFormat({}, 'findings', { isTTY: false })).toBe('report');
    expect(resolveFormat({ json: true, output: 'csv' }, 'pats')).toBe('json');
    expect(resolveFormat({ format: 'yaml' }, 'secret')).toBe('yaml');
  });
});
