import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type LogLevel, logLevels } from './logger.js';
import { MockError } from './mock-error.js';
import { startMockServer } from './server.js';
import { demoCredentials, readSeedFile, type Seed } from './state/seed.js';
import { seedFromExport, writeSecrets } from './state/seed-from-export.js';

const usage = `Usage: patkit-mock [options]

A stateful mock of the SailPoint ISC personal access token API and /oauth/token.

Options:
  --port N          port to listen on; 0 picks a free one (default 7100)
  --host HOST       address to listen on (default 127.0.0.1); beyond loopback the
                    admin API needs a token: one is made and shown when not given
  --db FILE         keep the state in this SQLite file (default: in memory)
  --seed FILE|demo  load identities and PATs from a seed file, or the demo data
  --seed-from-export FILE
                    serve the PATs patkit export wrote (a copy of your tenant),
                    each with a fresh secret written to --secrets-file
  --identities FILE their owners, as patkit export --with-identities wrote them
  --secrets-file FILE
                    where the fresh secrets go, created 0600, never replaced
                    (default ./patkit-mock-secrets.json)
  --log-level L     silent, error, warn, info or debug (default info)
  --rate-limit      apply ISC's rate limit: 100 requests per 10 s per client id
                    and API version, then 429 with Retry-After (default off)
  --refuse-inactive-owners
                    refuse tokens (401) to PATs whose owner is DISABLED,
                    DEACTIVATED, TERMINATED or removed; ISC does not document
                    whether it does, so by default their PATs keep working
  --no-admin        do not serve the admin API under /__admin
  --admin-token T   require "Authorization: Bearer T" on the admin API (a flag
                    is seen in ps: prefer PATKIT_MOCK_ADMIN_TOKEN or the file)
  --admin-token-file FILE
                    the same, the token read from FILE (first line)
  --cors ORIGIN     the origin browsers may call from (default *), or off
  --request-timeout MS
                    time to receive a whole request before a 408 (default 30000)
  --headers-timeout MS
                    time to receive a request's headers before a 408
                    (default 10000, at most --request-timeout)
  --max-connections N
                    connections served at once; more are closed as they
                    arrive (default: as many as the system allows)
  -V, --version     print the version
  -h, --help        show this help

Admin API (see the README): /__admin/reset, /__admin/seed, /__admin/identities
(PATCH /__admin/identities/ID {"identityStatus":"TERMINATED"} makes a leaver), /__admin/pats, /__admin/clock ({"advance":"100d"} or {"now":"…"}),
/__admin/faults, /__admin/rate-limit, /__admin/journal.

Seed files are JSON: {"identities":[{"id","name","level":"user"|"admin", optional
"alias","email","identityStatus" (ACTIVE),"lifecycleState" (active),"removed"}],
"pats":[{"id","secret","name","ownerId", …optional PAT keys}]}.`;

function fail(message: string): never {
  process.stderr.write(`patkit-mock: ${message}\nRun patkit-mock --help for the options.\n`);
  process.exit(2);
}

/** The admin token: --admin-token, --admin-token-file (its first line), or PATKIT_MOCK_ADMIN_TOKEN; one of them. */
function adminTokenOf(values: Record<string, string | boolean | undefined>): string | undefined {
  const flag = values['admin-token'] as string | undefined;
  const file = values['admin-token-file'] as string | undefined;
  const env = process.env.PATKIT_MOCK_ADMIN_TOKEN || undefined;
  if ([flag, file, env].filter((given) => given !== undefined).length > 1)
    fail('give the admin token one way: --admin-token, --admin-token-file or PATKIT_MOCK_ADMIN_TOKEN');
  if (file === undefined) return flag ?? env;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`--admin-token-file ${file} cannot be read: ${(error as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (token === '') fail(`--admin-token-file ${file} is empty`);
  return token;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        'seed-from-export': { type: 'string' },
        identities: { type: 'string' },
        'secrets-file': { type: 'string' },
        'log-level': { type: 'string' },
        'rate-limit': { type: 'boolean' },
        'refuse-inactive-owners': { type: 'boolean' },
        'no-admin': { type: 'boolean' },
        'admin-token': { type: 'string' },
        'admin-token-file': { type: 'string' },
        cors: { type: 'string' },
        'request-timeout': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'max-connections': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.version) {
    // package.json is one directory up from src/ and from dist/.
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    process.stdout.write(`${version}\n`);
    return;
  }
  const port = Number(values.port ?? 7100);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`--port must be a number from 0 to 65535, got ${values.port}`);
  const count = (flag: string, key: 'requestTimeoutMs' | 'headersTimeoutMs' | 'maxConnections') => {
    const text = values[flag];
    if (text === undefined) return {};
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) fail(`--${flag} must be a whole number of at least 1, got ${text}`);
    return { [key]: value };
  };
  const adminToken = adminTokenOf(values);
  const limits = {
    ...count('request-timeout', 'requestTimeoutMs'),
    ...count('headers-timeout', 'headersTimeoutMs'),
    ...count('max-connections', 'maxConnections'),
  };
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) fail(`--log-level must be one of ${logLevels.join(', ')}, got ${logLevel}`);
  const seedOption = values.seed as string | undefined;
  const exported = values['seed-from-export'] as string | undefined;
  if (exported !== undefined && seedOption !== undefined) fail('give --seed or --seed-from-export, not both');
  if (exported === undefined && (values.identities !== undefined || values['secrets-file'] !== undefined))
    fail('--identities and --secrets-file go with --seed-from-export');
  let seed: Seed | 'demo' | undefined;
  let secretsNote: string | undefined;
  try {
    if (exported !== undefined) {
      const made = seedFromExport(exported, values.identities as string | undefined);
      const file = (values['secrets-file'] as string | undefined) ?? 'patkit-mock-secrets.json';
      writeSecrets(file, made.secrets);
      seed = made.seed;
      secretsNote = `Fresh secrets for the ${made.seed.pats.length} PAT(s) of ${exported} (PAT id → client_secret): ${file} (0600)`;
    } else seed = seedOption === undefined || seedOption === 'demo' ? seedOption : readSeedFile(seedOption);
    const server = await startMockServer({
      port,
      host: (values.host as string | undefined) ?? '127.0.0.1',
      ...(values.db === undefined ? {} : { db: values.db as string }),
      ...(seed === undefined ? {} : { seed }),
      logLevel,
      rateLimit: values['rate-limit'] === true,
      refuseInactiveOwners: values['refuse-inactive-owners'] === true,
      admin: values['no-admin'] !== true,
      ...(adminToken === undefined ? {} : { adminToken }),
      ...(values.cors === undefined ? {} : { cors: values.cors === 'off' ? false : (values.cors as string) }),
      ...limits,
    });
    const { url } = server;
    const lines = [`patkit mock server listening on ${url}`];
    if (values['no-admin'] !== true) {
      // Beyond loopback the admin API needs a token; one made here is shown this once.
      const made = server.adminToken !== undefined && adminToken === undefined;
      lines.push(`Dashboard: ${url}/${made ? `#token=${server.adminToken}` : ''}`);
      if (made)
        lines.push(
          `Admin token (made for this run, the admin API being reachable beyond loopback; shown once): ${server.adminToken}`,
          '  send it as Authorization: Bearer <token>, or give your own with --admin-token, or turn the admin API off with --no-admin',
        );
    }
    if (secretsNote !== undefined) lines.push(secretsNote);
    if (seed === 'demo' && !server.loopback)
      process.stderr.write(
        "patkit-mock: warning: the demo seed's secrets are public (they are in the README): anyone who reaches this address can use its PATs\n",
      );
    if (seed === 'demo') {
      const { admin, user } = demoCredentials;
      lines.push(
        '',
        'Demo credentials (PAT id = client_id, secret = client_secret):',
        `  admin (Ada Admin, sp:scopes:all)  ${admin.clientId}  ${admin.clientSecret}`,
        `  user  (Sam User, my PATs)         ${user.clientId}  ${user.clientSecret}`,
        '',
        'Try it:',
        `  TOKEN=$(curl -s ${url}/oauth/token -d grant_type=client_credentials -d client_id=${user.clientId} -d client_secret=${user.clientSecret} | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
        `  curl -s -H "Authorization: Bearer $TOKEN" "${url}/v2025/personal-access-tokens?owner-id=me"`,
      );
    }
    lines.push('', 'Stop with Ctrl-C.');
    process.stdout.write(`${lines.join('\n')}\n`);
    const stop = () => {
      process.stdout.write('patkit mock server stopping\n');
      server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (error instanceof MockError) fail(error.message);
    throw error;
  }
}

await main();
