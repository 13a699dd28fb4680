// ISC's rules for PATs as pure functions: the request handlers and the seed
// loader apply the same ones.
import type { PatPatchOperation } from '@patkit/model';
import { type ModelVariant, maxDateTimeMs, normalizePatName } from '@patkit/model/core';
import { sixMonthsAfter } from '@patkit/model/time';

/** ISC refuses an eleventh PAT per owner. */
export const maxPatsPerOwner = 10;

const pastLastDate = (what: string) =>
  `expirationDate: ${what} is after ${new Date(maxDateTimeMs).toISOString()}, the last moment ISC's date-times can write; give an earlier expirationDate`;

/**
 * The never-expires flag a PAT keeps, on create and on patch alike: set when
 * it has no expiry, and kept when the request sets it along with a date.
 */
export function neverExpiresFlag(expiration: number | null, acknowledged: boolean): boolean {
  return expiration === null || acknowledged;
}

/** What a create request says about expiry. */
export interface ExpiryRequest {
  readonly expirationDate?: string | null | undefined;
  readonly userAwareTokenNeverExpires?: boolean | null | undefined;
}

/** A PAT's expiry on creation (ms, or null for never), or why it is refused. */
export type CreationExpiry =
  | { readonly ok: true; readonly expiration: number | null }
  | { readonly ok: false; readonly cause: string };

/** How each wire shape decides a new PAT's expiry. */
export const creationExpiry: Record<ModelVariant, (request: ExpiryRequest, now: number) => CreationExpiry> = {
  current: (request, now) => {
    const given = request.expirationDate ?? null;
    if (given === null && request.userAwareTokenNeverExpires !== true) {
      return {
        ok: false,
        cause:
          'expirationDate is null or missing, so the PAT would never expire: set userAwareTokenNeverExpires to true to acknowledge that, or give an expirationDate',
      };
    }
    const expiration = given === null ? null : Date.parse(given);
    if (expiration !== null && expiration <= now) return { ok: false, cause: 'expirationDate: must be in the future' };
    return { ok: true, expiration };
  },
  // No never-expiring PATs: six months after creation by default, and at most.
  legacy: (request, now) => {
    const limit = sixMonthsAfter(now);
    if (request.expirationDate == null && limit > maxDateTimeMs)
      return { ok: false, cause: pastLastDate('six months from now') };
    const expiration = request.expirationDate == null ? limit : Date.parse(request.expirationDate);
    if (expiration <= now || expiration > limit) {
      return {
        ok: false,
        cause: `expirationDate: must be in the future and at most 6 months away (by ${new Date(limit).toISOString()})`,
      };
    }
    return { ok: true, expiration };
  },
};

/** The fields of a PAT a patch may change. */
export interface Editable {
  name: string;
  scope: string[] | null;
  expirationDate: number | null;
  userAwareTokenNeverExpires: boolean;
}

function valueAt(editable: Editable, path: string): unknown {
  if (path === '/name') return editable.name;
  if (path === '/scope') return editable.scope;
  if (path === '/expirationDate')
    return editable.expirationDate === null ? null : new Date(editable.expirationDate).toISOString();
  if (path === '/userAwareTokenNeverExpires') return editable.userAwareTokenNeverExpires;
  const index = Number(path.slice('/scope/'.length));
  return editable.scope?.[index];
}

/** Applies one operation in place; returns a cause when it cannot. */
function applyOperation(editable: Editable, operation: PatPatchOperation): string | undefined {
  const { path } = operation;
  if (operation.op === 'test') {
    return JSON.stringify(valueAt(editable, path)) === JSON.stringify(operation.value)
      ? undefined
      : `test failed: ${path} is not ${JSON.stringify(operation.value)}`;
  }
  if (operation.op === 'remove') {
    const index = Number(path.slice('/scope/'.length));
    if (editable.scope === null || index >= editable.scope.length) return `${path}: there is no such scope to remove`;
    editable.scope.splice(index, 1);
    return undefined;
  }
  switch (operation.path) {
    case '/name':
      editable.name = operation.value;
      return undefined;
    case '/scope':
      editable.scope = operation.value === null ? null : [...operation.value];
      return undefined;
    case '/expirationDate':
      editable.expirationDate = operation.value === null ? null : Date.parse(operation.value);
      return undefined;
    case '/userAwareTokenNeverExpires':
      editable.userAwareTokenNeverExpires = operation.value;
      return undefined;
    case '/scope/-':
      editable.scope = [...(editable.scope ?? []), operation.value];
      return undefined;
    default: {
      const index = Number(operation.path.slice('/scope/'.length));
      const scope = editable.scope ?? [];
      if (operation.op === 'add' && index <= scope.length) scope.splice(index, 0, operation.value);
      else if (operation.op === 'replace' && index < scope.length) scope[index] = operation.value;
      else return `${operation.path}: the scope list has ${scope.length} entries`;
      editable.scope = scope;
      return undefined;
    }
  }
}

/**
 * A patch applied to a PAT's editable fields, all operations or none, with
 * the name normalized and the never-expires flag settled; or why it cannot be.
 * Uniqueness of the name is the store's to check.
 */
export function applyPatch(
  before: Readonly<Omit<Editable, 'scope'>> & { readonly scope: readonly string[] | null },
  operations: readonly PatPatchOperation[],
  now: number,
): { ok: true; value: Editable } | { ok: false; cause: string } {
  const editable: Editable = {
    name: before.name,
    scope: before.scope === null ? null : [...before.scope],
    expirationDate: before.expirationDate,
    userAwareTokenNeverExpires: before.userAwareTokenNeverExpires,
  };
  for (const operation of operations) {
    const cause = applyOperation(editable, operation);
    if (cause !== undefined) return { ok: false, cause };
  }
  editable.name = normalizePatName(editable.name);
  if (editable.name === '') return { ok: false, cause: '/name: must not be empty' };
  if (
    editable.expirationDate !== before.expirationDate &&
    editable.expirationDate !== null &&
    editable.expirationDate <= now
  ) {
    return { ok: false, cause: '/expirationDate: must be in the future' };
  }
  // A dated expiry ends a never-expires acknowledgement unless the patch set it again.
  const acknowledged = operations.some((o) => o.path === '/userAwareTokenNeverExpires' && o.op !== 'test');
  editable.userAwareTokenNeverExpires = neverExpiresFlag(
    editable.expirationDate,
    acknowledged && editable.userAwareTokenNeverExpires,
  );
  return { ok: true, value: editable };
}
