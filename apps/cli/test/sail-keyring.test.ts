// patkit and SailPoint's `sail` CLI share a PAT through the OS keyring, as
// current sail keeps it (zalando/go-keyring: Secret Service items with the
// attributes service and username). In a D-Bus session of its own with
// Debian's gnome-keyring, the test plants the entries with secret-tool
// exactly as go-keyring writes them, runs the command (whoami: the source
// is the keyring; rotate --self --sailpoint-config), and reads the new
// credentials back with secret-tool.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMockServer } from '@patkit/mock-server';
import { afterAll, beforeAll, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const ci = { clientId: 'c2'.repeat(16), clientSecret: 'sail-ci-secret' };
const tools = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon', '/usr/bin/secret-tool'];
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({
    seed: {
      identities: [{ id: 'robot', name: 'CI Robot', level: 'user' }],
      pats: [{ id: ci.clientId, secret: ci.clientSecret, name: 'sail ci', ownerId: 'robot', scope: null }],
    },
  });
});
afterAll(() => server.close());

it("reads sail's keyring entries, and rotate --sailpoint-config writes the new ones there", async () => {
  // npm test installs them (scripts/ensure-test-tools.mjs); without them this test cannot say anything.
  expect(tools.filter((tool) => !existsSync(tool))).toEqual([]);
  const dir = mkdtempSync(join(tmpdir(), 'patkit-keyring-'));
  mkdirSync(join(dir, 'home/.sailpoint'), { recursive: true });
  // Current sail: the environment's URL in the file, the PAT in the keyring.
  writeFileSync(
    join(dir, 'home/.sailpoint/config.yaml'),
    `activeenvironment: acme\nenvironments:\n  acme:\n    baseurl: ${server.url}\n    tenanturl: ${server.url}\n`,
  );
  const label = (service: string) => `Password for 'acme' on '${service}'`;
  const script = `
set -e
eval "$(printf keyring-password | gnome-keyring-daemon --unlock --components=secrets)"
printf %s "$PLANT_ID" | secret-tool store --label="${label('environments.pat.clientid')}" service environments.pat.clientid username acme
printf %s "$PLANT_SECRET" | secret-tool store --label="${label('environments.pat.clientsecret')}" service environments.pat.clientsecret username acme
patkit() { node --import "${tsx}" --conditions=@patkit/source "${join(cli, 'src/main.ts')}" "$@"; }
patkit whoami --json > whoami.json
patkit rotate --self --sailpoint-config 2> rotate.txt
secret-tool lookup service environments.pat.clientid username acme > id.txt
secret-tool lookup service environments.pat.clientsecret username acme > secret.txt
`;
  await promisify(execFile)('dbus-run-session', ['--', 'sh', '-c', script], {
    cwd: dir,
    env: {
      PATH: `${join(process.execPath, '..')}:${process.env.PATH}`,
      HOME: join(dir, 'home'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      PLANT_ID: ci.clientId,
      PLANT_SECRET: ci.clientSecret,
    },
  });
  const whoami = JSON.parse(readFileSync(join(dir, 'whoami.json'), 'utf8'));
  expect(whoami).toMatchObject({
    clientId: ci.clientId,
    sources: {
      clientId: 'OS keyring (sail environment acme): environments.pat.clientid',
      clientSecret: 'OS keyring (sail environment acme): environments.pat.clientsecret',
    },
  });
  const id = readFileSync(join(dir, 'id.txt'), 'utf8').trim();
  const secret = readFileSync(join(dir, 'secret.txt'), 'utf8').trim();
  expect(readFileSync(join(dir, 'rotate.txt'), 'utf8')).toContain(
    `rotated sail ci: ${ci.clientId} → ${id}, delivered to sail's credentials (environment acme)`,
  );
  expect(id).not.toBe(ci.clientId);
  expect(server.store.pat(id)?.name).toBe('sail ci');
  expect(server.store.pat(ci.clientId)).toBeUndefined();
  const token = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
  });
  expect(token.status).toBe(200);
}, 60_000);
