import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { CliError, usageError } from './cli-error.js';
import { takeLockFile } from './lock-file.js';

/** One named connection. The secret lives in its own 0600 file, never in this file or a flag. */
export interface Profile {
  baseUrl?: string;
  clientId?: string;
  clientSecretFile?: string;
  apiVersion?: string;
}

export interface ProfilesFile {
  current?: string;
  profiles: Record<string, Profile>;
}

export const profileKeys = ['baseUrl', 'clientId', 'apiVersion'] as const;

/** `$XDG_CONFIG_HOME/patkit` (default `~/.config/patkit`). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'patkit');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.yaml');
}

export async function readProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfilesFile> {
  const file = configFile(env);
  const text = readConfigText(file);
  if (text === undefined) return { profiles: {} };
  const { parseYaml } = await import('./yaml.js');
  return profilesOf(text, file, parseYaml);
}

/** The profiles file's text; undefined when there is none. */
function readConfigText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError('config_invalid', `cannot read ${file}: ${(error as Error).message}`);
  }
}

function profilesOf(text: string, file: string, parseYaml: (text: string) => unknown): ProfilesFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new CliError('config_invalid', `${file} is not valid YAML: ${(error as Error).message}`, {
      hint: 'fix or remove the file',
    });
  }
  const value = (data ?? {}) as Partial<ProfilesFile>;
  return { ...(typeof value.current === 'string' ? { current: value.current } : {}), profiles: value.profiles ?? {} };
}

/**
 * Changes the profiles file in one step: read, `change`, write, with nothing
 * awaited in between and under a lock file beside it. Changes made at the
 * same time (rotate --self of several profiles, two runs of one user) each
 * keep theirs; none is lost to another's write of what it read before.
 */
export async function updateProfiles(
  change: (file: ProfilesFile) => ProfilesFile,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { parseYaml, stringifyYaml } = await import('./yaml.js');
  const file = configFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  withLockFile(`${file}.lock`, () => {
    const text = readConfigText(file);
    const before = text === undefined ? { profiles: {} } : profilesOf(text, file, parseYaml);
    writeFileAtomic(file, stringifyYaml(change(before)));
  });
}

/** A lock of the profiles file older than this was left by a run on another machine (a shared home): the change takes milliseconds. */
const staleLockMs = 10_000;
/** How long a change waits for another run's. */
const lockWaitMs = 5_000;

/** Runs `critical` holding `lock`, waiting a little for another run that holds it. */
function withLockFile(lock: string, critical: () => void): void {
  const deadline = Date.now() + lockWaitMs;
  const runId = randomBytes(4).toString('hex');
  let taken = takeLockFile(lock, runId, staleLockMs);
  while (!('release' in taken)) {
    if (Date.now() > deadline)
      throw new CliError('config_busy', `${lock} is held by another patkit run: the profiles file is being changed`, {
        hint: `run again; if no patkit runs, remove ${lock}`,
      });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    taken = takeLockFile(lock, runId, staleLockMs);
  }
  const { release } = taken;
  try {
    critical();
  } finally {
    release();
  }
}

/**
 * Stores a profile's secret in a file only its owner can read, written
 * whole or not at all; `file` names another file of the secrets folder
 * (rotation writes the new secret beside the old one).
 */
export function writeSecret(
  profile: string,
  secret: string,
  env: NodeJS.ProcessEnv = process.env,
  file = profile,
): string {
  const path = join(secretsDir(env), file);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${secret}\n`);
  return path;
}

/** Where patkit keeps the profiles' secret files. */
export function secretsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'secrets');
}

/** Reads a secret file, warning when others may read it too. */
export function readSecret(file: string, warn: (message: string) => void): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new CliError('config_invalid', `the secret file ${file} is missing`, {
      hint: 'set it again: patkit config set clientSecret --client-secret-stdin',
    });
  }
  if ((mode & 0o077) !== 0)
    warn(`${file} can be read by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`);
  return readFileSync(file, 'utf8').trim();
}

/** A profile name is also a file name (its secret's): letters, digits, `.`, `_`, `-`, not starting with a dot. */
export function checkProfileName(name: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw usageError(
      `${JSON.stringify(name)} is not a profile name`,
      'use up to 64 letters, digits, ".", "_" and "-", not starting with "."',
    );
  return name;
}

/** Removes a profile's secret file, if patkit wrote it (a hand-edited path elsewhere is left alone). */
export function removeSecret(file: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (file !== undefined && dirname(file) === secretsDir(env)) rmSync(file, { force: true });
}
