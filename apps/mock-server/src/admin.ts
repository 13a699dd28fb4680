import type { IncomingMessage } from 'node:http';
import { defaultApiVersion } from '@patkit/model';
import { encodeList } from '@patkit/serializer';
import type { ControllableClock } from './clock.js';
import type { Faults } from './faults.js';
import { newId } from './ids.js';
import type { Journal } from './journal.js';
import { MockError } from './mock-error.js';
import { patView } from './pat-view.js';
import type { RateLimiter } from './rate-limit.js';
import { errorReply, json, type Reply, unauthorized } from './responses.js';
import { loadSeed, type Seed } from './seed.js';
import type { IdentityLevel, Store } from './store.js';

/** Everything the admin API and the programmatic server object control. */
export interface Controls {
  readonly store: Store;
  readonly clock: ControllableClock;
  readonly faults: Faults;
  readonly rateLimit: RateLimiter;
  readonly journal: Journal;
  /** The seed to go back to on reset. */
  readonly initialSeed: Seed | undefined;
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
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new MockError('invalid_option', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MockError('invalid_option', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Puts the server back to its starting seed, real time, no faults, no rate limit, an empty journal. */
export function resetControls(controls: Controls): void {
  controls.store.transaction(() => {
    if (controls.initialSeed === undefined) controls.store.clear();
    else loadSeed(controls.store, controls.initialSeed, controls.clock);
  });
  controls.clock.reset();
  controls.faults.clear();
  controls.rateLimit.disable();
  controls.journal.clear();
}

function counts(store: Store) {
  return { identities: store.identities().length, pats: store.allPats().length };
}

/** The admin API under /__admin. */
export function handleAdmin(
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  body: Buffer,
  controls: Controls,
  adminToken: string | undefined,
): Reply {
  if (adminToken !== undefined && req.headers.authorization !== `Bearer ${adminToken}`) {
    return unauthorized('the admin API needs Authorization: Bearer <admin token>');
  }
  const method = req.method ?? 'GET';
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__admin/clock':
        return ok({ now: new Date(controls.clock.now()).toISOString() });
      case 'POST /__admin/clock': {
        const request = parseBody(body);
        if (typeof request.advance === 'string') controls.clock.advance(request.advance);
        else if (typeof request.now === 'string') controls.clock.set(request.now);
        else return bad('send {"advance":"100d"} (units s, m, h, d) or {"now":"<ISO date-time>"}');
        return ok({ now: new Date(controls.clock.now()).toISOString() });
      }
      case 'POST /__admin/reset':
        resetControls(controls);
        return ok(counts(controls.store));
      case 'POST /__admin/seed': {
        const mode = query.get('mode') ?? 'replace';
        if (mode !== 'replace' && mode !== 'merge') return bad('mode must be replace or merge');
        loadSeed(controls.store, parseBody(body) as unknown as Seed, controls.clock, mode === 'replace');
        return ok(counts(controls.store));
      }
      case 'GET /__admin/identities':
        return ok(controls.store.identities());
      case 'POST /__admin/identities': {
        const request = parseBody(body);
        if (typeof request.name !== 'string' || request.name.trim() === '')
          return bad('name: give the identity a name');
        const level = (request.level ?? 'user') as IdentityLevel;
        if (level !== 'user' && level !== 'admin') return bad('level must be "user" or "admin"');
        const id = typeof request.id === 'string' && request.id !== '' ? request.id : newId();
        if (controls.store.identity(id) !== undefined) return bad(`an identity with the id ${id} exists already`);
        const identity = { id, name: request.name.trim(), level };
        controls.store.addIdentity(identity);
        return ok(identity, 201);
      }
      case 'GET /__admin/pats':
        // Metadata of every PAT, managed ones included; never secrets or hashes.
        return json(
          200,
          encodeList(
            'GetPersonalAccessTokenResponse',
            controls.store.allPats().map((row) => patView(row, defaultApiVersion)),
          ),
        );
      case 'GET /__admin/faults':
        return ok(controls.faults.list());
      case 'POST /__admin/faults':
        return ok(controls.faults.add(parseBody(body)), 201);
      case 'DELETE /__admin/faults':
        controls.faults.clear();
        return { status: 204 };
      case 'GET /__admin/rate-limit':
        return ok(controls.rateLimit.status);
      case 'POST /__admin/rate-limit': {
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
      }
      case 'GET /__admin/journal': {
        const status = query.get('status');
        return ok(
          controls.journal.list({
            ...(query.get('method') ? { method: query.get('method') as string } : {}),
            ...(status ? { status: Number(status) } : {}),
            ...(query.get('clientId') ? { clientId: query.get('clientId') as string } : {}),
            ...(query.get('path') ? { path: query.get('path') as string } : {}),
          }),
        );
      }
      case 'DELETE /__admin/journal':
        controls.journal.clear();
        return { status: 204 };
    }
    const fault = /^DELETE \/__admin\/faults\/([^/]+)$/.exec(route);
    if (fault) return controls.faults.remove(fault[1] as string) ? { status: 204 } : errorReply(404, ['no such fault']);
    return errorReply(404, [`no admin endpoint ${route}; the admin API is listed in the mock server's README`]);
  } catch (error) {
    if (error instanceof MockError || error instanceof RangeError) return bad(error.message);
    throw error;
  }
}
