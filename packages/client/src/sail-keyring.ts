// Where SailPoint's `sail` CLI keeps a PAT: in the OS keyring, through
// zalando/go-keyring, one entry for the client id and one for the secret,
// the environment's name as the account. Read and written here through
// @napi-rs/keyring (prebuilt binaries), loaded only when reached.
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

interface NativeEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
  deletePassword(): boolean;
}
interface NativeKeyring {
  Entry: {
    new (service: string, username: string, options?: { linux?: { store?: string } }): NativeEntry;
    withTarget(target: string, service: string, username: string): NativeEntry;
  };
}

let native: NativeKeyring | undefined;

/** One entry as go-keyring addresses it on this platform. */
function entry(service: string, account: string): NativeEntry {
  if (native === undefined) {
    const require = createRequire(import.meta.url);
    native = require('@napi-rs/keyring') as NativeKeyring;
  }
  // go-keyring: Secret Service items with attributes service and username (never the kernel
  // keyring, where the binding would otherwise fall back); Windows credentials named service:username.
  if (process.platform === 'win32') return native.Entry.withTarget(`${service}:${account}`, service, account);
  return new native.Entry(service, account, { linux: { store: 'secret-service' } });
}

function unavailable(error: unknown): ClientError {
  const message = (error as Error).message;
  // The binding's words for a machine without a session bus (a server, a container) are about X11.
  const why =
    /dbus/i.test(message) && process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS
      ? 'no D-Bus session, so no Secret Service: DBUS_SESSION_BUS_ADDRESS is not set'
      : message.split('\n')[0];
  return new ClientError('keyring_unavailable', `the OS keyring cannot be reached (${why})`, { cause: error });
}

/** The OS keyring (Secret Service on Linux, the Keychain on macOS, the Credential Manager on Windows). Its calls throw ClientError `keyring_unavailable` when there is none. */
export const osKeyring: Keyring = {
  get(service, account) {
    try {
      return entry(service, account).getPassword() ?? undefined;
    } catch (error) {
      throw unavailable(error);
    }
  },
  set(service, account, value) {
    try {
      entry(service, account).setPassword(value);
    } catch (error) {
      throw unavailable(error);
    }
  },
  delete(service, account) {
    try {
      entry(service, account).deletePassword();
    } catch (error) {
      throw unavailable(error);
    }
  },
};

/** The client id and secret `sail` keeps for an environment, as far as the keyring has them. */
export function readSailKeyring(
  environment: string,
  keyring: Keyring = osKeyring,
): Partial<Record<SailKeyringSetting, string>> {
  const found: Partial<Record<SailKeyringSetting, string>> = {};
  for (const setting of Object.keys(sailKeyringServices) as SailKeyringSetting[]) {
    const value = keyring.get(sailKeyringServices[setting], environment)?.trim();
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
