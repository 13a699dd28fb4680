import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Reply } from './responses.js';

export const maxBodyBytes = 1024 * 1024;

/** One request, routed and read. */
export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  /** The route's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly contentType: string;
  readonly body: Buffer;
  /** The client_id of an authenticated caller, once known (for the log and the journal). */
  clientId?: string;
}

const noBody = Buffer.alloc(0);

/** The body, or `too_large` past {@link maxBodyBytes}. */
export function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
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

/** What answers a route. */
export type Handler = (call: IncomingCall) => Reply | Promise<Reply>;
