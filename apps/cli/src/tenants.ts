// Several tenants in one command: patkit's profiles or sail's environments,
// each its own tenant, worked on at the same time (at most --parallel at once). A tenant that
// fails is reported in one line and the others complete; the exit code
// tells all done, partly done and nothing done apart.
import { createHash } from 'node:crypto';
import { createClient, type PatClient, sailEnvironmentConfig, sailEnvironments } from '@patkit/client';
import type { ApiVersion } from '@patkit/model';
import { CliError, usageError } from './cli-error.js';
import { type ConnectOptions, connect, rateLimitOf, tokenStoreOf } from './connect.js';
import { exitCodes } from './exit-codes.js';
import { parseFieldList } from './flatten.js';
import { boundHeapGrowth } from './heap-growth.js';
import { configFile, readProfiles } from './profiles.js';
import { inProgressLine, labelText, type ProgressLabel, withProgress } from './progress.js';
import { errorLine, exitCodeOf } from './report-error.js';

export interface TenantOptions extends ConnectOptions {
  /** Comma-separated profile names. */
  readonly profiles?: string;
  readonly allProfiles?: boolean;
  /** Comma-separated names of sail's environments. */
  readonly environments?: string;
  readonly allEnvironments?: boolean;
  /** Tenants worked on at once (the flag's default is the CLI's). */
  readonly parallel?: string;
}

/** One tenant of a run: the profile's (or sail environment's) name, its API host and a client for it. */
export interface Tenant {
  readonly name: string;
  readonly host: string;
  readonly client: PatClient<ApiVersion>;
  /** How many tenants are worked on at once in this run: a share of what is held in memory. */
  readonly atOnce: number;
}

/** Whether the options ask for several tenants. */
export function manyTenants(options: TenantOptions): boolean {
  return (
    options.profiles !== undefined ||
    options.allProfiles === true ||
    options.environments !== undefined ||
    options.allEnvironments === true
  );
}

/** The names asked for, checked against the ones there are, before anything is fetched. */
function chosen(
  kind: string,
  flag: string,
  all: boolean,
  given: string | undefined,
  known: readonly string[],
  where: string,
  make: string,
): string[] {
  const names = all ? [...known] : [...new Set(parseFieldList(given) ?? [])];
  if (names.length === 0)
    throw usageError(all ? `no ${kind}s in ${where}` : `--${flag} needs at least one ${kind} name`, make);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new CliError('not_found', `no ${kind} ${unknown.join(', ')} in ${where}`, {
      exitCode: exitCodes.notFound,
      hint: `the ${kind}s are: ${known.join(', ') || 'none'}`,
    });
  return names;
}

type Reach = () => Promise<PatClient<ApiVersion>>;

/** Each tenant reached once per run: a look before the run (tenantsByPat) warns of nothing twice, nor reads a keyring twice. */
const reached = new WeakMap<TenantOptions, Map<string, Promise<PatClient<ApiVersion>>>>();

/** The tenants asked for, each with how to reach it (once), in the order given (or the file's). */
async function tenantsAskedFor(options: TenantOptions): Promise<{ name: string; reach: Reach }[]> {
  const clients = reached.get(options) ?? new Map<string, Promise<PatClient<ApiVersion>>>();
  reached.set(options, clients);
  const once =
    (name: string, reach: Reach): Reach =>
    () => {
      let client = clients.get(name);
      if (client === undefined) {
        client = reach();
        clients.set(name, client);
      }
      return client;
    };
  return (await tenantsAsked(options)).map(({ name, reach }) => ({ name, reach: once(name, reach) }));
}

async function tenantsAsked(options: TenantOptions): Promise<{ name: string; reach: Reach }[]> {
  for (const [flag, given] of [
    ['--profile', options.profile],
    ['--base-url', options.baseUrl],
    ['--client-id', options.clientId],
    ['--client-secret-stdin', options.clientSecretStdin],
  ] as const)
    if (given !== undefined && given !== false)
      throw usageError(`${flag} names one tenant; with several tenants each profile or environment names its own`);
  const asked = [
    options.profiles !== undefined && '--profiles',
    options.allProfiles === true && '--all-profiles',
    options.environments !== undefined && '--environments',
    options.allEnvironments === true && '--all-environments',
  ].filter((flag) => flag !== false);
  if (asked.length > 1) throw usageError(`give one of ${asked.join(', ')}`);
  if (options.profiles !== undefined || options.allProfiles === true) {
    const file = await readProfiles();
    const names = chosen(
      'profile',
      'profiles',
      options.allProfiles === true,
      options.profiles,
      Object.keys(file.profiles),
      configFile(),
      'patkit config set baseUrl URL --profile NAME makes one',
    );
    return names.map((name) => ({
      name,
      reach: async () => (await connect({ ...options, profile: name }, file)).client,
    }));
  }
  const sail = sailEnvironments();
  const names = chosen(
    'environment',
    'environments',
    options.allEnvironments === true,
    options.environments,
    sail.names,
    sail.file,
    'sail environment create NAME makes one',
  );
  const warn = (message: string) => process.stderr.write(`patkit: warning: ${message}\n`);
  return names.map((name) => ({
    name,
    // Only the environment's own settings: SAIL_* and profiles name other tenants.
    reach: async () => {
      const config = sailEnvironmentConfig(name, { warn });
      const tokenStore = tokenStoreOf(options);
      return createClient<ApiVersion>({
        ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
        ...rateLimitOf(options),
        ...(tokenStore === undefined ? {} : { tokenStore }),
        // A layer per setting, so that whoami says where each came from (the file, the keyring).
        configEnvironment: {
          env: {},
          warn,
          beforeEnvironment: (['baseUrl', 'clientId', 'clientSecret'] as const).map((setting) => ({
            source: config.sources[setting],
            read: () => ({ [setting]: config[setting] }),
          })),
        },
      });
    },
  }));
}

/** The placeholder of a file path given once for several tenants: each tenant's name goes there. */
export const tenantPlaceholder = '{tenant}';

/**
 * A file flag given with several tenants: it must say where each tenant's
 * file goes (`{tenant}` in its path), checked before anything is fetched.
 */
export function checkTenantFile(flag: string, path: string | undefined, example: string): void {
  if (path !== undefined && !path.includes(tenantPlaceholder))
    throw usageError(
      `with several tenants, ${flag} names a file per tenant: put ${tenantPlaceholder} in its path, where each tenant's name goes`,
      example,
    );
}

/** A tenant's own file of a path with `{tenant}` in it; a name that would leave the folder fails that tenant. */
export function tenantFile(path: string, tenant: string): string {
  if (tenant.startsWith('.') || /[\\/]/.test(tenant))
    throw new CliError('tenant_name_unsafe', `the name ${JSON.stringify(tenant)} cannot be part of a file's path`, {
      hint: 'give that tenant a name of letters, digits, "_" and "-", or run it on its own',
    });
  return path.replaceAll(tenantPlaceholder, tenant);
}

/**
 * The names of the tenants asked for, grouped by the PAT they authenticate
 * with (its client id and secret at its API host), in the order asked for:
 * several profiles or environments may hold one PAT. Nothing is sent; a
 * tenant whose settings cannot make a client is a group of its own (its run
 * reports it), and so is one whose secret differs (one of them is wrong).
 */
export async function tenantsByPat(options: TenantOptions): Promise<string[][]> {
  const groups = new Map<string, string[]>();
  for (const tenant of await tenantsAskedFor(options)) {
    const key = await tenant.reach().then(
      ({ config }) =>
        `${new URL(config.baseUrl).host} ${config.clientId.toLowerCase()} ${createHash('sha256').update(config.clientSecret).digest('hex')}`,
      () => `not reached: ${tenant.name}`,
    );
    groups.set(key, [...(groups.get(key) ?? []), tenant.name]);
  }
  return [...groups.values()];
}

/** --parallel, checked: how many tenants at once. */
export function parallelOf(options: TenantOptions): number {
  const n = Number(options.parallel);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError('--parallel takes a whole number from 1 to 64');
  return n;
}

/** What a run on several tenants did: each tenant's result, in the order asked for, and the ones that failed. */
interface TenantRun<R> {
  readonly done: readonly { readonly tenant: Tenant; readonly value: R }[];
  readonly failed: readonly { readonly name: string; readonly error: unknown }[];
}

type State = 'waiting' | 'working' | 'done' | 'failed';

/**
 * Runs `work` on every tenant asked for, at most --parallel at once. A
 * tenant whose work fails (unreachable, credentials refused, any error) is
 * reported on stderr in one line; the others go on. `counted` says what a
 * completed tenant's progress line shows.
 */
export async function acrossTenants<R>(
  options: TenantOptions,
  work: (tenant: Tenant) => Promise<R>,
  counted: (value: R) => string = () => 'done',
): Promise<TenantRun<R>> {
  const tenants = await tenantsAskedFor(options);
  const names = tenants.map((tenant) => tenant.name);
  const parallel = parallelOf(options);
  const state = new Map<string, State>(names.map((name) => [name, 'waiting']));
  // What a tenant's line says once it is done (e.g. done: 4,200 PAT(s)).
  const found = new Map<string, string>();
  const done: ({ tenant: Tenant; value: R } | undefined)[] = names.map(() => undefined);
  const failed: { name: string; error: unknown; at: number }[] = [];
  // What a working tenant is doing, as its work says (e.g. how many PATs so far).
  const doing = new Map<string, ProgressLabel>();
  const atOnce = Math.min(parallel, names.length);
  if (atOnce > 1) boundHeapGrowth();
  let next = 0;
  const worker = async () => {
    for (let at = next++; at < names.length; at = next++) {
      const name = names[at] as string;
      state.set(name, 'working');
      try {
        const client = await (tenants[at] as (typeof tenants)[number]).reach();
        const tenant = { name, host: new URL(client.config.baseUrl).host, client, atOnce };
        const show = (label: ProgressLabel | undefined) => {
          if (label === undefined) doing.delete(name);
          else doing.set(name, label);
        };
        const value = await inProgressLine(show, () => work(tenant));
        done[at] = { tenant, value };
        state.set(name, 'done');
        found.set(name, counted(value));
      } catch (error) {
        state.set(name, 'failed');
        doing.delete(name);
        failed.push({ name, error, at });
        process.stderr.write(`patkit: tenant ${name}: ${errorLine(error)}\n`);
      }
    }
  };
  // A line per tenant: waiting, working (or what its work says it is doing), what it found (N PATs), or failed.
  const width = Math.max(...names.map((name) => name.length));
  const line = (name: string) => {
    const label = doing.get(name);
    return `  ${name.padEnd(width)}  ${label === undefined ? (found.get(name) ?? state.get(name)) : labelText(label)}`;
  };
  const progress = () => {
    // More tenants than the terminal has lines (a partner's dozens): counts, and the lines of those working or failed.
    const room = (process.stderr.rows || 24) - 2;
    if (names.length <= room) return [`${names.length} tenants`, ...names.map(line)].join('\n');
    const counts = (['done', 'working', 'failed', 'waiting'] as const).map(
      (one) => `${[...state.values()].filter((s) => s === one).length} ${one}`,
    );
    const busy = names.filter((name) => state.get(name) === 'working' || state.get(name) === 'failed');
    return [`${names.length} tenants: ${counts.join(', ')}`, ...busy.slice(0, room).map(line)].join('\n');
  };
  await withProgress(progress, Promise.all(Array.from({ length: atOnce }, worker)));
  return {
    done: done.filter((entry) => entry !== undefined),
    failed: failed.sort((a, b) => a.at - b.at).map(({ name, error }) => ({ name, error })),
  };
}

/**
 * The exit code of a run on several tenants: the command's own code when
 * all completed (audit's --fail-on across them all); the first failure's
 * when none did; partly done, whatever the rest found, otherwise.
 */
export function tenantsExitCode(run: TenantRun<unknown>, completed: number = exitCodes.ok): number {
  const [first] = run.failed;
  if (first === undefined) return completed;
  return run.done.length === 0 ? exitCodeOf(first.error) : exitCodes.partial;
}
