// The delete prompt, through a real pseudo-terminal (util-linux `script`):
// it asks only when stdin and stdout are terminals and CI is not true.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    seed: {
      identities: [{ id: 'u', name: 'Sam', level: 'user' }],
      pats: [
        { id: 'a'.repeat(32), secret: 'secret-a', name: 'me', ownerId: 'u' },
        { id: 'b'.repeat(32), secret: 'x', name: 'keep', ownerId: 'u' },
        { id: 'c'.repeat(32), secret: 'x', name: 'go', ownerId: 'u' },
        {
          id: 'd'.repeat(32),
          secret: 'x',
          name: 'a rather long name, as integrations get them, for a personal access token',
          ownerId: 'u',
          scope: ['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage'],
        },
      ],
    },
  });
});
afterAll(() => server.close());

// Asynchronous: the mock server runs in this process and must keep answering.
/** Runs patkit in a pseudo-terminal; `input` is typed once `waitFor` has been printed (at once without it). */
function inTerminal(
  args: string[],
  input: string,
  waitFor?: string,
  columns = 200,
): Promise<{ out: string; code: number | null }> {
  const quoted = `stty cols ${columns}; ${[
    process.execPath,
    '--import',
    tsx,
    '--conditions=@patkit/source',
    main,
    ...args,
  ]
    .map((a) => `'${a}'`)
    .join(' ')}`;
  const env = {
    ...process.env,
    SAIL_BASE_URL: server.url,
    SAIL_CLIENT_ID: 'a'.repeat(32),
    SAIL_CLIENT_SECRET: 'secret-a',
    XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'patkit-xdg-')),
    CI: '',
    NO_COLOR: '1',
  };
  const child = spawn('script', ['-qec', quoted, '/dev/null'], { env });
  let out = '';
  let typed = false;
  const type = () => {
    typed = true;
    child.stdin.end(input);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!typed && waitFor !== undefined && out.includes(waitFor)) type();
  });
  if (waitFor === undefined) type();
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, code })));
}

describe('delete on a terminal', () => {
  it('asks, and deletes only on yes', async () => {
    const no = await inTerminal(['delete', 'b'.repeat(32)], 'n\n');
    // The prompt names the PAT: name, owner, last used.
    expect(no.out).toContain('Delete 1 PAT(s)?');
    expect(no.out).toMatch(new RegExp(`${'b'.repeat(32)}  keep  \\(owner Sam, last used never\\)`));
    expect(no.out).toContain('Delete [y/N]');
    expect(no.out).toContain('nothing deleted');
    // Declined at the prompt: its own exit code.
    expect(no.code).toBe(6);
    expect(server.store.pat('b'.repeat(32))).toBeDefined();
    const yes = await inTerminal(['delete', 'c'.repeat(32)], 'y\n');
    expect(yes.code).toBe(0);
    expect(yes.out).toContain(`deleted ${'c'.repeat(32)}`);
    expect(server.store.pat('c'.repeat(32))).toBeUndefined();
  }, 90_000);

  it('shows a table with relative times on a terminal', async () => {
    const table = (await inTerminal(['list'], '')).out;
    expect(table).toMatch(/id\s+name\s+owner\s+lastUsed/);
    expect(table).toContain('never');
  }, 60_000);

  it('exits 130 on Ctrl-C at the prompt, deleting nothing, with no --debug hint', async () => {
    const stopped = await inTerminal(['delete', 'b'.repeat(32)], '\u0003', '[y/N]');
    expect(stopped.code).toBe(130);
    expect(stopped.out).toContain('interrupted: nothing deleted');
    expect(stopped.out).not.toContain('--debug');
    expect(server.store.pat('b'.repeat(32))).toBeDefined();
  }, 60_000);

  it('asks again, saying so, before deleting the PAT patkit runs as', async () => {
    const asked = await inTerminal(['delete', 'a'.repeat(32)], 'n\n', '[y/N]');
    expect(asked.out).toContain('← the PAT patkit is running as');
    expect(asked.out).toContain('One of them is the PAT patkit is running as.');
    expect(asked.code).toBe(6);
    expect(server.store.pat('a'.repeat(32))).toBeDefined();
  }, 60_000);

  it('fits a table to an 80-column terminal: no row wraps, ids stay whole', async () => {
    const { out } = await inTerminal(['list'], '', undefined, 80);
    const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    const lines = out
      .replace(colour, '')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(out).toContain('d'.repeat(32));
    expect(out).toContain('…');
  }, 60_000);
});
