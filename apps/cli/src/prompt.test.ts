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
      ],
    },
  });
});
afterAll(() => server.close());

// Asynchronous: the mock server runs in this process and must keep answering.
function inTerminal(args: string[], input: string): Promise<string> {
  const quoted = [process.execPath, '--import', tsx, '--conditions=@patkit/source', main, ...args]
    .map((a) => `'${a}'`)
    .join(' ');
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
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe('delete on a terminal', () => {
  it('asks, and deletes only on yes', async () => {
    const no = await inTerminal(['delete', 'b'.repeat(32)], 'n\n');
    expect(no).toContain(`Delete 1 PAT(s): ${'b'.repeat(32)}? [y/N]`);
    expect(no).toContain('nothing deleted');
    expect(server.store.pat('b'.repeat(32))).toBeDefined();
    const yes = await inTerminal(['delete', 'c'.repeat(32)], 'y\n');
    expect(yes).toContain(`deleted ${'c'.repeat(32)}`);
    expect(server.store.pat('c'.repeat(32))).toBeUndefined();
  }, 90_000);

  it('shows a table with relative times on a terminal', async () => {
    const table = await inTerminal(['list'], '');
    expect(table).toMatch(/id\s+name\s+owner\s+lastUsed/);
    expect(table).toContain('never');
  }, 60_000);
});
