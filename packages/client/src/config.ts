import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseJson } from '@patkit/serializer';
import { ClientError } from './client-error.js';
import { type Keyring, osKeyring, readSailKeyring, sailKeyringServices } from './sail-keyring.js';

/** The three settings a PAT client needs, as SailPoint's SDKs and `sail` CLI name them. */
export interface Credentials {
  /** The tenant's API URL, e.g. `https://acme.api.identitynow.com`. */
  readonly baseUrl: string;
  /** The PAT's id. */
  readonly clientId: string;
  /** The PAT's secret. */
  readonly clientSecret: string;
}

export type Setting = keyof Credentials;

/** Where a setting came from, in words a person can act on (never the value of a secret). */
export type Sources = Readonly<Record<Setting, string>>;

export interface ResolvedConfig extends Credentials {
  readonly sources: Sources;
}

/** A further place settings can come from (a CLI's flags or profiles), read only when it is reached. */
export interface ConfigLayer {
  /** Where its values come from, as `sources` will say it. */
  readonly source: string;
  readonly read: () => Partial<Record<Setting, string | undefined>>;
}

export interface ConfigEnvironment {
  /** Places looked at after the options and before the environment, highest precedence first. */
  readonly beforeEnvironment?: readonly ConfigLayer[];
  /** Places looked at after the environment and before ./config.json, highest precedence first. */
  readonly afterEnvironment?: readonly ConfigLayer[];
  /** Environment variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where `config.json` is looked for. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Where `.sailpoint/config.yaml` is looked for. Default the user's home directory. */
  readonly home?: string;
  /** Where `sail` keeps a PAT's id and secret (current `sail`). Default the OS keyring. */
  readonly keyring?: Keyring;
  /** Told, in one line, when the keyring cannot be read (the chain goes on without it). Default: nothing said. */
  readonly warn?: (message: string) => void;
}

type Partial3 = { -readonly [K in Setting]?: { value: string; source: string } };

/** What each setting is called where SailPoint's SDKs and `sail` CLI read it. */
export const settingNames = {
  baseUrl: { env: 'SAIL_BASE_URL', configJson: 'BaseURL', sailConfig: 'baseurl' },
  clientId: { env: 'SAIL_CLIENT_ID', configJson: 'ClientId', sailConfig: 'pat.clientid' },
  clientSecret: { env: 'SAIL_CLIENT_SECRET', configJson: 'ClientSecret', sailConfig: 'pat.clientsecret' },
} as const satisfies Record<Setting, { env: string; configJson: string; sailConfig: string }>;
const settings = Object.keys(settingNames) as readonly Setting[];
const envNames = (setting: Setting) => settingNames[setting].env;
const jsonNames = (setting: Setting) => settingNames[setting].configJson;

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ClientError('config_invalid', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function fromConfigJson(cwd: string): Partial3 {
  const file = join(cwd, 'config.json');
  const content = readOptional(file);
  if (content === undefined) return {};
  let data: unknown;
  try {
    data = parseJson(content);
  } catch (error) {
    throw new ClientError('config_invalid', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const found: Partial3 = {};
  if (typeof data !== 'object' || data === null) return found;
  for (const setting of settings) {
    const value = text((data as Record<string, unknown>)[jsonNames(setting)]);
    if (value !== undefined) found[setting] = { value, source: `${file} (${jsonNames(setting)})` };
  }
  return found;
}

/** What became of looking in the keyring: said once, and again in a config_missing error. */
interface KeyringNote {
  problem?: string;
}

/**
 * yaml's parse, loaded when sail's file is there to read: a client given its
 * credentials, or finding them in variables, never loads (or bundles) it.
 */
function parseYaml(content: string): unknown {
  const require = createRequire(import.meta.url);
  return (require('yaml') as typeof import('yaml')).parse(content);
}

/** sail's file, read: undefined when there is none. */
function readSailFile(home: string): { file: string; data: Record<string, unknown> } | undefined {
  const file = join(home, '.sailpoint', 'config.yaml');
  const content = readOptional(file);
  if (content === undefined) return undefined;
  try {
    return { file, data: (parseYaml(content) ?? {}) as Record<string, unknown> };
  } catch (error) {
    throw new ClientError('config_invalid', `${file} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

function environmentsOf(data: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const environments = data.environments;
  return typeof environments === 'object' && environments !== null
    ? (environments as Record<string, Record<string, unknown>>)
    : {};
}

/** One environment of sail's file: the URL from the file; the id and secret from the OS keyring, else the file. */
function fromSailEnvironment(
  file: string,
  data: Record<string, unknown>,
  name: string,
  keyring: Keyring,
  note: KeyringNote,
  warn: (message: string) => void,
): Partial3 {
  if (!Object.hasOwn(environmentsOf(data), name)) return {};
  const environment = environmentsOf(data)[name] ?? {};
  const pat = (environment.pat ?? {}) as Record<string, unknown>;
  const found: Partial3 = {};
  const at = `${file} (environment ${name})`;
  // Current sail keeps the id and secret in the OS keyring; older versions in the file.
  let stored: ReturnType<typeof readSailKeyring> = {};
  try {
    stored = readSailKeyring(name, keyring, (bad) => warn(`${bad.message}; it was left out`));
  } catch (error) {
    note.problem = `${(error as Error).message}: sail's credentials for environment ${name} were not read from it`;
    warn(note.problem);
  }
  for (const setting of ['clientId', 'clientSecret'] as const) {
    const value = stored[setting];
    if (value !== undefined)
      found[setting] = { value, source: `OS keyring (sail environment ${name}): ${sailKeyringServices[setting]}` };
  }
  const values: Record<Setting, unknown> = {
    baseUrl: environment.baseurl,
    clientId: pat.clientid,
    clientSecret: pat.clientsecret,
  };
  for (const setting of settings) {
    const value = text(values[setting]);
    if (value !== undefined && found[setting] === undefined)
      found[setting] = { value, source: `${at}: ${settingNames[setting].sailConfig}` };
  }
  return found;
}

function fromSailConfig(home: string, keyring: Keyring, note: KeyringNote, warn: (message: string) => void): Partial3 {
  const sail = readSailFile(home);
  const active = sail === undefined ? undefined : text(sail.data.activeenvironment);
  if (sail === undefined || active === undefined) return {};
  return fromSailEnvironment(sail.file, sail.data, active, keyring, note, warn);
}

/** The environments of sail's `~/.sailpoint/config.yaml`, in the file's order, and which one is active. */
export function sailEnvironments(home: string = homedir()): {
  readonly file: string;
  readonly names: readonly string[];
  readonly active?: string;
} {
  const sail = readSailFile(home);
  const file = join(home, '.sailpoint', 'config.yaml');
  if (sail === undefined) return { file, names: [] };
  const active = text(sail.data.activeenvironment);
  return { file, names: Object.keys(environmentsOf(sail.data)), ...(active === undefined ? {} : { active }) };
}

/**
 * The settings of one environment of sail's file, whichever is active: the
 * base URL from the file, the id and secret from the OS keyring where
 * current sail keeps them, else the file. Throws `config_missing` naming
 * what it lacks.
 */
export function sailEnvironmentConfig(
  name: string,
  where: Pick<ConfigEnvironment, 'home' | 'keyring' | 'warn'> = {},
): ResolvedConfig {
  const home = where.home ?? homedir();
  const note: KeyringNote = {};
  const sail = readSailFile(home);
  const file = join(home, '.sailpoint', 'config.yaml');
  const found =
    sail === undefined
      ? {}
      : fromSailEnvironment(sail.file, sail.data, name, where.keyring ?? osKeyring, note, where.warn ?? (() => {}));
  const missing = settings.filter((setting) => found[setting] === undefined);
  if (missing.length > 0)
    throw new ClientError(
      'config_missing',
      `sail environment ${name} in ${file} has no ${missing.join(', ')}${note.problem === undefined ? '' : ` (${note.problem})`}`,
    );
  const value = (setting: Setting) => found[setting] as { value: string; source: string };
  return {
    baseUrl: value('baseUrl').value,
    clientId: value('clientId').value,
    clientSecret: value('clientSecret').value,
    sources: {
      baseUrl: value('baseUrl').source,
      clientId: value('clientId').source,
      clientSecret: value('clientSecret').source,
    },
  };
}

function fromLayer(layer: ConfigLayer): Partial3 {
  const values = layer.read();
  const found: Partial3 = {};
  for (const setting of settings) {
    const value = text(values[setting]);
    if (value !== undefined) found[setting] = { value, source: layer.source };
  }
  return found;
}

/**
 * Finds the base URL, client id and client secret, highest precedence first:
 * explicit options; `where.beforeEnvironment`; the environment (SAIL_BASE_URL, SAIL_CLIENT_ID,
 * SAIL_CLIENT_SECRET); `where.afterEnvironment`; ./config.json (BaseURL, ClientId, ClientSecret);
 * ~/.sailpoint/config.yaml (activeenvironment → environments.<name>.baseurl;
 * the id and secret `sail` keeps for that environment in the OS keyring, else
 * the file's .pat.clientid, .pat.clientsecret). Throws one ClientError naming
 * every missing setting of `needed` (default all three) and where it could
 * come from; the chain stops once it has them.
 */
export function resolveConfig(
  options: Partial<Credentials> = {},
  where: ConfigEnvironment = {},
  needed: readonly Setting[] = settings,
): ResolvedConfig {
  const env = where.env ?? process.env;
  const cwd = where.cwd ?? process.cwd();
  const home = where.home ?? homedir();
  const note: KeyringNote = {};
  const layers: Array<() => Partial3> = [
    () => {
      const found: Partial3 = {};
      for (const setting of settings) {
        const value = text(options[setting]);
        if (value !== undefined) found[setting] = { value, source: `option ${setting}` };
      }
      return found;
    },
    ...(where.beforeEnvironment ?? []).map((layer) => () => fromLayer(layer)),
    () => {
      const found: Partial3 = {};
      for (const setting of settings) {
        const value = text(env[envNames(setting)]);
        if (value !== undefined) found[setting] = { value, source: `environment ${envNames(setting)}` };
      }
      return found;
    },
    ...(where.afterEnvironment ?? []).map((layer) => () => fromLayer(layer)),
    () => fromConfigJson(cwd),
    () => fromSailConfig(home, where.keyring ?? osKeyring, note, where.warn ?? (() => {})),
  ];
  const resolved: Partial3 = {};
  for (const layer of layers) {
    if (needed.every((setting) => resolved[setting] !== undefined)) break;
    const found = layer();
    for (const setting of settings) {
      const hit = found[setting];
      if (resolved[setting] === undefined && hit !== undefined) resolved[setting] = hit;
    }
  }
  const missing = needed.filter((setting) => resolved[setting] === undefined);
  if (missing.length > 0) {
    const lines = missing.map(
      (setting) =>
        `  ${setting}: pass the ${setting} option, set ${envNames(setting)}, put ${jsonNames(setting)} in ${join(cwd, 'config.json')}, or set it for the active environment in ${join(home, '.sailpoint', 'config.yaml')}`,
    );
    if (note.problem !== undefined) lines.push(`  (${note.problem})`);
    throw new ClientError('config_missing', `Missing configuration:\n${lines.join('\n')}`, { missing });
  }
  const baseUrl = (resolved.baseUrl?.value ?? '').replace(/\/+$/, '');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new ClientError(
      'config_invalid',
      `baseUrl ${JSON.stringify(baseUrl)} (from ${resolved.baseUrl?.source}) is not an http(s) URL; use e.g. https://acme.api.identitynow.com`,
    );
  }
  return {
    baseUrl,
    clientId: resolved.clientId?.value ?? '',
    clientSecret: resolved.clientSecret?.value ?? '',
    sources: {
      baseUrl: resolved.baseUrl?.source ?? '',
      clientId: resolved.clientId?.source ?? '',
      clientSecret: resolved.clientSecret?.source ?? '',
    },
  };
}
