// Several tenants in one command: patkit's profiles, each its own tenant,
// worked on at the same time (at most --parallel at once). A tenant that
// fails is reported in one line and the others complete; the exit code
// tells all done, partly done and nothing done apart.
import type { PatClient } from '@patkit/client';
import type { ApiVersion } from '@patkit/model';
import { CliError, usageError } from './cli-error.js';
import { type ConnectOptions, connect } from './connect.js';
import { exitCodes } from './exit-codes.js';
import { configFile, readProfiles } from './profiles.js';
import { withProgress } from './progress.js';
import { errorLine, exitCodeOf } from './report-error.js';

export interface TenantOptions extends ConnectOptions {
  /** Comma-separated profile names. */
  readonly profiles?: string;
  readonly allProfiles?: boolean;
  /** Tenants worked on at once. */
  readonly parallel?: string;
}

/** One tenant of a run: the profile's name, its API host and a client for it. */
export interface Tenant {
  readonly name: string;
  readonly host: string;
  readonly client: PatClient<ApiVersion>;
}

/** Tenants at once unless --parallel says otherwise: each stays well within its own rate limit. */
export const defaultParallel = 4;

/** Whether the options ask for several tenants. */
export function manyTenants(options: TenantOptions): boolean {
  return options.profiles !== undefined || options.allProfiles === true;
}

/** The profiles asked for, in the order given (or the file's); checked before anything is fetched. */
async function profileNames(options: TenantOptions): Promise<string[]> {
  for (const [flag, given] of [
    ['--profile', options.profile],
    ['--base-url', options.baseUrl],
    ['--client-id', options.clientId],
    ['--client-secret-stdin', options.clientSecretStdin],
  ] as const)
    if (given !== undefined && given !== false)
      throw usageError(`${flag} names one tenant; with --profiles or --all-profiles each profile names its own`);
  if (options.profiles !== undefined && options.allProfiles === true)
    throw usageError('give --profiles NAMES or --all-profiles, not both');
  const file = await readProfiles();
  const known = Object.keys(file.profiles);
  const names =
    options.allProfiles === true
      ? known
      : [
          ...new Set(
            (options.profiles ?? '')
              .split(',')
              .map((name) => name.trim())
              .filter((name) => name !== ''),
          ),
        ];
  if (names.length === 0)
    throw usageError(
      options.allProfiles === true ? `no profiles in ${configFile()}` : '--profiles needs at least one profile name',
      'patkit config set baseUrl URL --profile NAME makes one',
    );
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new CliError('not_found', `no profile ${unknown.join(', ')} in ${configFile()}`, {
      exitCode: exitCodes.notFound,
      hint: `the profiles are: ${known.join(', ') || 'none'} (patkit config list)`,
    });
  return names;
}

function parallelOf(options: TenantOptions): number {
  if (options.parallel === undefined) return defaultParallel;
  const n = Number(options.parallel);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError('--parallel takes a whole number from 1 to 64');
  return n;
}

/** What a run on several tenants did: each tenant's result, in the order asked for, and the ones that failed. */
export interface TenantRun<R> {
  readonly done: readonly { readonly tenant: Tenant; readonly value: R }[];
  readonly failed: readonly { readonly name: string; readonly error: unknown }[];
}

type State = 'waiting' | 'working' | 'done' | 'failed';

/**
 * Runs `work` on every tenant asked for, at most --parallel at once. A
 * tenant whose work fails (unreachable, credentials refused, any error) is
 * reported on stderr in one line; the others go on. `finished` is called as
 * each tenant completes, so that its output need not wait for a slower one.
 */
export async function acrossTenants<R>(
  options: TenantOptions,
  work: (tenant: Tenant) => Promise<R>,
  finished: (tenant: Tenant, value: R) => void = () => {},
  counted: (value: R) => string = () => 'done',
): Promise<TenantRun<R>> {
  const names = await profileNames(options);
  const parallel = parallelOf(options);
  const state = new Map<string, string>(names.map((name) => [name, 'waiting' satisfies State]));
  const done: ({ tenant: Tenant; value: R } | undefined)[] = names.map(() => undefined);
  const failed: { name: string; error: unknown; at: number }[] = [];
  let next = 0;
  const worker = async () => {
    for (let at = next++; at < names.length; at = next++) {
      const name = names[at] as string;
      state.set(name, 'working' satisfies State);
      try {
        const { client } = await connect({ ...options, profile: name });
        const tenant = { name, host: new URL(client.config.baseUrl).host, client };
        const value = await work(tenant);
        done[at] = { tenant, value };
        state.set(name, counted(value));
        finished(tenant, value);
      } catch (error) {
        state.set(name, 'failed' satisfies State);
        failed.push({ name, error, at });
        process.stderr.write(`patkit: tenant ${name}: ${errorLine(error)}\n`);
      }
    }
  };
  const progress = () => `tenants: ${names.map((name) => `${name} ${state.get(name)}`).join(', ')}`;
  await withProgress(progress, Promise.all(Array.from({ length: Math.min(parallel, names.length) }, worker)));
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
