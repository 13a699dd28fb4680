import { createHash, timingSafeEqual } from 'node:crypto';
import { defaultApiVersion, durationGrammar } from '@patkit/model/core';
import { encodeList, parseJson } from '@patkit/serializer';
import { isLoopback } from '../http/loopback.js';
import type { Handler, IncomingCall } from '../http/request.js';
import { errorReply, json, type Reply, unauthorized } from '../http/responses.js';
import type { Route } from '../http/router.js';
import { MockError } from '../mock-error.js';
import { patView } from '../pats/view.js';
import { newId } from '../state/ids.js';
import { loadSeed, type Seed } from '../state/seed.js';
import {
  type Identity,
  type IdentityChange,
  type IdentityLevel,
  type IdentityStatus,
  identityStatuses,
  type Store,
} from '../state/store.js';
import { type Controls, resetControls } from './controls.js';

/** Where the admin API lives. */
export const adminPrefix = '/__admin';

/** Whether a path is the admin API's: it never answers with CORS headers. */
export function isAdminPath(path: string): boolean {
  return path === adminPrefix || path.startsWith(`${adminPrefix}/`);
}

/** The host name of a Host header (`[::1]:7100` → `::1`), in lower case. */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(header);
  return (bracketed ? (bracketed[1] as string) : (header.split(':')[0] as string)).toLowerCase();
}

/**
 * Whether a Host header names this server: its listen address, `localhost`
 * or a loopback address. Without an admin token, only such requests reach
 * the admin API: a page of another site that a rebinding DNS points at
 * 127.0.0.1 still sends its own name as Host.
 */
function namesServer(header: string | undefined, listenHost: string): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  return name === hostName(listenHost) || isLoopback(name);
}

/** Whether two secrets are equal, in time that does not depend on where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Why a request may not use the admin API, if it may not: from a page of
 * another origin (a browser says so in Origin), or a write whose body is not
 * JSON (what a page can send without a preflight: a form, text/plain).
 */
function crossSite(call: IncomingCall): Reply | undefined {
  const origin = call.headers.origin;
  if (origin !== undefined && origin !== `http://${call.headers.host}`)
    return errorReply(403, [
      `the admin API answers only pages of its own origin (http://${call.headers.host}), not ${origin}`,
    ]);
  if ((call.method === 'POST' || call.method === 'PATCH') && !call.contentType.startsWith('application/json'))
    return errorReply(415, [`send admin writes as application/json, not ${call.contentType || 'no content type'}`]);
  return undefined;
}

function ok(value: unknown, status = 200): Reply {
  return json(status, JSON.stringify(value));
}

function bad(message: string): Reply {
  return errorReply(400, [message]);
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = parseJson(body.toString('utf8'));
  } catch (error) {
    throw new MockError('invalid_option', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MockError('invalid_option', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The status fields of an identity in an admin request, or what is wrong with them. */
/** An identity as the admin API shows it: its times as date-times, as a seed gives them. */
function adminIdentity(identity: Identity): Record<string, unknown> {
  const { created, modified, lastRefresh, ...rest } = identity;
  return {
    ...rest,
    ...(created === undefined ? {} : { created: new Date(created).toISOString() }),
    ...(modified === undefined ? {} : { modified: new Date(modified).toISOString() }),
    ...(lastRefresh === undefined ? {} : { lastRefresh: new Date(lastRefresh).toISOString() }),
  };
}

function identityChange(request: Record<string, unknown>): IdentityChange | string {
  const { identityStatus, lifecycleState, removed } = request;
  if (identityStatus !== undefined && !(identityStatuses as readonly unknown[]).includes(identityStatus))
    return `identityStatus must be one of ${identityStatuses.join(', ')}`;
  if (lifecycleState !== undefined && (typeof lifecycleState !== 'string' || lifecycleState.trim() === ''))
    return 'lifecycleState: give the state name as text, e.g. inactive';
  if (removed !== undefined && typeof removed !== 'boolean') return 'removed must be true or false';
  return {
    ...(identityStatus === undefined ? {} : { identityStatus: identityStatus as IdentityStatus }),
    ...(lifecycleState === undefined ? {} : { lifecycleState: (lifecycleState as string).trim() }),
    ...(removed === undefined ? {} : { removed: removed as boolean }),
  };
}

function counts(store: Store) {
  return { identities: store.identities().length, pats: store.allPats().length };
}

function adminEndpoints(controls: Controls): [method: string, path: string, handler: Handler][] {
  const now = () => ok({ now: new Date(controls.clock.now()).toISOString() });
  return [
    ['GET', '/clock', now],
    [
      'POST',
      '/clock',
      ({ body }) => {
        const request = parseBody(body);
        if (typeof request.advance === 'string') controls.clock.advance(request.advance);
        else if (typeof request.now === 'string') controls.clock.set(request.now);
        else return bad(`send {"advance":"100d"} (${durationGrammar}) or {"now":"<ISO date-time>"}`);
        return now();
      },
    ],
    [
      'POST',
      '/reset',
      () => {
        resetControls(controls);
        return ok(counts(controls.store));
      },
    ],
    [
      'POST',
      '/seed',
      ({ query, body }) => {
        const mode = query.get('mode') ?? 'replace';
        if (mode !== 'replace' && mode !== 'merge') return bad('mode must be replace or merge');
        loadSeed(controls.store, parseBody(body) as unknown as Seed, controls.clock, mode === 'replace');
        return ok(counts(controls.store));
      },
    ],
    ['GET', '/identities', () => ok(controls.store.identities().map(adminIdentity))],
    [
      'POST',
      '/identities',
      ({ body }) => {
        const request = parseBody(body);
        if (typeof request.name !== 'string' || request.name.trim() === '')
          return bad('name: give the identity a name');
        const level = (request.level ?? 'user') as IdentityLevel;
        if (level !== 'user' && level !== 'admin') return bad('level must be "user" or "admin"');
        const id = typeof request.id === 'string' && request.id !== '' ? request.id : newId();
        if (controls.store.identity(id) !== undefined) return bad(`an identity with the id ${id} exists already`);
        if (request.alias !== undefined && (typeof request.alias !== 'string' || request.alias.trim() === ''))
          return bad('alias: give the login name as text, or leave it out');
        const alias = typeof request.alias === 'string' ? { alias: request.alias.trim() } : {};
        if (request.email !== undefined && typeof request.email !== 'string') return bad('email: give it as text');
        const email = typeof request.email === 'string' ? { email: request.email } : {};
        const change = identityChange(request);
        if (typeof change === 'string') return bad(change);
        const identity = { id, name: request.name.trim(), level, ...alias, ...email, ...change };
        controls.store.addIdentity(identity, controls.clock.now());
        return ok(adminIdentity(controls.store.identity(id) as Identity), 201);
      },
    ],
    [
      'PATCH',
      '/identities/:id',
      // A leaver, for audits: {"identityStatus":"TERMINATED"}, {"lifecycleState":"inactive"}, {"removed":true}.
      ({ params, body }) => {
        const change = identityChange(parseBody(body));
        if (typeof change === 'string') return bad(change);
        const updated = controls.store.updateIdentity(params.id as string, change, controls.clock.now());
        return updated === undefined ? errorReply(404, ['no such identity']) : ok(adminIdentity(updated));
      },
    ],
    [
      'GET',
      '/pats',
      // Metadata of every PAT, managed ones included; never secrets or hashes.
      () =>
        json(
          200,
          encodeList(
            'GetPersonalAccessTokenResponse',
            controls.store.allPats().map((row) => patView(row, defaultApiVersion)),
          ),
        ),
    ],
    ['GET', '/faults', () => ok(controls.faults.list())],
    ['POST', '/faults', ({ body }) => ok(controls.faults.add(parseBody(body)), 201)],
    [
      'DELETE',
      '/faults',
      () => {
        controls.faults.clear();
        return { status: 204 };
      },
    ],
    [
      'DELETE',
      '/faults/:id',
      ({ params }) =>
        controls.faults.remove(params.id as string) ? { status: 204 } : errorReply(404, ['no such fault']),
    ],
    ['GET', '/rate-limit', () => ok(controls.rateLimit.status)],
    [
      'POST',
      '/rate-limit',
      ({ body }) => {
        const request = parseBody(body);
        for (const key of ['limit', 'windowSeconds'] as const)
          if (request[key] !== undefined && typeof request[key] !== 'number') return bad(`${key} must be a number`);
        if (request.enabled === false) controls.rateLimit.disable();
        else
          controls.rateLimit.enable({
            ...(request.limit === undefined ? {} : { limit: request.limit as number }),
            ...(request.windowSeconds === undefined ? {} : { windowSeconds: request.windowSeconds as number }),
          });
        return ok(controls.rateLimit.status);
      },
    ],
    [
      'GET',
      '/journal',
      ({ query }) => {
        const status = query.get('status');
        return ok(
          controls.journal.list({
            ...(query.get('method') ? { method: query.get('method') as string } : {}),
            ...(status ? { status: Number(status) } : {}),
            ...(query.get('clientId') ? { clientId: query.get('clientId') as string } : {}),
            ...(query.get('path') ? { path: query.get('path') as string } : {}),
          }),
        );
      },
    ],
    [
      'DELETE',
      '/journal',
      () => {
        controls.journal.clear();
        return { status: 204 };
      },
    ],
  ];
}

/** The admin API's routes: the admin token checked, a bad option answered 400. */
export function adminRoutes(
  controls: Controls,
  adminToken: string | undefined,
  listenHost: string,
): (Route & { handler: Handler })[] {
  return adminEndpoints(controls).map(([method, path, handler]) => ({
    method,
    path: `${adminPrefix}${path}`,
    handler: (call) => {
      if (adminToken === undefined && !namesServer(call.headers.host, listenHost))
        return errorReply(403, [
          `the admin API without a token answers only requests to this server by its address or localhost, not Host ${JSON.stringify(call.headers.host ?? '')}`,
        ]);
      const refused = crossSite(call);
      if (refused !== undefined) return refused;
      const bearer = /^Bearer (.+)$/.exec(call.headers.authorization ?? '')?.[1];
      if (adminToken !== undefined && (bearer === undefined || !sameSecret(bearer, adminToken))) {
        return unauthorized('the admin API needs Authorization: Bearer <admin token>');
      }
      try {
        return handler(call);
      } catch (error) {
        if (error instanceof MockError || error instanceof RangeError) return bad(error.message);
        throw error;
      }
    },
  }));
}
