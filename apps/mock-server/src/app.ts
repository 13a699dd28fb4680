import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Controls } from './admin/controls.js';
import { isAdminPath } from './admin/routes.js';
import type { ServerContext } from './context.js';
import { type IncomingCall, maxBodyBytes, readBody, requestUrl } from './http/request.js';
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
} from './http/responses.js';
import { type RouteMatch, Router } from './http/router.js';
import type { Logger } from './logger.js';
import { type MockRoute, mockRoutes, type RouteOptions } from './routes.js';
import { journalPath } from './state/journal.js';

export interface HandlerOptions extends RouteOptions {
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
  const router = new Router(mockRoutes(ctx, controls, options));

  /** Routes, reads and answers one request; the client_id it was made with, once known. */
  async function serve(
    req: IncomingMessage,
    url: URL,
    match: RouteMatch<MockRoute>,
  ): Promise<{ reply: Reply; clientId?: string }> {
    if (match.kind === 'not-found') return { reply: errorReply(404, [`no endpoint at ${url.pathname}`]) };
    const method = req.method ?? 'GET';
    if (match.kind === 'method-not-allowed') return { reply: methodNotAllowed(match.allow, method) };
    const body = await readBody(req);
    if (body === 'too_large') return { reply: errorReply(413, [`the body is larger than ${maxBodyBytes} bytes`]) };
    const call: IncomingCall = {
      method,
      path: url.pathname,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      contentType: (req.headers['content-type'] ?? '').toLowerCase(),
      body,
    };
    const reply = await match.route.handler(call);
    return call.clientId === undefined ? { reply } : { reply, clientId: call.clientId };
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = target.split('?')[0] ?? '';
    // The admin API is never for other origins: no CORS headers, and no preflight lets a page through.
    const corsHere = isAdminPath(path) ? {} : cors;
    if (method === 'OPTIONS') {
      req.resume();
      write(
        res,
        preflight(isAdminPath(path) ? false : options.cors, req.headers['access-control-request-headers']),
        corsHere,
      );
      return;
    }
    const url = requestUrl(target);
    const match: RouteMatch<MockRoute> = url === undefined ? { kind: 'not-found' } : router.match(method, url.pathname);
    const failed = (error: unknown) => {
      // A client that hung up (or was cut off by a timeout) while sending its body left nobody to answer.
      if (req.socket.destroyed) return;
      logger.error('request failed', { method, path, error: String(error) });
      answer({ reply: errorReply(500) });
    };
    const recorded = !(match.kind === 'found' && match.route.control);
    const answer = (outcome: { reply: Reply; clientId?: string }) => {
      write(res, outcome.reply, corsHere);
      if (!recorded) return;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const clientId = outcome.clientId === undefined ? {} : { clientId: outcome.clientId };
      logger.request({ method, path, status: outcome.reply.status, ms, ...clientId });
      controls.journal.record({
        time: new Date(ctx.clock.now()).toISOString(),
        method,
        path: journalPath(target),
        status: outcome.reply.status,
        ms,
        ...clientId,
      });
    };
    const run = () => {
      if (url === undefined) {
        req.resume();
        answer({ reply: errorReply(400, ['the request target is not a valid path']) });
        return;
      }
      // HTTP/1.1 requires Host (RFC 9112): without it, ISC's 400 shape (Node's own is an empty 400).
      if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
        req.resume();
        answer({ reply: errorReply(400, ['an HTTP/1.1 request needs a Host header']) });
        return;
      }
      serve(req, url, match)
        .then(answer, failed)
        .catch((error: unknown) => fail(req, res, error));
    };
    const fault = recorded ? controls.faults.decide(method, path) : undefined;
    if (fault === undefined) {
      run();
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
      run();
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
    if (!res.headersSent) write(res, errorReply(500), isAdminPath(req.url?.split('?')[0] ?? '') ? {} : cors);
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
