import {
  type ApiVersion,
  defaultAccessTokenValiditySeconds,
  normalizePatName,
  rateLimitPath,
  variantOf,
} from '@patkit/model/core';
import { decode, encode, encodeList, type SerializerIssue } from '@patkit/serializer';
import type { ServerContext } from '../context.js';
import type { Handler, IncomingCall } from '../http/request.js';
import { errorReply, json, type Reply, tooManyRequests, unauthorized } from '../http/responses.js';
import { hashSecret, newId, newSecret } from '../state/ids.js';
import type { PatRow } from '../state/store.js';
import type { AccessClaims } from './jwt.js';
import { parseListFilter } from './list-filter.js';
import { allManage, allRead, myManage, myRead, Rights } from './rights.js';
import { applyPatch, creationExpiry, maxPatsPerOwner, neverExpiresFlag } from './rules.js';
import { createdView, patView } from './view.js';

const listAnswers = new WeakMap<readonly PatRow[], Map<string, Buffer>>();

function causesOf(issues: readonly SerializerIssue[]): string[] {
  return issues.map((issue) => `${issue.path || 'body'}: ${issue.message}`);
}

/** What answers one PAT route, once the caller is authenticated. */
export type PatEndpoint = (
  call: IncomingCall,
  ctx: ServerContext,
  claims: AccessClaims,
  apiVersion: ApiVersion,
) => Reply;

/**
 * The list as JSON. A row no view can write (a date past year 9999 stored by
 * an older server, or a database edited by hand) is left out: one bad row
 * never takes the whole list down.
 */
function listBody(rows: readonly PatRow[], apiVersion: ApiVersion): string {
  try {
    return encodeList(
      'GetPersonalAccessTokenResponse',
      rows.map((row) => patView(row, apiVersion)),
      { apiVersion },
    );
  } catch {
    const writable = rows.flatMap((row) => {
      try {
        const view = patView(row, apiVersion);
        encode('GetPersonalAccessTokenResponse', view, { apiVersion });
        return [view];
      } catch {
        return [];
      }
    });
    return encodeList('GetPersonalAccessTokenResponse', writable, { apiVersion });
  }
}

/** GET …/personal-access-tokens[?owner-id=][&filters=] */
export const listPats: PatEndpoint = (call, ctx, claims, apiVersion) => {
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
    body = Buffer.from(listBody(visible, apiVersion));
    if (answers.size < 64) answers.set(key, body);
  }
  return json(200, body);
};

/** POST …/personal-access-tokens */
export const createPat: PatEndpoint = (call, ctx, claims, apiVersion) => {
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
  const name = normalizePatName(request.name);
  if (name === '') return errorReply(400, ['name: must not be empty']);
  const now = ctx.clock.now();
  const expiry = creationExpiry[variantOf(apiVersion)](request, now);
  if (!expiry.ok) return errorReply(400, [expiry.cause]);
  const expiration = expiry.expiration;
  const secret = newSecret();
  const { salt, hash } = hashSecret(secret);
  const row: PatRow = {
    id: newId(),
    ownerId: claims.identity_id,
    ownerName: ctx.store.identity(claims.identity_id)?.name ?? claims.user_name,
    name,
    scope: request.scope ?? ['sp:scopes:all'],
    created: now,
    lastUsed: null,
    managed: false,
    accessTokenValiditySeconds: request.accessTokenValiditySeconds ?? defaultAccessTokenValiditySeconds,
    expirationDate: expiration,
    userAwareTokenNeverExpires: neverExpiresFlag(
      expiration,
      'userAwareTokenNeverExpires' in request && request.userAwareTokenNeverExpires === true,
    ),
    secretSalt: salt,
    secretHash: hash,
  };
  const refused = ctx.store.transaction(() => {
    const owned = ctx.store.ownerPats(row.ownerId, name);
    if (owned.count >= maxPatsPerOwner) {
      return `an owner may have at most ${maxPatsPerOwner} PATs; delete one first`;
    }
    if (owned.nameTaken) return `name: you already have a PAT named ${JSON.stringify(name)}`;
    ctx.store.insertPat(row);
    return undefined;
  });
  if (refused !== undefined) return errorReply(400, [refused]);
  return json(200, encode('CreatePersonalAccessTokenResponse', createdView(row, secret), { apiVersion }));
};

/** PATCH …/personal-access-tokens/{id} */
export const patchPat: PatEndpoint = (call, ctx, claims, apiVersion) => {
  const id = call.params.id as string;
  const rights = new Rights(claims);
  if (!rights.has(myManage)) return errorReply(403, ['patching a PAT needs sp:my-personal-access-tokens:manage']);
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
    // A managed PAT is hidden from its user-level owner: patching it is as not found as listing and deleting it.
    if (row === undefined || row.ownerId !== claims.identity_id || (row.managed && !rights.readsManaged))
      return errorReply(404, [`you have no PAT with the id ${id}`]);
    const patched = applyPatch(row, decoded.value, now);
    if (!patched.ok) return errorReply(400, [patched.cause]);
    const { name } = patched.value;
    if (ctx.store.ownerPats(row.ownerId, name, row.id).nameTaken) {
      return errorReply(400, [`/name: you already have a PAT named ${JSON.stringify(name)}`]);
    }
    const updated: PatRow = { ...row, ...patched.value };
    ctx.store.updatePat(updated);
    return updated;
  });
  if ('status' in outcome) return outcome;
  return json(200, encode('GetPersonalAccessTokenResponse', patView(outcome, apiVersion), { apiVersion }));
};

/** DELETE …/personal-access-tokens/{id} */
export const deletePat: PatEndpoint = (call, ctx, claims) => {
  const id = call.params.id as string;
  const rights = new Rights(claims);
  if (!rights.any(myManage, allManage))
    return errorReply(403, ['deleting a PAT needs sp:my-personal-access-tokens:manage']);
  const row = ctx.store.patOwner(id);
  const allowed =
    row !== undefined && (rights.has(allManage) || (row.ownerId === claims.identity_id && rights.has(myManage)));
  if (!allowed || (row.managed && !rights.readsManaged))
    return errorReply(404, [`no PAT with the id ${id} is yours to delete`]);
  ctx.store.deletePat(id, row.ownerId);
  return { status: 204 };
};

/** A PAT endpoint behind ISC's gateway: a valid bearer token, then the rate limit (per client id and API version). */
export function authenticated(
  ctx: ServerContext,
  apiVersion: ApiVersion,
  endpoint: PatEndpoint,
  collection: string,
): Handler {
  const versionPath = rateLimitPath(collection);
  return (call) => {
    // The scheme is case-insensitive (RFC 9110): `bearer` is `Bearer`.
    const bearer = /^bearer +(\S+)\s*$/i.exec(call.headers.authorization ?? '');
    if (bearer === null) {
      return unauthorized('Full authentication is required: send Authorization: Bearer <access token>');
    }
    const checked = ctx.tokens.check(bearer[1] as string, Math.floor(ctx.clock.now() / 1000));
    if (!checked.ok) return unauthorized(checked.reason);
    // Its identity removed (a reset, a replacing seed): a token of nobody, as unknown as a forged one.
    if (ctx.store.identity(checked.claims.identity_id) === undefined)
      return unauthorized('JWT validation failed: the identity of this token does not exist');
    call.clientId = checked.claims.client_id;
    const wait = ctx.rateLimit.check(`${checked.claims.client_id} ${versionPath}`);
    if (wait !== undefined) return tooManyRequests(wait);
    return endpoint(call, ctx, checked.claims, apiVersion);
  };
}
