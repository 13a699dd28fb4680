import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface FakeResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Wait this long before answering (ms). */
  readonly delayMs?: number;
  /** Drop the connection without answering. */
  readonly destroy?: boolean;
  /** The body in parts, each sent after its pause (ms); `end: false` leaves the response open. */
  readonly parts?: { readonly text: string; readonly afterMs: number }[];
  readonly end?: boolean;
}

export type Handler = (request: FakeRequest) => FakeResponse;

export interface FakeServer {
  readonly url: string;
  readonly requests: FakeRequest[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with a port of its own, answering as the test says. */
export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  let current = handler;
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = current(request);
      const reply = () => {
        if (answer.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        if (answer.parts === undefined) {
          res.end(answer.body ?? '');
          return;
        }
        let at = Promise.resolve();
        for (const part of answer.parts)
          at = at.then(
            () =>
              new Promise<void>((resolve) =>
                setTimeout(() => {
                  if (!res.destroyed) res.write(part.text);
                  resolve();
                }, part.afterMs),
              ),
          );
        void at.then(() => {
          if (answer.end !== false) res.end();
        });
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const pat = {
  id: '86f1dc6fe8f54414950454cbb11278fa',
  name: 'NodeJS Integration',
  scope: ['sp:scopes:all'],
  owner: { type: 'IDENTITY', id: '2c9180a46faadee4016fb4e018c20639', name: 'Support' },
  created: '2017-07-11T18:45:37.098Z',
  lastUsed: '2023-01-04T18:58:17.486584Z',
  managed: false,
  accessTokenValiditySeconds: 43200,
  expirationDate: null,
  userAwareTokenNeverExpires: true,
};

let minted = 0;

/** A token response like ISC's, with a new token each time. */
export function tokenResponse(expiresIn = 43200): FakeResponse {
  minted++;
  return {
    status: 200,
    body: JSON.stringify({
      access_token: `token-${minted}`,
      token_type: 'bearer',
      expires_in: expiresIn,
      scope: 'sp:scopes:all',
    }),
  };
}

/** Timing for tests: a clock that only moves when told or slept on, and a record of every sleep. */
export function fakeTiming(start = Date.parse('2026-11-29T00:00:00Z')) {
  const timing = {
    time: start,
    sleeps: [] as number[],
    now: () => timing.time,
    random: () => 1,
    sleep: async (ms: number) => {
      timing.sleeps.push(ms);
      timing.time += ms;
    },
  };
  return timing;
}
