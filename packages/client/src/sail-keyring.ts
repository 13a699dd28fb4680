// Where SailPoint's `sail` CLI keeps a PAT: in the OS keyring, through
// zalando/go-keyring, one entry for the client id and one for the secret,
// the environment's name as the account. Read and written here through
// @napi-rs/keyring (prebuilt binaries), in a child process, only when reached.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ClientError } from './client-error.js';

/** go-keyring's service names for a PAT's two halves, as `sail` sets them. */
export const sailKeyringServices = {
  clientId: 'environments.pat.clientid',
  clientSecret: 'environments.pat.clientsecret',
} as const;

export type SailKeyringSetting = keyof typeof sailKeyringServices;

/** A keyring: values by service and account. */
export interface Keyring {
  get(service: string, account: string): string | undefined;
  set(service: string, account: string, value: string): void;
  delete(service: string, account: string): void;
}

/** How long one keyring call may take: a session bus that never answers must not hang patkit. */
const keyringTimeoutMs = 4_000;

// Run in a child process of its own: the binding's calls are synchronous and
// have no timeout, and a thread stuck in one could not be stopped. Entries
// are read as bytes, so that one that is not UTF-8 is told apart.
const childScript = `
const [, modulePath, op, service, account] = process.argv;
const native = require(modulePath);
const entry = process.platform === 'win32'
  ? native.Entry.withTarget(service + ':' + account, service, account)
  : new native.Entry(service, account, { linux: { store: 'secret-service' } });
let answer;
try {
  if (op === 'get') {
    const bytes = entry.getSecret();
    if (bytes === null) answer = { value: null };
    else {
      try { answer = { value: new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)) }; }
      catch { answer = { notUtf8: true }; }
    }
  } else if (op === 'set') { entry.setPassword(require('node:fs').readFileSync(0, 'utf8')); answer = {}; }
  else { entry.deletePassword(); answer = {}; }
} catch (error) { answer = { error: String(error && error.message || error) }; }
process.stdout.write(JSON.stringify(answer));
`;

let modulePath: string | undefined;

interface ChildAnswer {
  readonly value?: string | null;
  readonly notUtf8?: boolean;
  readonly error?: string;
}

function keyringError(message: string, cause?: unknown): ClientError {
  // The binding's words for a machine without a session bus (a server, a container) are about X11.
  const why =
    /dbus/i.test(message) && process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS
      ? 'no D-Bus session, so no Secret Service: DBUS_SESSION_BUS_ADDRESS is not set'
      : message.split('\n')[0];
  return new ClientError('keyring_unavailable', `the OS keyring cannot be reached (${why})`, { cause });
}

/** One call to the OS keyring, in a child process killed after keyringTimeoutMs. */
function call(op: 'get' | 'set' | 'delete', service: string, account: string, value?: string): ChildAnswer {
  try {
    const require = createRequire(import.meta.url);
    modulePath ??= require.resolve('@napi-rs/keyring');
  } catch (error) {
    // An optional dependency: `npm install --omit=optional`, or a platform without a prebuilt binary.
    throw new ClientError(
      'keyring_unavailable',
      "the OS keyring cannot be read: @napi-rs/keyring, @patkit/client's optional dependency, is not installed; install it (npm install @napi-rs/keyring) or give the client id and secret another way",
      { cause: error },
    );
  }
  const { NODE_OPTIONS: _, ...env } = process.env;
  const result = spawnSync(process.execPath, ['-e', childScript, modulePath, op, service, account], {
    input: value ?? '',
    env,
    encoding: 'utf8',
    timeout: keyringTimeoutMs,
    killSignal: 'SIGKILL',
    windowsHide: true,
  });
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
    throw new ClientError(
      'keyring_unavailable',
      `the OS keyring did not answer within ${keyringTimeoutMs / 1000} s${bus ? ` (D-Bus session ${bus})` : ''}`,
    );
  }
  let answer: ChildAnswer;
  try {
    answer = JSON.parse(result.stdout) as ChildAnswer;
  } catch {
    throw keyringError(
      result.error?.message ?? (result.stderr.trim() || `the keyring process ended with ${result.status}`),
    );
  }
  if (answer.error !== undefined) throw keyringError(answer.error);
  if (answer.notUtf8)
    throw new ClientError(
      'keyring_entry_not_utf8',
      `the OS keyring's entry ${service} for ${account} is not UTF-8 text, so it cannot be a PAT's id or secret`,
    );
  return answer;
}

/**
 * The OS keyring (Secret Service on Linux, the Keychain on macOS, the
 * Credential Manager on Windows), each call bounded by keyringTimeoutMs. Its
 * calls throw ClientError `keyring_unavailable` when there is none or it
 * does not answer, and `get` throws `keyring_entry_not_utf8` for an entry
 * that is not text.
 */
export const osKeyring: Keyring = {
  get(service, account) {
    return call('get', service, account).value ?? undefined;
  },
  set(service, account, value) {
    call('set', service, account, value);
  },
  delete(service, account) {
    call('delete', service, account);
  },
};

/** The client id and secret `sail` keeps for an environment, as far as the keyring has them. */
export function readSailKeyring(
  environment: string,
  keyring: Keyring = osKeyring,
  /** Told of an entry that cannot be read (not UTF-8); the others are still read. Default: it is thrown. */
  onBadEntry?: (error: ClientError) => void,
): Partial<Record<SailKeyringSetting, string>> {
  const found: Partial<Record<SailKeyringSetting, string>> = {};
  for (const setting of Object.keys(sailKeyringServices) as SailKeyringSetting[]) {
    let value: string | undefined;
    try {
      value = keyring.get(sailKeyringServices[setting], environment)?.trim();
    } catch (error) {
      if (!(error instanceof ClientError && error.code === 'keyring_entry_not_utf8') || onBadEntry === undefined)
        throw error;
      onBadEntry(error);
    }
    if (value) found[setting] = value;
  }
  return found;
}

/** Writes (or, for undefined, removes) the client id and secret `sail` reads for an environment. */
export function writeSailKeyring(
  environment: string,
  values: Partial<Record<SailKeyringSetting, string | undefined>>,
  keyring: Keyring = osKeyring,
): void {
  // The secret first: a half-written pair then names the old id, which a retry replaces.
  for (const setting of ['clientSecret', 'clientId'] as const) {
    if (!(setting in values)) continue;
    const value = values[setting];
    if (value === undefined) keyring.delete(sailKeyringServices[setting], environment);
    else keyring.set(sailKeyringServices[setting], environment, value);
  }
}
