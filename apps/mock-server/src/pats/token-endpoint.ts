import { randomUUID } from 'node:crypto';
import { day } from '@patkit/model/time';
import { encode } from '@patkit/serializer';
import type { ServerContext } from '../context.js';
import type { IncomingCall } from '../http/request.js';
import { errorReply, json, type Reply, unauthorized } from '../http/responses.js';
import { secretMatches } from '../state/ids.js';
import { hasLeft, loginName } from '../state/store.js';
import { signJwt } from './jwt.js';

async function parameters(call: IncomingCall): Promise<URLSearchParams> {
  const params = new URLSearchParams(call.query);
  if (call.body.length === 0) return params;
  // A form as URLSearchParams reads it (as Response.formData does), without
  // loading fetch's implementation (~35 ms) for a client's first request.
  if (call.contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(call.body.toString('utf8'))) params.set(name, value);
  } else if (call.contentType.startsWith('multipart/form-data')) {
    const form = await new Response(call.body, { headers: { 'content-type': call.contentType } }).formData();
    for (const [name, value] of form) if (typeof value === 'string') params.set(name, value);
  }
  return params;
}

/**
 * The client's credentials: from `Authorization: Basic` (client_secret_basic;
 * RFC 6749 2.3.1: the id and secret form-encoded, then base64) or from the
 * form or query (client_secret_post). Both may be given only if they agree.
 */
function clientCredentials(
  authorization: string | undefined,
  params: URLSearchParams,
): { clientId: string; clientSecret: string } | { conflict: string } {
  const form = { clientId: params.get('client_id') ?? '', clientSecret: params.get('client_secret') ?? '' };
  const basic = /^basic +(\S+)\s*$/i.exec(authorization ?? '');
  if (basic === null) return form;
  const pair = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replaceAll('+', ' '));
    } catch {
      return text;
    }
  };
  const header = {
    clientId: decode(colon === -1 ? pair : pair.slice(0, colon)),
    clientSecret: decode(colon === -1 ? '' : pair.slice(colon + 1)),
  };
  if (
    (form.clientId !== '' && form.clientId !== header.clientId) ||
    (form.clientSecret !== '' && form.clientSecret !== header.clientSecret)
  ) {
    return {
      conflict:
        'the client credentials in Authorization: Basic and in the form differ; send them one way (Basic, or client_id and client_secret)',
    };
  }
  return header;
}

/** POST /oauth/token with client_credentials: a PAT's id and secret buy an access token. */
export async function mintToken(call: IncomingCall, ctx: ServerContext): Promise<Reply> {
  let params: URLSearchParams;
  try {
    params = await parameters(call);
  } catch {
    return errorReply(400, ['the body is not a valid form; send grant_type, client_id and client_secret']);
  }
  const grantType = params.get('grant_type');
  if (grantType !== 'client_credentials') {
    return errorReply(400, [
      grantType === null
        ? 'grant_type is missing; use grant_type=client_credentials'
        : `grant_type ${JSON.stringify(grantType)} is not supported here; use client_credentials`,
    ]);
  }
  const given = clientCredentials(call.headers.authorization, params);
  if ('conflict' in given) return errorReply(400, [given.conflict]);
  const { clientId, clientSecret } = given;
  const pat = clientId === '' ? undefined : ctx.store.pat(clientId);
  if (pat === undefined || !secretMatches(clientSecret, { salt: pat.secretSalt, hash: pat.secretHash })) {
    return unauthorized('Bad credentials: unknown client_id or wrong client_secret');
  }
  const now = ctx.clock.now();
  if (pat.expirationDate !== null && pat.expirationDate <= now) {
    return unauthorized('The personal access token has expired');
  }
  const identity = ctx.store.identity(pat.ownerId);
  if (identity === undefined) return unauthorized('Bad credentials: the token has no owner');
  if (ctx.refuseInactiveOwners && hasLeft(identity))
    return unauthorized(
      `Bad credentials: the owner of this PAT is ${identity.removed ? 'removed' : identity.identityStatus}`,
    );
  // lastUsed moves at most once a day of the server's clock.
  if (pat.lastUsed === null || Math.floor(pat.lastUsed / day) !== Math.floor(now / day)) ctx.store.touch(pat.id, now);
  const scope = pat.scope === null || pat.scope.length === 0 ? ['sp:scopes:all'] : [...pat.scope];
  const nowSeconds = Math.floor(now / 1000);
  const jti = randomUUID();
  const token = signJwt(
    {
      tenant_id: ctx.tenantId,
      internal: true,
      pod: 'mock',
      org: ctx.org,
      identity_id: identity.id,
      user_name: loginName(identity),
      user_id: identity.id,
      strong_auth: false,
      strong_auth_supported: false,
      enabled: true,
      accessType: 'OFFLINE',
      client_id: pat.id,
      scope,
      authorities: identity.level === 'admin' ? ['ORG_ADMIN'] : ['USER'],
      iat: nowSeconds,
      exp: nowSeconds + pat.accessTokenValiditySeconds,
      jti,
    },
    ctx.jwtSecret,
  );
  const body = encode('OAuthTokenResponse', {
    access_token: token,
    token_type: 'bearer',
    expires_in: pat.accessTokenValiditySeconds,
    scope: scope.join(' '),
    accessType: 'OFFLINE',
    tenant_id: ctx.tenantId,
    internal: true,
    pod: 'mock',
    strong_auth_supported: false,
    org: ctx.org,
    user_id: identity.id,
    identity_id: identity.id,
    user_name: loginName(identity),
    strong_auth: false,
    enabled: true,
    jti,
  });
  return json(200, body);
}
