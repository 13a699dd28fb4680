// The client's default fetch, on node:http and node:https. The global fetch
// copies each chunk of a body through undici's streams; with many lists
// streaming at once (an audit of 20 tenants) that is about 40 MB more peak
// RSS and more CPU time (apps/cli's tenants bench). Behaves as fetch does for
// what the client asks of it: a body of text, redirects refused, an abort
// signal, compressed responses decoded, errors as TypeError('fetch failed')
// with the socket's error as cause.
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';

// Built-in modules through process.getBuiltinModule, when first needed: an
// ES import of node:http builds its namespace, whose lazy getters load
// undici, about 20 ms at every start of every program that imports the client.
const zlib = () => process.getBuiltinModule('node:zlib');
const decoders: Record<string, () => Transform> = {
  gzip: () => zlib().createGunzip(),
  'x-gzip': () => zlib().createGunzip(),
  deflate: () => zlib().createInflate(),
  br: () => zlib().createBrotliDecompress(),
};
const redirects = new Set([301, 302, 303, 307, 308]);
const bodiless = new Set([204, 205, 304]);

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

function bodyOf(response: IncomingMessage, method: string): ReadableStream<Uint8Array> | null {
  if (method === 'HEAD' || bodiless.has(response.statusCode ?? 0)) {
    response.resume();
    return null;
  }
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder = encoding === undefined ? undefined : decoders[encoding];
  if (decoder === undefined) return pulled(response);
  const decoded = decoder();
  response.on('error', (error) => decoded.destroy(error));
  return pulled(response.pipe(decoded));
}

/**
 * A stream that reads from the socket only as its reader asks: what is not
 * read waits in the connection (Readable.toWeb queues the whole body for a
 * reader that stops).
 */
function pulled(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        // Plain Uint8Arrays, as fetch gives: a Buffer would print as text.
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** fetch, for the requests the client makes, over node:http(s). */
export function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init.method ?? 'GET').toUpperCase();
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(failed(new Error(`${url.protocol} URLs are not fetched: use http: or https:`)));
      return;
    }
    const headers = new Headers(init.headers);
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      reject(new TypeError('httpFetch sends bodies of text only'));
      return;
    }
    const send =
      url.protocol === 'https:'
        ? process.getBuiltinModule('node:https').request
        : process.getBuiltinModule('node:http').request;
    const request = send(url, { method, headers: Object.fromEntries(headers), ...(signal ? { signal } : {}) });
    request.on('error', (error) => reject(signal?.aborted ? signal.reason : failed(error)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (redirects.has(status) && init.redirect === 'error') {
        response.destroy();
        reject(failed(new Error(`unexpected redirect (${status}) to ${response.headers.location ?? 'nowhere'}`)));
        return;
      }
      try {
        const received = new Headers();
        for (let at = 0; at < response.rawHeaders.length; at += 2)
          received.append(response.rawHeaders[at] as string, response.rawHeaders[at + 1] as string);
        resolve(
          new Response(bodyOf(response, method), {
            status,
            statusText: response.statusMessage ?? '',
            headers: received,
          }),
        );
      } catch (error) {
        // A status outside 200–599 or a header fetch would refuse too.
        response.destroy();
        reject(failed(error));
      }
    });
    request.end(body ?? undefined);
  });
}
