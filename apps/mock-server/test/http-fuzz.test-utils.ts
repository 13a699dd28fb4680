// Hostile HTTP requests for the fuzzing and memory suites, and what any answer must look like.
import { connect, type Socket } from 'node:net';
import { fc } from '@fast-check/vitest';
import { apiVersions, apiVersionTable } from '@patkit/model';
import { userPat } from '../src/mock-server.test-utils.js';

const basePaths = apiVersions.map((version) => apiVersionTable[version].basePath);
const path = fc.oneof(
  fc.constantFrom('/oauth/token', '/', '/__admin/nope', '/openapi.json'),
  fc
    .tuple(fc.constantFrom(...basePaths), fc.constantFrom('', '/', `/${userPat.clientId}`, '/nope', '/%ZZ', '/a/b'))
    .map(([base, rest]) => `${base}${rest}`),
  fc.webPath(),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?owner-id=me',
    '?owner-id=me&filters=lastUsed%20isnull',
    '?filters=name%20eq%20x',
    '?owner-id=&filters=',
  ),
  fc.webQueryParameters().map((q) => `?${q}`),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }),
  fc.json().map((text) => text.slice(0, Math.max(0, Math.floor(text.length * 0.7)))),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.nat({ max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom(
    '{"__proto__":{"polluted":true},"name":"x","expirationDate":null,"userAwareTokenNeverExpires":true}',
    '[{"op":"replace","path":"/name","value":{"__proto__":1}}]',
    `{"name":"${'x'.repeat(50_000)}"}`,
    '{"name":7}',
  ),
  fc.constant(new Uint8Array([0xff, 0xfe, 0x7b])),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data',
  'application/json; charset=latin1',
);
// Anything a header value may hold on the wire (printable ASCII and spaces).
const headerText = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,120}$/);
const authorization = fc.oneof(
  fc.constantFrom('valid', 'none', 'Bearer a.b.c', 'Bearer ', 'Basic Zm9vOmJhcg==', 'bearer  x'),
  headerText,
  headerText.map((text) => `Bearer ${text}`),
);
const method = fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS');

export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly body: string | Uint8Array | undefined;
  readonly headers: Record<string, string>;
}

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({ method, path, query, body, contentType, authorization, extra: fc.option(headerText, { nil: undefined }) })
  .map(({ method, path, query, body, contentType, authorization, extra }) => {
    const headers: Record<string, string> = {};
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (authorization !== 'none') headers.authorization = authorization;
    if (extra !== undefined) headers['x-patkit-fuzz'] = extra;
    const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
    return { method, target: path + query, body: withBody ? body : undefined, headers };
  });

/** Sends one, with a real token where the request asks for a valid one. */
export async function send(
  url: string,
  token: string,
  request: FuzzRequest,
): Promise<{ status: number; text: string }> {
  const headers =
    request.headers.authorization === 'valid'
      ? { ...request.headers, authorization: `Bearer ${token}` }
      : request.headers;
  const response = await fetch(url + request.target, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, text: await response.text() };
}

/** Whether an error answer has one of the shapes ISC answers errors in. */
export function iscShaped(status: number, text: string): boolean {
  if (status < 400) return true;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (status === 401) return typeof value.error === 'string';
  if (status === 429) return typeof value.message === 'string';
  if (status === 405) return typeof value.errorName === 'string' && typeof value.trackingId === 'string';
  return (
    typeof value.detailCode === 'string' &&
    /^[0-9a-f]{32}$/.test(String(value.trackingId)) &&
    Array.isArray(value.messages)
  );
}

/**
 * A raw connection: writes `text` (bytes as latin1), and collects everything the
 * server sends until it closes, as latin1 text.
 */
export function rawConnection(port: number, text = ''): { socket: Socket; reply: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const reply = new Promise<string>((resolve) => {
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
  if (text) socket.write(Buffer.from(text, 'latin1'));
  return { socket, reply };
}

/** The first response's status and body (every answer from this server has a Content-Length). */
export function firstResponse(raw: string): { status: number; body: string | undefined } {
  const headEnd = raw.indexOf('\r\n\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(raw)?.[1]);
  const length = /\r\ncontent-length: (\d+)\r\n/i.exec(raw.slice(0, headEnd + 2))?.[1];
  const body =
    length === undefined ? undefined : Buffer.from(raw.slice(headEnd + 4), 'latin1').subarray(0, Number(length));
  return { status, body: body?.toString('utf8') };
}
