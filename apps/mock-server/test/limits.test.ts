// What the server does with requests too large, too slow or too many: an answer
// in ISC's shape or a closed connection, and then it goes on serving.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { accessToken, spawnCli, testSeed, userPat } from '../src/mock-server.test-utils.js';
import { type MockServer, type MockServerOptions, startMockServer } from '../src/server.js';
import { firstResponse, iscShaped, rawConnection } from './http-fuzz.test-utils.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function boot(options: MockServerOptions = {}): Promise<MockServer> {
  server = await startMockServer({ seed: testSeed(), ...options });
  return server;
}

function parse(raw: string): { status: number; body: string } {
  const { status, body } = firstResponse(raw);
  return { status, body: body ?? '' };
}

async function stillServes(url: string): Promise<void> {
  const response = await fetch(`${url}/v2025/personal-access-tokens`);
  expect(response.status).toBe(401);
}

describe('headers', () => {
  it('answers headers over 16 KB with 431 in ISC shape', async () => {
    const { url } = await boot();
    const response = await fetch(`${url}/v2025/personal-access-tokens`, { headers: { 'x-big': 'x'.repeat(20_000) } });
    const text = await response.text();
    expect(response.status).toBe(431);
    expect(iscShaped(431, text)).toBe(true);
    expect(text).toContain('larger than 16384 bytes');
    await stillServes(url);
  });

  it('answers what is not HTTP with 400 in ISC shape', async () => {
    const { url, port } = await boot();
    const { status, body } = parse(await rawConnection(port, 'HELLO THERE\r\n\r\n').reply);
    expect(status).toBe(400);
    expect(iscShaped(400, body)).toBe(true);
    await stillServes(url);
  });
});

describe('slow requests', () => {
  it('answers a stalled body with 408 once the request time is up, and closes', async () => {
    const { url, port } = await boot({ requestTimeoutMs: 300, headersTimeoutMs: 200 });
    const { reply } = rawConnection(
      port,
      'POST /oauth/token HTTP/1.1\r\nHost: mock\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type',
    );
    const { status, body } = parse(await reply);
    expect(status).toBe(408);
    expect(iscShaped(408, body)).toBe(true);
    expect(body).toContain('within 300 ms');
    // Nobody was left to answer: no 500 for the request that never arrived whole.
    expect(server?.journal.list({ status: 500 })).toEqual([]);
    await stillServes(url);
  });

  it('closes a connection that sends its headers a byte at a time', async () => {
    const { url, port } = await boot({ requestTimeoutMs: 1_000, headersTimeoutMs: 200 });
    const { socket, reply } = rawConnection(port, 'GET /v2025/personal-access-tokens HTTP/1.1\r\n');
    const drip = setInterval(() => socket.write('X'), 20);
    const { status } = parse(await reply);
    clearInterval(drip);
    expect(status).toBe(408);
    await stillServes(url);
  });

  it('journals no error when a client hangs up halfway through its body', async () => {
    const { url, port, faults } = await boot();
    const token = await accessToken(url, userPat);
    // A rule that changes nothing, to see when the server has the request.
    faults.add({ method: 'POST', path: '/v2025/personal-access-tokens', latency: 0 });
    const { socket, reply } = rawConnection(
      port,
      `POST /v2025/personal-access-tokens HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"name":`,
    );
    while (faults.list()[0]?.seen === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.destroy();
    await reply;
    await stillServes(url);
    expect(server?.journal.list().filter((entry) => entry.status >= 500)).toEqual([]);
  });

  it('refuses time limits that cannot work', async () => {
    await expect(startMockServer({ requestTimeoutMs: 0 })).rejects.toMatchObject({ code: 'invalid_option' });
    await expect(startMockServer({ requestTimeoutMs: 100, headersTimeoutMs: 200 })).rejects.toThrow(
      'headersTimeoutMs (200) cannot be more than requestTimeoutMs (100)',
    );
    await expect(startMockServer({ maxConnections: 1.5 })).rejects.toMatchObject({ code: 'invalid_option' });
  });
});

describe('many connections', () => {
  it('closes connections over maxConnections as they arrive, and serves the rest', async () => {
    const { url, port } = await boot({ maxConnections: 20 });
    const request = 'GET /v2025/personal-access-tokens HTTP/1.1\r\nHost: mock\r\n\r\n';
    // Twenty keep-alive connections, each answered once and then left open.
    const held = Array.from({ length: 20 }, () => rawConnection(port, request));
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('data', resolve))));
    const extra = Array.from({ length: 10 }, () => rawConnection(port, request));
    for (const raw of await Promise.all(extra.map(({ reply }) => reply))) expect(raw).toBe('');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ reply }) => reply));
    await stillServes(url);
  });

  it('stays up when connections outnumber the file descriptors it may open', async () => {
    const { child, url, stderr } = await spawnCli(['--log-level', 'warn']);
    // Once it listens (loading modules opens many files at once), leave it room for 16 more; 400 connections arrive at once.
    const files = readdirSync(`/proc/${child.pid}/fd`).length + 16;
    execFileSync('prlimit', ['--pid', String(child.pid), `--nofile=${files}:${files}`]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = Number(new URL(url).port);
      const request = 'GET /v2025/personal-access-tokens HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n';
      const replies = await Promise.all(Array.from({ length: 400 }, () => rawConnection(port, request).reply));
      const answered = replies.filter((raw) => raw !== '');
      // Each connection got a whole answer or was closed; some got through.
      for (const raw of answered) {
        const { status, body } = parse(raw);
        expect(status).toBe(401);
        expect(iscShaped(401, body)).toBe(true);
      }
      expect(answered.length).toBeGreaterThan(0);
      expect(child.exitCode).toBeNull();
      await stillServes(url);
      expect(stderr()).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});
