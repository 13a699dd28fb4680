import { ApiError, createClient, type PatClient } from '@patkit/client';
import {
  type ApiVersion,
  apiVersionTable,
  type CreatePersonalAccessTokenResponse,
  type GetPersonalAccessTokenResponse,
} from '@patkit/model';
import { day, relativeTime, sixMonthsAfter } from '@patkit/model/time';
import { CliError, usageError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import { tokenClaims } from '../token-claims.js';
import type { Destination, PatCredentials } from './destination.js';
import type { RotationTrail } from './rotation-trail.js';

/** The name a replacement has while both PATs exist: how a later run finds one a killed run left. */
export const rotatedSuffix = ' (rotated)';

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
  /** A line for the person (stderr). */
  readonly say: (line: string) => void;
}

export type RotationOutcome =
  | { readonly kind: 'not-due'; readonly pat: GetPersonalAccessTokenResponse; readonly now: number }
  | { readonly kind: 'planned' }
  | { readonly kind: 'finished'; readonly id: string; readonly name: string }
  | {
      readonly kind: 'rotated';
      readonly created: CreatePersonalAccessTokenResponse;
      readonly name: string;
      readonly old: GetPersonalAccessTokenResponse;
      readonly keptUntil?: string;
    };

const facts = (pat: { id: string; name: string; expirationDate?: string | null }) => ({
  id: pat.id,
  name: pat.name,
  expirationDate: pat.expirationDate ?? null,
});

/** A client of the same tenant and API version with other credentials, failing at once (no retries). */
function clientFor(rotation: Rotation, credentials: PatCredentials): PatClient<ApiVersion> {
  return createClient<ApiVersion>({
    ...credentials,
    apiVersion: rotation.client.apiVersion,
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

/** ISC's time, which expires PATs: when patkit's token was issued (its `iat`), else this machine's clock. */
async function serverNow(client: PatClient<ApiVersion>): Promise<number> {
  const { iat } = tokenClaims(await client.accessToken());
  return typeof iat === 'number' ? iat * 1000 : Date.now();
}

/** The replacement's expiry, as the API version takes it; a usage error when it cannot be had. */
export function replacementExpiry(
  old: GetPersonalAccessTokenResponse,
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
        'give --expires 180d or a date, or use --api-version v2025',
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

/** Delivers to every destination in order; the ones done, so that they can be undone. */
async function deliverAll(
  rotation: Rotation,
  next: PatCredentials,
): Promise<{ delivered: Destination[]; failure?: string }> {
  const delivered: Destination[] = [];
  for (const [at, destination] of rotation.destinations.entries()) {
    try {
      await destination.deliver(next);
      delivered.push(destination);
      rotation.trail?.destination(at, 'delivered');
    } catch (error) {
      const why = (error as Error).message;
      rotation.trail?.destination(at, 'failed', why);
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
      rotation.trail?.destination(at, 'undone');
    } catch (error) {
      problems.push(`${destination.label}: ${(error as Error).message}`);
      rotation.trail?.destination(at, 'undo-failed', (error as Error).message);
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

/**
 * Finishes a rotation a killed run left (its replacement still exists, and
 * its credentials are known: they are patkit's own, or a destination has
 * them and they work): delivers them everywhere, deletes the old PAT,
 * renames the replacement. Without them, rolls back: the replacement goes
 * (and, when patkit knows the old credentials, so do they back to the
 * destinations that had the new), and the caller rotates anew.
 */
async function recover(
  rotation: Rotation,
  old: GetPersonalAccessTokenResponse | undefined,
  replacement: GetPersonalAccessTokenResponse,
  name: string,
): Promise<RotationOutcome | undefined> {
  const { say } = rotation;
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
  say(
    `patkit: ${replacement.name} (${replacement.id}) is the replacement of a rotation that did not finish; ${known === undefined ? 'rolling it back' : 'finishing it'}`,
  );
  if (rotation.dryRun) {
    say(
      known === undefined
        ? `patkit: would delete ${replacement.id}, then rotate ${name} anew`
        : `patkit: would deliver its credentials to ${rotation.destinations.map((d) => d.label).join(', ') || 'no destination'}, delete ${old?.id ?? 'nothing'}, rename it ${JSON.stringify(name)}`,
    );
    return known === undefined ? undefined : { kind: 'planned' };
  }
  if (known !== undefined) {
    for (const destination of rotation.destinations) await destination.prepare();
    const { failure } = await deliverAll(rotation, known);
    if (failure !== undefined) throw new CliError('rotation_failed', `finishing the rotation: ${failure}`);
    const finisher = clientFor(rotation, known);
    if (old !== undefined) {
      await finisher.delete(old.id);
      rotation.trail?.step(`deleted the old PAT ${old.id}`, { old: facts(old) });
    }
    await finisher.rename(replacement.id, name);
    rotation.trail?.step(`renamed ${replacement.id} to ${JSON.stringify(name)}`, { replacement: facts(replacement) });
    for (const destination of rotation.destinations) destination.commit();
    rotation.trail?.finish('rotated', 'finished the interrupted rotation');
    return { kind: 'finished', id: replacement.id, name };
  }
  await rotation.client.delete(replacement.id);
  rotation.trail?.step(`deleted ${replacement.id}, the replacement of an interrupted rotation`);
  if (holders.length > 0) {
    if (!rotation.self)
      throw new CliError(
        'rotation_failed',
        `the interrupted rotation had delivered to ${holders.map((d) => d.label).join(', ')}, and patkit does not know the old secret to put back`,
        { hint: 'put the old credentials there by hand, then run patkit rotate again' },
      );
    for (const destination of holders) {
      await destination.prepare();
      await destination.deliver(rotation.credentials);
    }
  }
  return undefined;
}

/**
 * A rotation as one transaction: create the replacement ("NAME (rotated)"),
 * verify its credentials, deliver them to every destination in order, and
 * only then delete the old PAT (or, with keepOldMs, rename it to say when to
 * delete it) and give the replacement its name. A failed verification or
 * delivery undoes what was done; a run killed midway is finished or rolled
 * back by the next.
 */
export async function rotatePat(rotation: Rotation): Promise<RotationOutcome> {
  const { client, say, trail } = rotation;
  const mine = await client.list({ ownerId: 'me' });
  let old = mine.find((pat) => pat.id === rotation.targetId);
  if (old === undefined)
    throw new CliError('not_found', `you have no PAT with the id ${rotation.targetId}`, {
      exitCode: exitCodes.notFound,
    });
  if (old.managed)
    throw new CliError('managed', `${old.name} is managed by SailPoint; rotate it where it is managed`, {
      exitCode: exitCodes.failure,
    });
  // patkit's own PAT is a replacement: the run that created it was killed after delivering to patkit's profile.
  if (old.name.endsWith(rotatedSuffix)) {
    const name = old.name.slice(0, -rotatedSuffix.length);
    if (!rotation.self)
      throw usageError(
        `${old.name} is the replacement of a rotation that did not finish`,
        `rotate the PAT named ${JSON.stringify(name)}: that run finishes or rolls it back`,
      );
    const outcome = await recover(
      rotation,
      mine.find((pat) => pat.name === name),
      old,
      name,
    );
    if (outcome !== undefined) return outcome;
  }
  const leftover = mine.find((pat) => pat.name === `${old?.name}${rotatedSuffix}`);
  if (leftover !== undefined) {
    const outcome = await recover(rotation, old, leftover, old.name);
    if (outcome !== undefined) return outcome;
    old = (await client.list({ ownerId: 'me' })).find((pat) => pat.id === rotation.targetId) ?? old;
  }
  const now = await serverNow(client);
  trail?.step('found the PAT', { old: facts(old) });
  if (rotation.ifExpiringMs !== undefined) {
    const expires = old.expirationDate ? Date.parse(old.expirationDate) : undefined;
    if (expires === undefined || expires - now > rotation.ifExpiringMs) {
      trail?.finish('not-due', 'not expiring within the --if-expiring window');
      return { kind: 'not-due', pat: old, now };
    }
  }
  const expiry = replacementExpiry(old, rotation.expiry, client.apiVersion, now);
  const name = old.name;
  const labels = rotation.destinations.map((destination) => destination.label);
  if (rotation.dryRun) {
    const steps = [
      `create ${JSON.stringify(`${name}${rotatedSuffix}`)} with scope ${(old.scope ?? ['(none: sp:scopes:all)']).join(' ')}, access tokens valid ${old.accessTokenValiditySeconds ?? 43_200} s, ${expiry.expirationDate === null ? 'never expiring' : `expiring ${expiry.expirationDate} (${relativeTime(expiry.expirationDate, now)})`}`,
      'verify that its credentials mint a token and list your PATs',
      ...(labels.length === 0 ? ['print its secret once'] : labels.map((label) => `deliver them to ${label}`)),
      rotation.keepOldMs === undefined
        ? `delete the old PAT ${old.id}`
        : `rename the old PAT ${old.id} to say to delete it after ${new Date(now + rotation.keepOldMs).toISOString()}`,
      `rename the replacement ${JSON.stringify(name)}`,
    ];
    say(`patkit: --dry-run: rotating ${name} (${old.id}) would:`);
    for (const [at, step] of steps.entries()) say(`  ${at + 1}. ${step}`);
    say('patkit: if verifying or any delivery fails, every destination is put back and the replacement deleted');
    trail?.finish('planned', '--dry-run: nothing was changed');
    return { kind: 'planned' };
  }
  for (const destination of rotation.destinations) await destination.prepare();
  const created = await client.create({
    name: `${name}${rotatedSuffix}`,
    scope: old.scope ?? null,
    accessTokenValiditySeconds: old.accessTokenValiditySeconds ?? 43_200,
    ...expiry,
  } as never);
  trail?.step(`created the replacement ${created.id}`, { replacement: facts(created) });
  const next: PatCredentials = { ...rotation.credentials, clientId: created.id, clientSecret: created.secret };
  const unverified = await verify(rotation, next);
  if (unverified !== undefined)
    throw rolledBack(
      rotation,
      `the replacement's credentials do not work (${unverified})`,
      await rollBack(rotation, [], created.id),
    );
  trail?.step('verified the replacement: it mints a token and lists your PATs');
  const { delivered, failure } = await deliverAll(rotation, next);
  if (failure !== undefined) throw rolledBack(rotation, failure, await rollBack(rotation, delivered, created.id));
  // The old PAT's own rights may be gone once it is deleted: the last steps go with the new one's, when it is patkit's.
  const finisher = rotation.self ? clientFor(rotation, next) : client;
  let keptUntil: string | undefined;
  if (rotation.keepOldMs === undefined) {
    await finisher.delete(old.id);
    trail?.step(`deleted the old PAT ${old.id}`);
  } else {
    keptUntil = new Date(now + rotation.keepOldMs).toISOString();
    // To the minute: two kept PATs of one name never collide (names are unique per owner).
    await finisher.rename(old.id, `${name} (old: delete after ${keptUntil.slice(0, 16).replace('T', ' ')} UTC)`);
    trail?.step(`renamed the old PAT ${old.id}: it still works until deleted`, { keptUntil });
  }
  await finisher.rename(created.id, name);
  trail?.step(`renamed the replacement ${JSON.stringify(name)}`);
  for (const destination of rotation.destinations) destination.commit();
  trail?.finish('rotated', 'rotated');
  return { kind: 'rotated', created, name, old, ...(keptUntil === undefined ? {} : { keptUntil }) };
}
