import { type ApiVersion, type PatPatchOperation, variantOf } from '@patkit/model';
import { decode, encode, encodeList, type SerializerIssue } from '@patkit/serializer';
import type { IncomingCall, ServerContext } from './context.js';
import { hashSecret, newId, newSecret } from './ids.js';
import type { AccessClaims } from './jwt.js';
import { parseListFilter } from './list-filter.js';
import { createdView, patView } from './pat-view.js';
import { errorReply, json, type Reply } from './responses.js';
import { allManage, allRead, myManage, myRead, Rights } from './rights.js';
import type { PatRow } from './store.js';

export const maxPatsPerOwner = 10;

const listAnswers = new WeakMap<readonly PatRow[], Map<string, Buffer>>();

function causesOf(issues: readonly SerializerIssue[]): string[] {
  return issues.map((issue) => `${issue.path || 'body'}: ${issue.message}`);
}

function sixMonthsAfter(ms: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + 6);
  return date.getTime();
}

/** GET …/personal-access-tokens[?owner-id=][&filters=] */
export function listPats(call: IncomingCall, ctx: ServerContext, claims: AccessClaims, apiVersion: ApiVersion): Reply {
  const rights = new Rights(claims);
  const ownerId = call.query.get('owner-id');
  const mine = ownerId === 'me';
  if (mine ? !rights.any(myRead, myManage, allRead, allManage) : !rights.any(allRead, allManage)) {
    return errorReply(403, [
      mine
        ? 'listing your PATs needs sp:my-personal-access-tokens:read or :manage'
        : 'listing the PATs of another owner or of the tenant needs sp:all-personal-access-tokens:read (admins only)',
    ]);
  }
  const filters = call.query.get('filters');
  const filter = parseListFilter(filters);
  if (!filter.ok) return errorReply(400, [filter.cause]);
  const rows = ownerId === null ? ctx.store.allPats() : ctx.store.patsOf(mine ? claims.identity_id : ownerId);
  // The store replaces a row list on every write, so an answer can be kept per list until then.
  let answers = listAnswers.get(rows);
  if (answers === undefined) {
    answers = new Map();
    listAnswers.set(rows, answers);
  }
  const key = `${apiVersion} ${rights.readsManaged} ${filters ?? ''}`;
  let body = answers.get(key);
  if (body === undefined) {
    const visible = rows.filter((row) => (rights.readsManaged || !row.managed) && filter.test(row));
    const views = visible.map((row) => patView(row, apiVersion));
    body = Buffer.from(encodeList('GetPersonalAccessTokenResponse', views, { apiVersion }));
    if (answers.size < 64) answers.set(key, body);
  }
  return json(200, body);
}

/** POST …/personal-access-tokens */
export function createPat(call: IncomingCall, ctx: ServerContext, claims: AccessClaims, apiVersion: ApiVersion): Reply {
  const rights = new Rights(claims);
  if (!rights.any(myManage, allManage)) {
    return errorReply(403, ['creating a PAT needs sp:my-personal-access-tokens:manage']);
  }
  if (!call.contentType.startsWith('application/json')) {
    return errorReply(415, [`send the body as application/json, not ${call.contentType || 'no content type'}`]);
  }
  const decoded = decode('CreatePersonalAccessTokenRequest', call.body, { apiVersion });
  if (!decoded.ok) return errorReply(400, causesOf(decoded.errors));
  const request = decoded.value;
  const name = request.name.trim();
  if (name === '') return errorReply(400, ['name: must not be empty']);
  const now = ctx.clock.now();
  let expiration: number | null;
  let neverExpiresAck = false;
  if (variantOf(apiVersion) === 'current') {
    const given = request.expirationDate ?? null;
    neverExpiresAck = 'userAwareTokenNeverExpires' in request && request.userAwareTokenNeverExpires === true;
    if (given === null && !neverExpiresAck) {
      return errorReply(400, [
        'expirationDate is null or missing, so the PAT would never expire: set userAwareTokenNeverExpires to true to acknowledge that, or give an expirationDate',
      ]);
    }
    expiration = given === null ? null : Date.parse(given);
    if (expiration !== null && expiration <= now) return errorReply(400, ['expirationDate: must be in the future']);
  } else {
    const limit = sixMonthsAfter(now);
    expiration =
      request.expirationDate === undefined || request.expirationDate === null
        ? limit
        : Date.parse(request.expirationDate);
    if (expiration <= now || expiration > limit) {
      return errorReply(400, [
        `expirationDate: must be in the future and at most 6 months away (by ${new Date(limit).toISOString()})`,
      ]);
    }
  }
  const secret = newSecret();
  const { salt, hash } = hashSecret(secret);
  const row: PatRow = {
    id: newId(),
    ownerId: claims.identity_id,
    ownerName: claims.user_name,
    name,
    scope: request.scope ?? ['sp:scopes:all'],
    created: now,
    lastUsed: null,
    managed: false,
    accessTokenValiditySeconds: request.accessTokenValiditySeconds ?? 43_200,
    expirationDate: expiration,
    userAwareTokenNeverExpires: expiration === null,
    secretSalt: salt,
    secretHash: hash,
  };
  const refused = ctx.store.transaction(() => {
    if (ctx.store.countOf(row.ownerId) >= maxPatsPerOwner) {
      return `an owner may have at most ${maxPatsPerOwner} PATs; delete one first`;
    }
    if (ctx.store.nameTaken(row.ownerId, name)) return `name: you already have a PAT named ${JSON.stringify(name)}`;
    ctx.store.insertPat(row);
    return undefined;
  });
  if (refused !== undefined) return errorReply(400, [refused]);
  return json(200, encode('CreatePersonalAccessTokenResponse', createdView(row, secret), { apiVersion }));
}

interface Editable {
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

/** Applies one operation; returns a cause when it cannot. */
function apply(editable: Editable, operation: PatPatchOperation): string | undefined {
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

/** PATCH …/personal-access-tokens/{id} */
export function patchPat(
  call: IncomingCall,
  ctx: ServerContext,
  claims: AccessClaims,
  apiVersion: ApiVersion,
  id: string,
): Reply {
  if (!new Rights(claims).has(myManage))
    return errorReply(403, ['patching a PAT needs sp:my-personal-access-tokens:manage']);
  if (!call.contentType.startsWith('application/json-patch+json')) {
    return errorReply(415, [
      `send the patch as application/json-patch+json, not ${call.contentType || 'no content type'}`,
    ]);
  }
  const decoded = decode('PatPatchDocument', call.body, { apiVersion });
  if (!decoded.ok) return errorReply(400, causesOf(decoded.errors));
  const now = ctx.clock.now();
  const outcome = ctx.store.transaction((): Reply | PatRow => {
    const row = ctx.store.pat(id);
    if (row === undefined || row.ownerId !== claims.identity_id)
      return errorReply(404, [`you have no PAT with the id ${id}`]);
    const editable: Editable = {
      name: row.name,
      scope: row.scope === null ? null : [...row.scope],
      expirationDate: row.expirationDate,
      userAwareTokenNeverExpires: row.userAwareTokenNeverExpires,
    };
    for (const operation of decoded.value) {
      const cause = apply(editable, operation);
      if (cause !== undefined) return errorReply(400, [cause]);
    }
    editable.name = editable.name.trim();
    if (editable.name === '') return errorReply(400, ['/name: must not be empty']);
    if (ctx.store.nameTaken(row.ownerId, editable.name, row.id)) {
      return errorReply(400, [`/name: you already have a PAT named ${JSON.stringify(editable.name)}`]);
    }
    if (
      editable.expirationDate !== row.expirationDate &&
      editable.expirationDate !== null &&
      editable.expirationDate <= now
    ) {
      return errorReply(400, ['/expirationDate: must be in the future']);
    }
    // A dated expiry ends a never-expires acknowledgement unless the patch kept it.
    const acknowledged = decoded.value.some((o) => o.path === '/userAwareTokenNeverExpires' && o.op !== 'test');
    const userAware = editable.expirationDate === null || (acknowledged && editable.userAwareTokenNeverExpires);
    const updated: PatRow = { ...row, ...editable, userAwareTokenNeverExpires: userAware };
    ctx.store.updatePat(updated);
    return updated;
  });
  if ('status' in outcome) return outcome;
  return json(200, encode('GetPersonalAccessTokenResponse', patView(outcome, apiVersion), { apiVersion }));
}

/** DELETE …/personal-access-tokens/{id} */
export function deletePat(ctx: ServerContext, claims: AccessClaims, id: string): Reply {
  const rights = new Rights(claims);
  if (!rights.any(myManage, allManage))
    return errorReply(403, ['deleting a PAT needs sp:my-personal-access-tokens:manage']);
  const row = ctx.store.pat(id);
  const allowed =
    row !== undefined && (rights.has(allManage) || (row.ownerId === claims.identity_id && rights.has(myManage)));
  if (!allowed || (row.managed && !rights.readsManaged))
    return errorReply(404, [`no PAT with the id ${id} is yours to delete`]);
  ctx.store.deletePat(id);
  return { status: 204 };
}
