import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from './http-fetch.js';

const list = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: `pat-${i}`, name: `n${i}` })));
let server: Server;
let base: string;
let written = 0;
const seen: { method: string | undefined; headers: IncomingMessage['headers']; body: string }[] = [];

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/echo': (_, response) => response.writeHead(201, 'Made', { 'x-a': '1', 'set-cookie': ['a=1', 'b=2'] }).end('made'),
  '/gzip': (_, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(list)),
  '/deflate': (_, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(list)),
  '/br': (_, response) => response.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(list)),
  '/moved': (_, response) => response.writeHead(302, { location: '/echo' }).end(),
  '/empty': (_, response) => response.writeHead(204).end(),
  '/odd': (_, response) => response.writeHead(600).end('?'),
  '/endless': (_, response) => {
    // Writes as long as the connection takes them, and counts what it took.
    const chunk = Buffer.alloc(65_536, 'x');
    response.writeHead(200);
    const write = () => {
      while (written < 64 * 1_048_576) {
        written += chunk.length;
        if (!response.write(chunk)) return;
      }
    };
    response.on('drain', write);
    write();
  },
  '/slow': (_, response) => {
    response.writeHead(200);
    response.write('[');
  },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ method: request.method, headers: request.headers, body });
      (routes[request.url ?? ''] ?? ((_, res) => res.writeHead(404).end()))(request, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

// The global fetch is the judge: httpFetch must answer as it does.
describe.each([
  ['httpFetch', httpFetch],
  ['the global fetch', fetch],
])('%s', (_, httpFetch) => {
  it('sends the method, headers and text body, and answers as fetch does', async () => {
    const response = await httpFetch(`${base}/echo`, {
      method: 'post',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-a')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('made');
    const request = seen.at(-1);
    expect(request).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(request?.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
    expect(request?.headers['accept-encoding']).toMatch(/^gzip, deflate/);
  });

  it.each(['gzip', 'deflate', 'br'])('decodes a %s body, as a stream', async (encoding) => {
    const response = await httpFetch(`${base}/${encoding}`);
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as ReadableStream<Uint8Array>)
      text += decoder.decode(chunk, { stream: true });
    expect(text).toBe(list);
  });

  it('refuses a redirect when asked to, as fetch does', async () => {
    const error = await httpFetch(`${base}/moved`, { redirect: 'error' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(String((error as Error).cause)).toContain('unexpected redirect');
  });

  it('reads the body only as fast as its reader: the rest waits in the connection', async () => {
    written = 0;
    const response = await httpFetch(`${base}/endless`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The kernel's socket buffers, and a chunk or two in each stream.
    expect(written).toBeLessThan(16 * 1_048_576);
    await reader.cancel();
  });

  it('gives no body for 204 and HEAD', async () => {
    expect((await httpFetch(`${base}/empty`)).body).toBeNull();
    expect((await httpFetch(`${base}/echo`, { method: 'HEAD' })).body).toBeNull();
  });

  it('fails as fetch does: connection refused (the code as cause), bad scheme', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const refused = await httpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    await expect(httpFetch('ftp://127.0.0.1/')).rejects.toThrow('fetch failed');
  });

  it('aborts before, while waiting for and while reading the body, with the signal’s reason', async () => {
    const reason = new Error('stop');
    await expect(httpFetch(`${base}/echo`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const controller = new AbortController();
    const response = await httpFetch(`${base}/slow`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).value).toEqual(new TextEncoder().encode('['));
    controller.abort(reason);
    await expect(reader.read()).rejects.toBeDefined();
  });
});

// Where the two differ: a Response cannot be made with a status outside
// 200–599 (the global fetch makes one inside undici); the client would take either as a failure.
it('httpFetch refuses a status outside 200–599', async () => {
  const odd = await httpFetch(`${base}/odd`).catch((e: unknown) => e);
  expect(odd).toBeInstanceOf(TypeError);
  expect((odd as Error).cause).toBeInstanceOf(RangeError);
});
