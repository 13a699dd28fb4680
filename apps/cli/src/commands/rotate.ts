import type { PatClient } from '@patkit/client';
import type { ApiVersion } from '@patkit/model';
import { relativeTime } from '@patkit/model/time';
import { CliError, usageError } from '../cli-error.js';
import { connect } from '../connect.js';
import { durationMs, parseMoment, parseSeconds } from '../durations.js';
import { exitCodes } from '../exit-codes.js';
import { type OutputOptions, printSecret } from '../output.js';
import { exitCodeOf } from '../report-error.js';
import type { Destination, DestinationFlag } from '../rotate/destination.js';
import { defaultEnvNames, envFileDestination, parseEnvNames } from '../rotate/env-file-destination.js';
import { defaultExecTimeoutMs, execDestination } from '../rotate/exec-destination.js';
import { newLease } from '../rotate/lease.js';
import { takeLocalLock } from '../rotate/local-lock.js';
import { profileDestination, profileToUpdate } from '../rotate/profile-destination.js';
import { type ExpiryChoice, rotatePat } from '../rotate/rotation.js';
import { RotationTrail } from '../rotate/rotation-trail.js';
import { sailpointConfigDestination } from '../rotate/sailpoint-config-destination.js';
import {
  acrossTenants,
  manyTenants,
  parallelOf,
  type TenantOptions,
  tenantsByPat,
  tenantsExitCode,
} from '../tenants.js';

export interface RotateOptions extends TenantOptions, OutputOptions {
  readonly self?: boolean;
  readonly ifExpiring?: string;
  readonly expires?: string;
  readonly keepOld?: string;
  readonly dotenvNames?: string;
  readonly record?: string;
  readonly dryRun?: boolean;
  readonly execTimeout?: string;
}

/** The longest --exec-timeout: a lease must end within hours, or a stopped run blocks the PAT as long. */
const maxExecTimeoutMs = 2 * 3_600_000;

function expiryChoice(text: string | undefined, now: number): ExpiryChoice {
  if (text === undefined) return { kind: 'same' };
  if (text === 'never') return { kind: 'never' };
  const flag = `--expires ${text}`;
  const ms = durationMs(text, '--expires', now);
  return ms === undefined
    ? { kind: 'at', ms: Date.parse(parseMoment(text, '--expires', now, 1)), flag }
    : { kind: 'in', ms, flag };
}

function destinationsOf(
  flags: readonly DestinationFlag[],
  options: RotateOptions,
  source: string,
  execTimeoutMs: number,
  signal: AbortSignal,
): Destination[] {
  const names = options.dotenvNames === undefined ? defaultEnvNames : parseEnvNames(options.dotenvNames);
  const made: Destination[] = [];
  for (const { kind, value } of flags) {
    if (kind === 'profile') made.push(profileDestination(profileToUpdate(value || true, source)));
    else if (kind === 'env-file') made.push(envFileDestination(value, names));
    else if (kind === 'sailpoint-config') made.push(sailpointConfigDestination(value || true));
    else made.push(execDestination(value, execTimeoutMs, signal));
  }
  const labels = made.map((destination) => destination.label);
  const twice = labels.find((label, at) => labels.indexOf(label) !== at);
  if (twice !== undefined) throw usageError(`${twice} is given twice`);
  return made;
}

/**
 * patkit rotate ID | --self: a transaction (see rotate/rotation.ts) that
 * creates the replacement, verifies it, delivers it to every destination,
 * and only then retires the old PAT; without destinations the new secret is
 * printed once.
 */
export async function rotate(
  id: string | undefined,
  options: RotateOptions,
  flags: readonly DestinationFlag[] = [],
): Promise<number> {
  if ((id === undefined) === (options.self !== true))
    throw usageError(
      id === undefined ? 'say which PAT: give its id, or --self' : 'give an id or --self, not both',
      'patkit rotate --self --update-profile, or patkit rotate ID',
    );
  const now = Date.now();
  const keepOldMs = options.keepOld === undefined ? undefined : parseSeconds(options.keepOld, '--keep-old') * 1000;
  const ifExpiringMs =
    options.ifExpiring === undefined ? undefined : parseSeconds(options.ifExpiring, '--if-expiring') * 1000;
  const expiry = expiryChoice(options.expires, now);
  if (options.dotenvNames !== undefined && !flags.some((flag) => flag.kind === 'env-file'))
    throw usageError('--dotenv-names goes with --dotenv');
  const execs = flags.filter((flag) => flag.kind === 'exec').length;
  if (options.execTimeout !== undefined && execs === 0) throw usageError('--exec-timeout goes with --exec');
  const execTimeoutMs =
    options.execTimeout === undefined
      ? defaultExecTimeoutMs
      : parseSeconds(options.execTimeout, '--exec-timeout') * 1000;
  if (execTimeoutMs < 1000 || execTimeoutMs > maxExecTimeoutMs)
    throw usageError(`--exec-timeout must be from 1s to ${maxExecTimeoutMs / 3_600_000}h; got ${options.execTimeout}`);
  const prepared = { keepOldMs, ifExpiringMs, expiry, execs, execTimeoutMs };
  if (manyTenants(options)) return rotateTenants(options, flags, prepared);
  const { client } = await connect(options);
  return rotateWith(client, id, options, flags, prepared);
}

interface Prepared {
  readonly keepOldMs: number | undefined;
  readonly ifExpiringMs: number | undefined;
  readonly expiry: ExpiryChoice;
  readonly execs: number;
  readonly execTimeoutMs: number;
}

/**
 * rotate --self of several tenants: each tenant's own PAT, each rotation a
 * transaction of its own, its new credentials back where that tenant's came
 * from (its profile, or sail's credentials of its environment).
 */
async function rotateTenants(options: RotateOptions, flags: readonly DestinationFlag[], prepared: Prepared) {
  const sail = options.environments !== undefined || options.allEnvironments === true;
  const [kind, flag, tenant] = sail
    ? (['sailpoint-config', '--sailpoint-config', 'environment'] as const)
    : (['profile', '--update-profile', 'profile'] as const);
  if (options.self !== true || flags.length !== 1 || flags[0]?.kind !== kind || flags[0].value !== '')
    throw usageError(
      `with several ${tenant}s, rotate takes --self and a bare ${flag} alone: each ${tenant} gets its own new PAT, and no other place gets every tenant's secret`,
      `patkit rotate --self ${sail ? '--all-environments' : '--all-profiles'} ${flag}`,
    );
  if (options.record !== undefined)
    throw usageError('--record keeps the trail of one rotation', `rotate each ${tenant} on its own with --record FILE`);
  // Each rotation in flight listens for SIGINT and SIGTERM, to undo its own.
  process.setMaxListeners(Math.max(process.getMaxListeners(), parallelOf(options) + 10));
  // Several tenants holding one PAT: rotated once, into each of them, by whichever starts first (the
  // others wait for it). Rotated for one alone, it would leave the others holding a deleted PAT.
  const groupOf = new Map<string, readonly string[]>();
  for (const group of await tenantsByPat(options)) {
    if (group.length < 2) continue;
    for (const name of group) groupOf.set(name, group);
    process.stderr.write(
      `patkit: ${tenant}s ${group.join(', ')} hold the same PAT: it is rotated once, its new credentials go to each of them\n`,
    );
  }
  const rotations = new Map<readonly string[], { readonly by: string; readonly outcome: Promise<number> }>();
  const run = await acrossTenants(options, (one) => {
    const group = groupOf.get(one.name) ?? [one.name];
    const running = rotations.get(group);
    if (running !== undefined)
      return running.outcome.catch((error: unknown) => {
        throw new CliError('rotation_failed', `its PAT is ${tenant} ${running.by}'s, whose rotation failed`, {
          exitCode: exitCodeOf(error),
        });
      });
    const into = group.map((name) => ({ kind, value: sail || name !== one.name ? name : '' }));
    const outcome = rotateWith(one.client, undefined, options, into, prepared, `tenant ${one.name}: `);
    rotations.set(group, { by: one.name, outcome });
    return outcome;
  });
  const worst = run.done.map(({ value }) => value).find((code) => code !== exitCodes.ok);
  return tenantsExitCode(run, worst ?? exitCodes.ok);
}

/** One rotation, with a client already configured: the transaction, its trail, its signals and its report. */
async function rotateWith(
  client: PatClient<ApiVersion>,
  id: string | undefined,
  options: RotateOptions,
  flags: readonly DestinationFlag[],
  { keepOldMs, ifExpiringMs, expiry, execs, execTimeoutMs }: Prepared,
  prefix = '',
): Promise<number> {
  const lease = newLease(Array.from({ length: execs }, () => execTimeoutMs));
  const { config } = client;
  const interruption = new AbortController();
  const destinations = destinationsOf(flags, options, config.sources.clientId, execTimeoutMs, interruption.signal);
  if (id !== undefined && id === config.clientId)
    throw usageError(
      'this is the PAT patkit is authenticated with',
      'rotate it with --self, and give where its new credentials go (e.g. --update-profile)',
    );
  const say = (line: string) => process.stderr.write(`${line.replace(/^patkit: /, `patkit: ${prefix}`)}\n`);
  const trail =
    options.record === undefined
      ? undefined
      : new RotationTrail(
          options.record,
          { baseUrl: config.baseUrl, by: config.clientId, byFrom: config.sources.clientId, run: lease.runId },
          destinations.map((destination) => destination.label),
          destinations.flatMap((destination) => destination.files),
          options.dryRun === true,
        );
  // Stopped by a signal: the run undoes what it did before its next step (its --exec commands are stopped);
  // a second signal ends it at once, and then the lease in ISC lets a later run finish or roll back.
  const stop = (signal: NodeJS.Signals) => {
    if (interruption.signal.aborted) {
      trail?.finish(
        'interrupted',
        `interrupted by ${signal} twice: a later patkit rotate finishes or rolls back once the lease has ended`,
      );
      process.exit(exitCodes.interrupted);
    }
    say(`patkit: ${signal}: stopping and undoing what this run did (${signal} again to stop at once)`);
    interruption.abort(signal);
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const outcome = await rotatePat({
    client,
    credentials: { baseUrl: config.baseUrl, clientId: config.clientId, clientSecret: config.clientSecret },
    targetId: id ?? config.clientId,
    self: options.self === true,
    destinations,
    expiry,
    ...(keepOldMs === undefined ? {} : { keepOldMs }),
    ...(ifExpiringMs === undefined ? {} : { ifExpiringMs }),
    dryRun: options.dryRun === true,
    ...(trail === undefined ? {} : { trail }),
    lease,
    signal: interruption.signal,
    lock: (key) => takeLocalLock(key, lease.runId, lease.ms),
    say,
  })
    .catch((error: unknown) => {
      if (!interruption.signal.aborted || !(error instanceof CliError)) throw error;
      throw new CliError(error.code, error.message, {
        exitCode: exitCodes.interrupted,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    })
    .finally(() => process.off('SIGINT', stop).off('SIGTERM', stop));
  const delivered = destinations.map((destination) => destination.label).join(', ');
  switch (outcome.kind) {
    case 'planned':
      return exitCodes.ok;
    case 'not-due': {
      const { pat } = outcome;
      say(
        `patkit: ${pat.name} ${pat.expirationDate ? `expires ${relativeTime(pat.expirationDate, outcome.now)}` : 'never expires'}, not within --if-expiring ${options.ifExpiring}: nothing to do`,
      );
      return exitCodes.ok;
    }
    case 'finished':
      say(
        `patkit: finished the interrupted rotation: ${outcome.name} is ${outcome.id}${delivered ? `, delivered to ${delivered}` : ''}`,
      );
      return exitCodes.ok;
    case 'rotated': {
      const { created, old, name, keptUntil } = outcome;
      if (destinations.length === 0) {
        await printSecret({ ...created, name }, options);
        say('patkit: this is the only time the new secret is shown; store it now.');
      } else say(`patkit: rotated ${name}: ${old.id} → ${created.id}, delivered to ${delivered}`);
      if (keptUntil === undefined) say(`patkit: the old PAT ${old.id} is deleted.`);
      else
        say(`patkit: the old PAT ${old.id} still works; delete it after ${keptUntil}: patkit delete ${old.id} --yes`);
      return exitCodes.ok;
    }
  }
}
