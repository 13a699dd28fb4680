import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiVersion, apiVersions, apiVersionTable } from '@patkit/model';
import { type Controls, handleAdmin } from './admin.js';
import type { IncomingCall, ServerContext } from './context.js';
import { dashboardHtml } from './dashboard.js';
import { journalPath } from './journal.js';
import type { Logger } from './logger.js';
import { openApiTexts } from './openapi.js';
import { createPat, deletePat, listPats, patchPat } from './pat-endpoints.js';
import {
  type CorsOrigin,
  corsHeaders,
  errorReply,
  methodNotAllowed,
  preflight,
  type Reply,
  tooManyRequests,
  unauthorized,
  write,
} from './responses.js';
import { mintToken } from './token-endpoint.js';

export const maxBodyBytes = 1024 * 1024;

type Route =
  | { kind: 'token' }
  | { kind: 'collection'; apiVersion: ApiVersion }
  | { kind: 'item'; apiVersion: ApiVersion; id: string }
  | { kind: 'none' };

// One pattern for every version's base path (from the version table): group
// i + 1 matches version i, the last group the id.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const versionGroups = apiVersions.map((version) => `(${escapeRegExp(apiVersionTable[version].basePath)})`);
const patPath = new RegExp(`^(?:${versionGroups.join('|')})(?:/([^/]+))?/?$`);

function route(path: string): Route {
  if (path === '/oauth/token') return { kind: 'token' };
  const match = patPath.exec(path);
  if (!match) return { kind: 'none' };
  const apiVersion = apiVersions[match.findIndex((group, i) => i > 0 && group !== undefined) - 1];
  const id = match[apiVersions.length + 1];
  if (apiVersion === undefined) return { kind: 'none' };
  if (id === undefined) return { kind: 'collection', apiVersion };
  try {
    return { kind: 'item', apiVersion, id: decodeURIComponent(id) };
  } catch {
    return { kind: 'none' };
  }
}

const allowedMethods: Record<Exclude<Route['kind'], 'none'>, readonly string[]> = {
  token: ['POST'],
  collection: ['GET', 'POST'],
  item: ['PATCH', 'DELETE'],
};

const noBody = Buffer.alloc(0);

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  // Most requests (GET, DELETE) have no body: nothing to wait for.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve(noBody);
  }
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      resolve('too_large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request target as a URL; a target such as `//x` is a path here, never a host. */
export function requestUrl(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  try {
    return new URL(`http://mock${raw.startsWith('/') ? raw : `/${raw}`}`);
  } catch {
    return undefined;
  }
}

async function dispatch(req: IncomingMessage, ctx: ServerContext): Promise<{ reply: Reply; clientId?: string }> {
  const url = requestUrl(req.url);
  if (url === undefined) return { reply: errorReply(400, ['the request target is not a valid path']) };
  const method = req.method ?? 'GET';
  const target = route(url.pathname);
  if (target.kind === 'none') return { reply: errorReply(404, [`no endpoint at ${url.pathname}`]) };
  const allowed = allowedMethods[target.kind];
  if (!allowed.includes(method)) return { reply: methodNotAllowed(allowed, method) };
  const body = await readBody(req);
  if (body === 'too_large') return { reply: errorReply(413, [`the body is larger than ${maxBodyBytes} bytes`]) };
  const call: IncomingCall = {
    method,
    path: url.pathname,
    query: url.searchParams,
    contentType: (req.headers['content-type'] ?? '').toLowerCase(),
    body,
  };
  if (target.kind === 'token') return { reply: await mintToken(call, ctx) };
  const authorization = req.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ')) {
    return { reply: unauthorized('Full authentication is required: send Authorization: Bearer <access token>') };
  }
  const checked = ctx.tokens.check(authorization.slice(7).trim(), Math.floor(ctx.clock.now() / 1000));
  if (!checked.ok) return { reply: unauthorized(checked.reason) };
  const claims = checked.claims;
  const seen = { clientId: claims.client_id };
  const wait = ctx.rateLimit.check(claims.client_id, target.apiVersion);
  if (wait !== undefined) return { reply: tooManyRequests(wait), ...seen };
  if (target.kind === 'collection') {
    const reply =
      method === 'GET'
        ? listPats(call, ctx, claims, target.apiVersion)
        : createPat(call, ctx, claims, target.apiVersion);
    return { reply, ...seen };
  }
  const reply =
    method === 'PATCH' ? patchPat(call, ctx, claims, target.apiVersion, target.id) : deletePat(ctx, claims, target.id);
  return { reply, ...seen };
}

export interface HandlerOptions {
  /** Serve the admin API under /__admin. */
  readonly admin: boolean;
  /** Require `Authorization: Bearer <token>` on the admin API. */
  readonly adminToken?: string;
  readonly cors: CorsOrigin;
}

function injected(status: number): Reply {
  if (status === 401) return unauthorized('JWT validation failed: injected fault');
  if (status === 429) return tooManyRequests(1);
  return errorReply(status, ['injected fault']);
}

/** The request handler of the mock server: never a stack trace, never HTML. */
export function createHandler(ctx: ServerContext, logger: Logger, controls: Controls, options: HandlerOptions) {
  const cors = corsHeaders(options.cors);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const path = url.split('?')[0] ?? '';
    if (method === 'OPTIONS') {
      req.resume();
      write(res, preflight(options.cors, req.headers['access-control-request-headers']), cors);
      return;
    }
    if (method === 'GET' && (path === '/openapi.json' || path === '/openapi.yaml')) {
      req.resume();
      const texts = openApiTexts();
      const yaml = path.endsWith('.yaml');
      res.writeHead(200, {
        ...cors,
        'content-type': yaml ? 'application/yaml;charset=utf-8' : 'application/json;charset=utf-8',
      });
      res.end(yaml ? texts.yaml : texts.json);
      return;
    }
    if (path === '/favicon.ico') {
      req.resume();
      write(res, { status: 204 }, cors);
      return;
    }
    if (method === 'GET' && path === '/' && options.admin) {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' });
      res.end(dashboardHtml);
      return;
    }
    if (path.startsWith('/__admin') && options.admin) {
      readBody(req)
        .then((body) =>
          body === 'too_large'
            ? errorReply(413)
            : handleAdmin(
                req,
                path,
                requestUrl(url)?.searchParams ?? new URLSearchParams(),
                body,
                controls,
                options.adminToken,
              ),
        )
        .then(
          (reply) => write(res, reply, cors),
          (error: unknown) => {
            if (req.socket.destroyed) return;
            logger.error('admin request failed', { method, path, error: String(error) });
            write(res, errorReply(500), cors);
          },
        )
        .catch((error: unknown) => fail(req, res, error));
      return;
    }
    const answer = (outcome: { reply: Reply; clientId?: string }) => {
      write(res, outcome.reply, cors);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const clientId = outcome.clientId === undefined ? {} : { clientId: outcome.clientId };
      logger.request({ method, path, status: outcome.reply.status, ms, ...clientId });
      controls.journal.record({
        time: new Date(ctx.clock.now()).toISOString(),
        method,
        path: journalPath(url),
        status: outcome.reply.status,
        ms,
        ...clientId,
      });
    };
    const serve = () =>
      dispatch(req, ctx)
        .then(answer, (error: unknown) => {
          // A client that hung up (or was cut off by a timeout) while sending its body left nobody to answer.
          if (req.socket.destroyed) return;
          logger.error('request failed', { method, path, error: String(error) });
          answer({ reply: errorReply(500) });
        })
        .catch((error: unknown) => fail(req, res, error));
    const fault = controls.faults.decide(method, path);
    if (fault === undefined) {
      serve();
      return;
    }
    const act = () => {
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        req.resume();
        answer({ reply: injected(fault.status) });
        return;
      }
      serve();
    };
    if (fault.latencyMs > 0)
      setTimeout(() => {
        try {
          act();
        } catch (error) {
          fail(req, res, error);
        }
      }, fault.latencyMs);
    else act();
  };
  // A throw in the request listener, or a rejection nobody handles, would take the whole process down:
  // answer 500 instead (or cut the connection when the answer had begun).
  function fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    logger.error('request failed', { method: req.method, path: req.url?.split('?')[0], error: String(error) });
    if (!res.headersSent) write(res, errorReply(500), cors);
    else if (!res.writableEnded) res.destroy();
  }
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res);
    } catch (error) {
      fail(req, res, error);
    }
  };
}
