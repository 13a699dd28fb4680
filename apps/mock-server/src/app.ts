import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiVersion, isApiVersion } from '@patkit/model';
import type { IncomingCall, ServerContext } from './context.js';
import type { Logger } from './logger.js';
import { createPat, deletePat, listPats, patchPat } from './pat-endpoints.js';
import { errorReply, methodNotAllowed, type Reply, unauthorized, write } from './responses.js';
import { mintToken } from './token-endpoint.js';

export const maxBodyBytes = 1024 * 1024;

type Route =
  | { kind: 'token' }
  | { kind: 'collection'; apiVersion: ApiVersion }
  | { kind: 'item'; apiVersion: ApiVersion; id: string }
  | { kind: 'none' };

const versioned = /^\/(v3|beta|v2024|v2025|v2026)\/personal-access-tokens(?:\/([^/]+))?\/?$/;
const v1 = /^\/personal-access-tokens\/v1(?:\/([^/]+))?\/?$/;

function route(path: string): Route {
  if (path === '/oauth/token') return { kind: 'token' };
  let match = versioned.exec(path);
  let apiVersion: string | undefined = match?.[1];
  let id = match?.[2];
  if (!match) {
    match = v1.exec(path);
    apiVersion = 'v1';
    id = match?.[1];
  }
  if (!match || apiVersion === undefined || !isApiVersion(apiVersion)) return { kind: 'none' };
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

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
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

async function dispatch(req: IncomingMessage, ctx: ServerContext): Promise<{ reply: Reply; clientId?: string }> {
  const url = new URL(req.url ?? '/', 'http://mock');
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

/** The request handler of the mock server: never a stack trace, never HTML. */
export function createHandler(ctx: ServerContext, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    dispatch(req, ctx)
      .catch((error: unknown) => {
        logger.error('request failed', { method: req.method, path: req.url?.split('?')[0], error: String(error) });
        return { reply: errorReply(500) };
      })
      .then(({ reply, clientId }: { reply: Reply; clientId?: string }) => {
        write(res, reply);
        logger.request({
          method: req.method ?? '',
          path: (req.url ?? '').split('?')[0] ?? '',
          status: reply.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(clientId === undefined ? {} : { clientId }),
        });
      });
  };
}
