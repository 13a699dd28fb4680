import { ApiError, createClient, type PatClient } from '@patkit/client';
import {
  type ApiVersion,
  apiVersionTable,
  type CreatePersonalAccessTokenResponse,
  defaultApiVersion,
  type Pat,
} from '@patkit/model';
import { day, relativeTime, sixMonthsAfter } from '@patkit/model/time';
import { CliError, usageError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import { tokenClaims } from '../token-claims.js';
import type { Destination, PatCredentials } from './destination.js';
import { claimName, claimsOf, describeClaim, type Lease, leaseEnd, leaseMarginMs, parseClaim } from './lease.js';
import type { RotationTrail } from './rotation-trail.js';

/** What the replacement's expiry should be. */
export type ExpiryChoice =
  | { readonly kind: 'same' }
  | { readonly kind: 'never' }
  | { readonly kind: 'at'; readonly ms: number; readonly flag: string }
  /** A duration from ISC's now (not this machine's), as `--if-expiring` is judged. */
  | { readonly kind: 'in'; readonly ms: number; readonly flag: string };

export interface Rotation {
  /** The client patkit is authenticated with, and its credentials. */
  readonly client: PatClient<ApiVersion>;
  readonly credentials: PatCredentials;
  readonly targetId: string;
  /** Rotating the PAT patkit is authenticated with: its secret is known, and a replacement it finds may be itself. */
  readonly self: boolean;
  readonly destinations: readonly Destination[];
  readonly expiry: ExpiryChoice;
  readonly keepOldMs?: number;
  readonly ifExpiringMs?: number;
  readonly dryRun: boolean;
  readonly trail?: RotationTrail;
  /** The lease this run takes in ISC (the replacement's name says it). */
  readonly lease: Lease;
  /** Aborted when the person stops the run (SIGINT, SIGTERM): it stops before its next step and rolls back. */
  readonly signal?: AbortSignal;
  /** Takes this machine's lock on rotating the PAT `key` names; gives back the function that releases it. */
  readonly lock?: (key: string) => () => void;
  /** A line for the person (stderr). */
  readonly say: (line: string) => void;
}

export type RotationOutcome =
  | { readonly kind: 'not-due'; readonly pat: Pat<ApiVersion>; readonly now: number }
  | { readonly kind: 'planned' }
  | { readonly kind: 'finished'; readonly id: string; readonly name: string }
  | {
      readonly kind: 'rotated';
      readonly created: CreatePersonalAccessTokenResponse;
      readonly name: string;
      readonly old: Pat<ApiVersion>;
      readonly keptUntil?: string;
    };

const facts = (pat: { id: string; name: string; expirationDate?: string | null }) => ({
  id: pat.id,
  name: pat.name,
  expirationDate: pat.expirationDate ?? null,
});

/** A client of the same tenant and API version with other credentials, failing at once (no retries). */
function clientFor(rotation: Rotation, credentials: PatCredentials): PatClient<ApiVersion> {
  const { tokenStore } = rotation.client;
  return createClient<ApiVersion>({
    ...credentials,
    apiVersion: rotation.client.apiVersion,
    // Its deletes forget the deleted PAT's kept token (a rotation's old PAT), as the first client's do.
    ...(tokenStore === undefined ? {} : { tokenStore }),
    retry: { maxAttempts: 1 },
    configEnvironment: { env: {} },
  });
}

/**
 * Whether credentials work: they mint a token, and list `owner-id=me` (a 403
 * there means the PAT authenticates but its scope does not let it list).
 */
async function verify(rotation: Rotation, credentials: PatCredentials): Promise<string | undefined> {
  const client = clientFor(rotation, credentials);
  try {
    await client.mintToken();
    await client.list({ ownerId: 'me' }).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 403)) throw error;
    });
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** ISC's time, which expires PATs: when a token minted now was issued (its `iat`), else this machine's clock. */
async function serverNow(client: PatClient<ApiVersion>): Promise<number> {
  // Minted now: a kept token was issued hours ago.
  const { iat } = tokenClaims((await client.mintToken()).access_token);
  return typeof iat === 'number' ? iat * 1000 : Date.now();
}

/** The replacement's expiry, as the API version takes it; a usage error when it cannot be had. */
export function replacementExpiry(
  old: Pat<ApiVersion>,
  choice: ExpiryChoice,
  apiVersion: ApiVersion,
  now: number,
): { expirationDate: string | null; userAwareTokenNeverExpires?: boolean } {
  const legacy = apiVersionTable[apiVersion].variant === 'legacy';
  const limit = sixMonthsAfter(now);
  if (choice.kind === 'never') {
    if (legacy)
      throw usageError(
        `${apiVersion} PATs cannot be made never-expiring: they expire within six months`,
        `give --expires 180d or a date, or use --api-version ${defaultApiVersion}`,
      );
    return { expirationDate: null, userAwareTokenNeverExpires: true };
  }
  if (choice.kind === 'in')
    return replacementExpiry(old, { ...choice, kind: 'at', ms: now + choice.ms }, apiVersion, now);
  if (choice.kind === 'at') {
    if (choice.ms <= now) throw usageError(`${choice.flag} must be in the future`);
    if (legacy && choice.ms > limit)
      throw usageError(
        `${choice.flag} is more than six months away, the most ${apiVersion} allows (${new Date(limit).toISOString()})`,
        'give --expires 180d or an earlier date',
      );
    return { expirationDate: new Date(choice.ms).toISOString() };
  }
  // The same lifetime as the old PAT, within what the version allows.
  const expires = old.expirationDate ?? null;
  if (expires === null)
    return legacy
      ? { expirationDate: new Date(limit).toISOString() }
      : { expirationDate: null, userAwareTokenNeverExpires: true };
  const lifetime = Math.max(Date.parse(expires) - Date.parse(old.created), day);
  return { expirationDate: new Date(legacy ? Math.min(now + lifetime, limit) : now + lifetime).toISOString() };
}

/** What a run holds: its replacement, whose name is its lease, and when (on this machine's clock) it must stop. */
interface Held {
  readonly created: CreatePersonalAccessTokenResponse;
  /** The replacement's `created`: ISC's now when the lease began. */
  readonly createdMs: number;
  /** performance.now() past which the run starts nothing it could not undo. */
  readonly deadline: number;
}

/** Why the run must stop before `before`: it was interrupted, or its lease has (nearly) run out and another run may take the PAT over. */
function mustStop(rotation: Rotation, held: Held | undefined, before: string): string | undefined {
  if (rotation.signal?.aborted) return `interrupted by ${String(rotation.signal.reason)} before ${before}`;
  if (held === undefined || performance.now() <= held.deadline) return undefined;
  return `the lease ran out before ${before} (another run may now take the PAT over)`;
}

/** Delivers to every destination in order, within the lease; the ones done, so that they can be undone. */
async function deliverAll(
  rotation: Rotation,
  next: PatCredentials,
  held?: Held,
): Promise<{ delivered: Destination[]; failure?: string }> {
  const delivered: Destination[] = [];
  for (const [at, destination] of rotation.destinations.entries()) {
    const stop = mustStop(rotation, held, `delivering to ${destination.label}`);
    if (stop !== undefined) return { delivered, failure: stop };
    try {
      await destination.deliver(next);
      delivered.push(destination);
      rotation.trail?.destination(at, 'delivered', { holds: next.clientId });
    } catch (error) {
      const why = (error as Error).message;
      rotation.trail?.destination(at, 'failed', { error: why });
      return { delivered, failure: `delivery to ${destination.label} failed: ${why}` };
    }
  }
  return { delivered };
}

/** Undoes deliveries (last first), then deletes the replacement; what could not be undone. */
async function rollBack(
  rotation: Rotation,
  delivered: readonly Destination[],
  replacementId: string,
): Promise<string[]> {
  const problems: string[] = [];
  const previous = rotation.self ? rotation.credentials : undefined;
  for (const destination of [...delivered].reverse()) {
    const at = rotation.destinations.indexOf(destination);
    try {
      await destination.undo(previous);
      rotation.trail?.destination(at, 'undone', { holds: 'what it held before' });
    } catch (error) {
      problems.push(`${destination.label}: ${(error as Error).message}`);
      rotation.trail?.destination(at, 'undo-failed', { error: (error as Error).message });
    }
  }
  try {
    await rotation.client.delete(replacementId);
    rotation.trail?.step(`deleted the replacement ${replacementId}`);
  } catch (error) {
    problems.push(`the replacement ${replacementId} could not be deleted: ${(error as Error).message.split('\n')[0]}`);
  }
  return problems;
}

function rolledBack(rotation: Rotation, why: string, problems: readonly string[]): CliError {
  rotation.trail?.finish(problems.length === 0 ? 'rolled-back' : 'failed', why);
  const tail =
    problems.length === 0
      ? 'rolled back: every destination has what it had, the replacement is deleted, the old PAT still works'
      : `rolled back, except:\n  ${problems.join('\n  ')}`;
  return new CliError('rotation_failed', `${why}; ${tail}`, {
    exitCode: exitCodes.failure,
    ...(problems.length === 0 ? {} : { hint: 'put the old credentials back where listed above' }),
  });
}

function busy(name: string, rival: Pat<ApiVersion>): CliError {
  return new CliError(
    'rotation_in_progress',
    `another rotation of ${name} is in progress: ${describeClaim(rival)}; nothing was changed`,
    {
      exitCode: exitCodes.busy,
      hint: 'wait for it to end; if it was stopped, run patkit rotate again once its lease has ended: that run finishes or rolls back what it left',
    },
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The replacement request: the old PAT's scope and validity, the expiry chosen. */
function replacementRequest(old: Pat<ApiVersion>, name: string, expiry: ReturnType<typeof replacementExpiry>) {
  return {
    name,
    scope: old.scope ?? null,
    accessTokenValiditySeconds: old.accessTokenValiditySeconds,
    ...expiry,
  } as never;
}

/**
 * Takes the lease: creates the replacement under a name that holds it, then
 * lists the owner's PATs. A live lease on the same PAT that began earlier
 * wins (this run deletes its replacement and stops); one that began in the
 * same millisecond makes both runs step back and try again after a random
 * pause. Of two runs, the later list always sees both replacements, so two
 * runs never both go on.
 */
async function takeLease(
  rotation: Rotation,
  name: string,
  old: Pat<ApiVersion>,
  expiry: ReturnType<typeof replacementExpiry>,
): Promise<Held> {
  const { client, lease, trail } = rotation;
  for (let attempt = 1; ; attempt++) {
    const startedAt = performance.now();
    const created = await client.create(replacementRequest(old, claimName(name, lease), expiry));
    trail?.step(`created the replacement ${created.id}, whose name holds the lease`, { replacement: facts(created) });
    const createdMs = Date.parse(created.created);
    const pats = await client.list({ ownerId: 'me' });
    const rivals = claimsOf(pats, name).filter((pat) => pat.id !== created.id && (leaseEnd(pat) ?? 0) > createdMs);
    const earlier = rivals.find((pat) => Date.parse(pat.created) < createdMs);
    const tie = rivals.find((pat) => Date.parse(pat.created) === createdMs);
    const oldThere = pats.some((pat) => pat.id === old.id);
    if (earlier === undefined && tie === undefined && oldThere)
      return { created, createdMs, deadline: startedAt + lease.ms - leaseMarginMs };
    await client.delete(created.id);
    trail?.step(
      `deleted the replacement ${created.id}: ${(earlier ?? tie) ? 'another run holds the lease' : 'the PAT is gone'}`,
    );
    if (earlier !== undefined || (tie !== undefined && attempt >= 5))
      throw busy(name, (earlier ?? tie) as Pat<ApiVersion>);
    if (tie === undefined)
      throw new CliError(
        'not_found',
        `${old.name} (${old.id}) was rotated or deleted by another run meanwhile; nothing was changed`,
        {
          exitCode: exitCodes.notFound,
          hint: `patkit list shows the PAT now named ${JSON.stringify(name)}`,
        },
      );
    await pause(100 + Math.random() * 900);
  }
}

/** The credentials of a replacement, when patkit knows them: it runs as it, or a destination holds them and they work. */
async function knownCredentials(
  rotation: Rotation,
  replacement: Pat<ApiVersion>,
): Promise<{ known: PatCredentials | undefined; holders: Destination[] }> {
  let known: PatCredentials | undefined =
    rotation.credentials.clientId === replacement.id ? rotation.credentials : undefined;
  const holders: Destination[] = [];
  for (const destination of rotation.destinations) {
    const held = await destination.held().catch(() => undefined);
    if (held?.clientId !== replacement.id) continue;
    holders.push(destination);
    if (known === undefined && held.clientSecret !== undefined) {
      const candidate = { ...rotation.credentials, clientId: replacement.id, clientSecret: held.clientSecret };
      if ((await verify(rotation, candidate)) === undefined) known = candidate;
    }
  }
  return { known, holders };
}

/**
 * A replacement whose lease has ended, while the PAT it replaces is still
 * there: finished when its credentials are known (delivered everywhere, the
 * old PAT deleted, the replacement renamed, this run's own replacement
 * deleted), else deleted (and, when patkit knows the old credentials, they
 * go back to the destinations that had the new), and the caller rotates
 * anew under its own lease.
 */
async function recover(
  rotation: Rotation,
  old: Pat<ApiVersion>,
  replacement: Pat<ApiVersion>,
  name: string,
  held: Held,
): Promise<RotationOutcome | undefined> {
  const { say, trail } = rotation;
  const { known, holders } = await knownCredentials(rotation, replacement);
  say(
    `patkit: ${replacement.name} (${replacement.id}) is the replacement of a rotation that did not finish, and its lease has ended; ${known === undefined ? 'rolling it back' : 'finishing it'}`,
  );
  if (known !== undefined) {
    const { failure } = await deliverAll(rotation, known, held);
    if (failure !== undefined) throw new CliError('rotation_failed', `finishing the rotation: ${failure}`);
    // patkit's own old PAT is deleted now: its last steps go with the replacement's credentials.
    const finisher = rotation.self ? clientFor(rotation, known) : rotation.client;
    await finisher.delete(old.id);
    trail?.step(`deleted the old PAT ${old.id}`, { old: facts(old) });
    await finisher.rename(replacement.id, name);
    trail?.step(`renamed ${replacement.id} to ${JSON.stringify(name)}`, {
      replacement: { ...facts(replacement), name },
    });
    await finisher.delete(held.created.id);
    trail?.step(`deleted this run's own replacement ${held.created.id}: the interrupted rotation is finished instead`);
    for (const destination of rotation.destinations) destination.commit();
    trail?.finish('rotated', 'finished the interrupted rotation');
    return { kind: 'finished', id: replacement.id, name };
  }
  await rotation.client.delete(replacement.id);
  trail?.step(`deleted ${replacement.id}, the replacement of an interrupted rotation`);
  if (holders.length > 0) {
    if (!rotation.self)
      throw new CliError(
        'rotation_failed',
        `the interrupted rotation had delivered to ${holders.map((d) => d.label).join(', ')}, and patkit does not know the old secret to put back`,
        { hint: 'put the old credentials there by hand, then run patkit rotate again' },
      );
    for (const destination of holders) await destination.deliver(rotation.credentials);
  }
  return undefined;
}

/**
 * A replacement whose lease has ended after its run deleted the old PAT:
 * it is the only PAT left, so it is never deleted. It gets its name back,
 * and its credentials, when patkit knows them, go to this run's destinations.
 */
async function finishOrphan(rotation: Rotation, orphan: Pat<ApiVersion>, name: string): Promise<RotationOutcome> {
  const { say, trail } = rotation;
  const { known } = await knownCredentials(rotation, orphan);
  say(
    `patkit: ${orphan.name} (${orphan.id}) is the replacement of a rotation that did not finish, and the PAT it replaced is gone: finishing it`,
  );
  if (known !== undefined) {
    for (const destination of rotation.destinations) await destination.prepare();
    const { failure } = await deliverAll(rotation, known);
    if (failure !== undefined) throw new CliError('rotation_failed', `finishing the rotation: ${failure}`);
  } else if (rotation.destinations.length > 0)
    say(
      `patkit: warning: patkit does not know ${orphan.id}'s secret, so ${rotation.destinations.map((d) => d.label).join(', ')} did not get it; the destinations of the run that created it have it`,
    );
  await (rotation.self && known !== undefined ? clientFor(rotation, known) : rotation.client).rename(orphan.id, name);
  trail?.step(`renamed ${orphan.id} to ${JSON.stringify(name)}`, { replacement: { ...facts(orphan), name } });
  for (const destination of rotation.destinations) destination.commit();
  trail?.finish('rotated', 'finished the interrupted rotation');
  return { kind: 'finished', id: orphan.id, name };
}

function notDue(rotation: Rotation, pat: Pat<ApiVersion>, now: number): boolean {
  if (rotation.ifExpiringMs === undefined) return false;
  const expires = pat.expirationDate ? Date.parse(pat.expirationDate) : undefined;
  return expires === undefined || expires - now > rotation.ifExpiringMs;
}

/** --dry-run: every check the real run makes (the destinations' included), and the steps it would take. */
async function plan(
  rotation: Rotation,
  old: Pat<ApiVersion>,
  leftovers: readonly Pat<ApiVersion>[],
  name: string,
  expiry: ReturnType<typeof replacementExpiry>,
  now: number,
): Promise<RotationOutcome> {
  const { say } = rotation;
  for (const destination of rotation.destinations) await destination.check();
  const labels = rotation.destinations.map((destination) => destination.label);
  for (const leftover of leftovers) {
    const { known } = await knownCredentials(rotation, leftover);
    say(
      `patkit: ${leftover.name} (${leftover.id}) is the replacement of a rotation that did not finish; its lease has ended: patkit would ${known === undefined ? `delete it, then rotate ${name} anew` : `deliver its credentials to ${labels.join(', ') || 'no destination'}, delete ${old.id} and rename it ${JSON.stringify(name)}`}`,
    );
    if (known !== undefined) return { kind: 'planned' };
  }
  const steps = [
    `create ${JSON.stringify(claimName(name, rotation.lease))} (its name holds the lease) with scope ${(old.scope ?? ['(none: sp:scopes:all)']).join(' ')}, access tokens valid ${old.accessTokenValiditySeconds} s, ${expiry.expirationDate === null ? 'never expiring' : `expiring ${expiry.expirationDate} (${relativeTime(expiry.expirationDate, now)})`}`,
    'verify that its credentials mint a token and list your PATs',
    ...(labels.length === 0 ? ['print its secret once'] : labels.map((label) => `deliver them to ${label}`)),
    rotation.keepOldMs === undefined
      ? `delete the old PAT ${old.id}`
      : `rename the old PAT ${old.id} to ${JSON.stringify(keptName(name, now + rotation.keepOldMs, rotation.lease))}`,
    `rename the replacement ${JSON.stringify(name)}`,
  ];
  say(`patkit: --dry-run: rotating ${name} (${old.id}) would:`);
  for (const [at, step] of steps.entries()) say(`  ${at + 1}. ${step}`);
  say('patkit: if verifying or any delivery fails, every destination is put back and the replacement deleted');
  rotation.trail?.finish('planned', '--dry-run: nothing was changed');
  return { kind: 'planned' };
}

/** The old PAT's name while --keep-old keeps it: when to delete it, and the run (names are unique per owner). */
function keptName(name: string, until: number, lease: Lease): string {
  return `${name} (old: delete after ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC, run ${lease.runId})`;
}

/**
 * A rotation as one transaction, exclusive among every run that may rotate
 * the same PAT: take the lease (create the replacement under a name that
 * holds it), verify its credentials, deliver them to every destination in
 * order, and only then delete the old PAT (or, with keepOldMs, rename it to
 * say when to delete it) and give the replacement its name. A failed
 * verification or delivery undoes what was done; a run stopped midway is
 * finished or rolled back by a later one, once its lease has ended. The
 * trail always ends, saying how.
 */
export async function rotatePat(rotation: Rotation): Promise<RotationOutcome> {
  try {
    return await rotateExclusively(rotation);
  } catch (error) {
    if (rotation.trail?.ended === false)
      rotation.trail.finish(
        error instanceof CliError && error.code === 'rotation_in_progress' ? 'busy' : 'failed',
        (error as Error).message.split('\n')[0] as string,
      );
    throw error;
  }
}

async function rotateExclusively(rotation: Rotation): Promise<RotationOutcome> {
  const { client, say, trail } = rotation;
  const mine = await client.list({ ownerId: 'me' });
  const target = mine.find((pat) => pat.id === rotation.targetId);
  if (target === undefined)
    throw new CliError('not_found', `you have no PAT with the id ${rotation.targetId}`, {
      exitCode: exitCodes.notFound,
    });
  if (target.managed)
    throw new CliError('managed', `${target.name} is managed by SailPoint; rotate it where it is managed`, {
      exitCode: exitCodes.failure,
    });
  const name = parseClaim(target.name)?.name ?? target.name;
  const old = mine.find((pat) => pat.name === name);
  // A replacement's id given while the PAT it replaces is there: that PAT's rotation owns it.
  if (old !== undefined && old !== target && !rotation.self)
    throw usageError(
      `${target.name} is the replacement of a rotation that did not finish`,
      `rotate the PAT named ${JSON.stringify(name)}: that run finishes or rolls it back`,
    );
  const now = await serverNow(client);
  const leftovers = claimsOf(mine, name);
  const live = leftovers.find((pat) => (leaseEnd(pat) ?? 0) > now);
  if (live !== undefined) throw busy(name, live);
  if (old !== undefined) trail?.step('found the PAT', { old: facts(old) });
  if (leftovers.length === 0 && old !== undefined && notDue(rotation, old, now)) {
    trail?.finish('not-due', 'not expiring within the --if-expiring window');
    return { kind: 'not-due', pat: old, now };
  }
  const expiry = replacementExpiry(old ?? target, rotation.expiry, client.apiVersion, now);
  if (rotation.dryRun) {
    if (old === undefined) {
      for (const destination of rotation.destinations) await destination.check();
      say(`patkit: --dry-run: ${target.name} (${target.id}) would get its name back, ${JSON.stringify(name)}`);
      trail?.finish('planned', '--dry-run: nothing was changed');
      return { kind: 'planned' };
    }
    return await plan(rotation, old, leftovers, name, expiry, now);
  }
  const release = rotation.lock?.(`${client.config.baseUrl}\n${target.owner.id ?? ''}\n${name}`);
  try {
    if (old === undefined) {
      // The earliest replacement is the one whose run won the lease and deleted the old PAT.
      const orphan = [...leftovers].sort((a, b) => Date.parse(a.created) - Date.parse(b.created))[0] ?? target;
      return await finishOrphan(rotation, orphan, name);
    }
    for (const destination of rotation.destinations) await destination.prepare();
    const held = await takeLease(rotation, name, old, expiry);
    for (const leftover of leftovers) {
      const outcome = await recover(rotation, old, leftover, name, held);
      if (outcome !== undefined) return outcome;
    }
    const current =
      leftovers.length === 0 ? old : (await client.list({ ownerId: 'me' })).find((pat) => pat.id === old.id);
    if (current === undefined)
      throw new CliError('not_found', `${old.name} (${old.id}) is gone`, { exitCode: exitCodes.notFound });
    if (leftovers.length > 0 && notDue(rotation, current, held.createdMs)) {
      await client.delete(held.created.id);
      trail?.finish('not-due', 'not expiring within the --if-expiring window');
      return { kind: 'not-due', pat: current, now: held.createdMs };
    }
    return await rotateHeld(rotation, current, name, held);
  } finally {
    release?.();
  }
}

/** The transaction proper, under the lease `held`. */
async function rotateHeld(
  rotation: Rotation,
  old: Pat<ApiVersion>,
  name: string,
  held: Held,
): Promise<RotationOutcome> {
  const { client, trail } = rotation;
  const { created } = held;
  const next: PatCredentials = { ...rotation.credentials, clientId: created.id, clientSecret: created.secret };
  const early = mustStop(rotation, held, 'verifying the replacement');
  if (early !== undefined) throw rolledBack(rotation, early, await rollBack(rotation, [], created.id));
  const unverified = await verify(rotation, next);
  if (unverified !== undefined)
    throw rolledBack(
      rotation,
      `the replacement's credentials do not work (${unverified})`,
      await rollBack(rotation, [], created.id),
    );
  trail?.step('verified the replacement: it mints a token and lists your PATs');
  const { delivered, failure } = await deliverAll(rotation, next, held);
  if (failure !== undefined) throw rolledBack(rotation, failure, await rollBack(rotation, delivered, created.id));
  // Interrupted while delivering: a command stopped by the signal may still have exited 0.
  const stop = mustStop(rotation, held, 'retiring the old PAT');
  if (stop !== undefined) throw rolledBack(rotation, stop, await rollBack(rotation, delivered, created.id));
  // The old PAT's own rights may be gone once it is deleted: the last steps go with the new one's, when it is patkit's.
  const finisher = rotation.self ? clientFor(rotation, next) : client;
  let keptUntil: string | undefined;
  try {
    if (rotation.keepOldMs === undefined) {
      await finisher.delete(old.id);
      trail?.step(`deleted the old PAT ${old.id}`);
    } else {
      const until = held.createdMs + rotation.keepOldMs;
      keptUntil = new Date(until).toISOString();
      await finisher.rename(old.id, keptName(name, until, rotation.lease));
      trail?.step(`renamed the old PAT ${old.id}: it still works until deleted`, { keptUntil });
    }
  } catch (error) {
    // The old PAT is as it was and still works: every destination gets it back.
    const why = `${rotation.keepOldMs === undefined ? 'deleting' : 'renaming'} the old PAT ${old.id} failed: ${(error as Error).message.split('\n')[0]}`;
    throw rolledBack(rotation, why, await rollBack(rotation, delivered, created.id));
  }
  try {
    await finisher.rename(created.id, name);
  } catch (error) {
    // Past the point of no return: the old PAT is retired, the replacement works and every destination has it.
    const why = `renaming the replacement ${created.id} to ${JSON.stringify(name)} failed: ${(error as Error).message.split('\n')[0]}`;
    trail?.finish('failed', `${why}; every destination has the replacement, which works`);
    throw new CliError('rotation_failed', `${why}; every destination has the new credentials, which work`, {
      hint: `run patkit rotate ${created.id} once its lease has ended: it gives the replacement its name`,
    });
  }
  trail?.step(`renamed the replacement ${JSON.stringify(name)}`, { replacement: { ...facts(created), name } });
  for (const destination of rotation.destinations) destination.commit();
  trail?.finish('rotated', 'rotated');
  return { kind: 'rotated', created, name, old, ...(keptUntil === undefined ? {} : { keptUntil }) };
}
