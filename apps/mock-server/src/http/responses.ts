import { type ServerResponse, STATUS_CODES } from 'node:http';
import { encode } from '@patkit/serializer';
import { newId } from '../state/ids.js';

const statusTexts: Record<number, { detailCode: string; text: string }> = {
  400: {
    detailCode: '400.1 Bad Request Content',
    text: 'The request was syntactically correct but its content is semantically invalid.',
  },
  403: { detailCode: '403 Forbidden', text: 'The server understood the request but refuses to authorize it.' },
  404: {
    detailCode: '404 Not found',
    text: 'The server did not find a current representation for the target resource.',
  },
  413: { detailCode: '413 Payload Too Large', text: 'The request body is larger than the server accepts.' },
  415: {
    detailCode: '415 Unsupported Media Type',
    text: 'The request body has a content type the endpoint does not accept.',
  },
  500: { detailCode: '500.0 Internal Fault', text: 'An internal fault occurred.' },
};

export interface Reply {
  readonly status: number;
  /** Text, or bytes already encoded (kept that way by caches, so that each answer is not encoded again). */
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
}

export function json(status: number, body: string | Buffer, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers === undefined ? {} : { headers }) };
}

/** ISC's ErrorResponseDto, with the causes that say what exactly is wrong. */
export function errorReply(status: number, causes: readonly string[] = []): Reply {
  const { detailCode, text } = statusTexts[status] ?? {
    detailCode: `${status} ${STATUS_CODES[status] ?? 'Error'}`,
    text: STATUS_CODES[status] ?? 'An error occurred.',
  };
  const body = encode('ErrorResponseDto', {
    detailCode,
    trackingId: newId(),
    messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text }],
    causes: causes.map((cause) => ({ locale: 'en-US', localeOrigin: 'DEFAULT', text: cause })),
  });
  return json(status, body);
}

/** The gateway's 401: `{ "error": … }`, with the challenge RFC 6750 asks for. */
export function unauthorized(message: string): Reply {
  return json(401, encode('UnauthorizedResponseBody', { error: message }), { 'www-authenticate': 'Bearer' });
}

/** The gateway's 429: `{ "message": … }` and Retry-After in seconds. */
export function tooManyRequests(retryAfterSeconds: number): Reply {
  return json(429, encode('TooManyRequestsResponseBody', { message: ' Rate Limit Exceeded ' }), {
    'retry-after': String(retryAfterSeconds),
  });
}

/** ISC's 405 shape (not an ErrorResponseDto). */
export function methodNotAllowed(allowed: readonly string[], method: string): Reply {
  const body = JSON.stringify({
    errorName: 'NotSupportedException',
    errorMessage: `${method} is not supported here; use ${allowed.join(', ')}`,
    trackingId: newId(),
  });
  return json(405, body, { allow: allowed.join(', ') });
}

/** CORS: which origin may call the server from a browser (`*` by default), or none. */
export type CorsOrigin = string | false;

export function corsHeaders(origin: CorsOrigin): Record<string, string> {
  if (origin === false) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'retry-after, x-total-count',
    vary: 'origin',
  };
}

/** The answer to a CORS preflight (OPTIONS). */
export function preflight(origin: CorsOrigin, requestHeaders: string | undefined): Reply {
  if (origin === false) return { status: 204 };
  return {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': requestHeaders ?? 'authorization, content-type',
      'access-control-max-age': '600',
    },
  };
}

export function write(res: ServerResponse, reply: Reply, cors: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...cors };
  if (reply.body !== undefined) {
    headers['content-type'] = 'application/json;charset=utf-8';
    headers['content-length'] = String(
      typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length,
    );
  }
  res.writeHead(reply.status, reply.headers === undefined ? headers : { ...headers, ...reply.headers });
  res.end(reply.body);
}
