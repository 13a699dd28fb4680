import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ClientError, type Keyring, osKeyring, readSailKeyring, writeSailKeyring } from '@patkit/client';
import { writeFileAtomic } from '../atomic-file.js';
import { CliError } from '../cli-error.js';
import { parseYamlDocument } from '../yaml.js';
import type { Destination, PatCredentials } from './destination.js';

/** The file's activeenvironment, if it can be read and names one. */
function activeEnvironment(file: string): string | undefined {
  try {
    return String(parseYamlDocument(readFileSync(file, 'utf8')).get('activeenvironment') ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * --sailpoint-config [ENV]: where SailPoint's `sail` CLI reads a PAT — the
 * OS keyring entries of the environment (current sail), and the
 * environment's `pat.clientid`/`pat.clientsecret` in ~/.sailpoint/config.yaml
 * only where that file has them (older sail). ENV defaults to the file's
 * `activeenvironment`.
 */
export function sailpointConfigDestination(
  named: string | true,
  home: string = homedir(),
  keyring: Keyring = osKeyring,
): Destination {
  const file = join(home, '.sailpoint', 'config.yaml');
  // Named now, so that the trail and every message name the same environment (prepare() checks it).
  const environment = named === true ? activeEnvironment(file) : named;
  let before:
    | {
        text: string;
        mode: number;
        owner: { uid: number; gid: number };
        legacy: boolean;
        keyring: ReturnType<typeof readSailKeyring> | undefined;
      }
    | undefined;
  const legacyPath = (setting: 'clientid' | 'clientsecret') => ['environments', environment, 'pat', setting];
  const failure = (message: string, hint: string) => new CliError('destination_unusable', message, { hint });
  /** Every check, nothing written: what the file and the keyring hold now. */
  const check = async (): Promise<NonNullable<typeof before>> => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw failure(
        `--sailpoint-config: ${file} cannot be read (${(error as Error).message})`,
        'set sail up first (sail init), or leave out --sailpoint-config',
      );
    }
    const document = parseYamlDocument(text);
    if (environment === undefined)
      throw failure(`--sailpoint-config: ${file} names no activeenvironment`, 'name one: --sailpoint-config ENV');
    if (!document.hasIn(['environments', environment]))
      throw failure(
        `--sailpoint-config: ${file} has no environment ${environment}`,
        'create it with sail environment create, or name another',
      );
    const legacy = document.hasIn(legacyPath('clientid')) || document.hasIn(legacyPath('clientsecret'));
    let stored: ReturnType<typeof readSailKeyring> | undefined;
    try {
      stored = readSailKeyring(environment, keyring);
    } catch (error) {
      if (!(error instanceof ClientError) || !legacy) {
        throw failure(
          `--sailpoint-config: ${(error as Error).message}, and ${file} keeps no pat.clientid for environment ${environment}: nowhere to write sail's credentials`,
          'run where a keyring service is (e.g. gnome-keyring), or leave out --sailpoint-config',
        );
      }
      process.stderr.write(`patkit: warning: ${(error as Error).message}: only ${file} is updated\n`);
    }
    const stats = statSync(file);
    return { text, mode: stats.mode & 0o777, owner: { uid: stats.uid, gid: stats.gid }, legacy, keyring: stored };
  };
  return {
    label: `sail's credentials (environment ${environment ?? 'active'})`,
    files: [file],
    async check() {
      await check();
    },
    async prepare() {
      before = await check();
    },
    async held() {
      if (environment === undefined) return undefined;
      try {
        const stored = readSailKeyring(environment, keyring);
        if (stored.clientId !== undefined) return stored;
      } catch {
        // No keyring: the file is all there is.
      }
      const document = parseYamlDocument(readFileSync(file, 'utf8'));
      const clientId = document.getIn(legacyPath('clientid'));
      const clientSecret = document.getIn(legacyPath('clientsecret'));
      return {
        ...(typeof clientId === 'string' ? { clientId } : {}),
        ...(typeof clientSecret === 'string' ? { clientSecret } : {}),
      };
    },
    async deliver(next: PatCredentials) {
      if (before === undefined || environment === undefined) throw new Error('deliver before prepare');
      if (before.keyring !== undefined)
        writeSailKeyring(environment, { clientId: next.clientId, clientSecret: next.clientSecret }, keyring);
      if (before.legacy) {
        const document = parseYamlDocument(readFileSync(file, 'utf8'));
        document.setIn(legacyPath('clientid'), next.clientId);
        document.setIn(legacyPath('clientsecret'), next.clientSecret);
        writeFileAtomic(file, document.toString(), { mode: before.mode, owner: before.owner });
      }
    },
    async undo() {
      if (before === undefined || environment === undefined) return;
      if (before.keyring !== undefined)
        writeSailKeyring(
          environment,
          { clientId: before.keyring.clientId, clientSecret: before.keyring.clientSecret },
          keyring,
        );
      if (before.legacy) {
        // This environment's two settings only: other environments may have been rotated meanwhile.
        const was = parseYamlDocument(before.text);
        const document = parseYamlDocument(readFileSync(file, 'utf8'));
        for (const setting of ['clientid', 'clientsecret'] as const) {
          const path = legacyPath(setting);
          if (was.hasIn(path)) document.setIn(path, was.getIn(path));
          else document.deleteIn(path);
        }
        writeFileAtomic(file, document.toString(), { mode: before.mode, owner: before.owner });
      }
    },
    commit() {},
  };
}
