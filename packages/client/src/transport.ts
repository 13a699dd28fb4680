import { ClientError } from './client-error.js';
import { type ClientHooks, shownHeaders } from './hooks.js';
import type { RatePacer } from './rate-pacer.js';
import { parseRetryAfter } from './retry-after.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** First backoff step in ms; each retry doubles it, with full jitter. Default 250. */
  readonly baseDelayMs?: number;
  /** Largest single backoff in ms. Default 8,000. */
  readonly maxDelayMs?: number;
  /** No retry starts after this many ms since the first attempt. Default 60,000. */
  readonly maxTotalMs?: number;
  /**
   * Retry a create (POST) after a 502/503/504, a timeout or a network error,
   * although the first attempt may have created the PAT. Default false: only
   * 429s and refused connections, which never reach the API, are retried.
   */
  readonly retryCreate?: boolean;
}

/** How the client waits and tells time; replaceable in tests. */
export interface Timing {
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly timing: Timing;
}

export interface OutgoingRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** Path and query, for messages. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** A create: repeating it may create a second PAT. */
  readonly createsResource?: boolean;
  readonly signal?: AbortSignal;
  /** This call's timeout per attempt, in place of the client's. */
  readonly timeoutMs?: number;
  readonly hooks?: ClientHooks;
  /** Each attempt waits for its turn under ISC's rate limit: the pacer, and what the limit counts it under. */
  readonly pace?: { readonly pacer: RatePacer; readonly key: string };
}

export const defaultRetry: Required<RetryOptions> = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxTotalMs: 60_000,
  retryCreate: false,
};

// setTimeout's largest delay; a longer one fires at once.
const maxTimerMs = 2 ** 31 - 1;

/** A number option in its range, or a ClientError that names it and the range. */
function checkNumber(name: string, value: unknown, min: number, max: number, integer: boolean): void {
  if (typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value))) return;
  throw new ClientError(
    'invalid_argument',
    `${name} is ${typeof value === 'number' ? value : JSON.stringify(value)}; give ${integer ? 'a whole number' : 'a number'} from ${min} to ${max.toLocaleString('en-US')}`,
  );
}

/** A timeout in ms, checked (a client's, or a call's). */
export function checkTimeoutMs(value: unknown): void {
  checkNumber('timeoutMs', value, 1, maxTimerMs, false);
}

/** The transport's timeout and retry settings, checked: a bad one is a ClientError when the client is made. */
export function checkedTransportSettings(
  timeoutMs: number | undefined,
  retry: RetryOptions | undefined,
): Pick<TransportOptions, 'timeoutMs' | 'retry'> {
  const settings = { timeoutMs: timeoutMs ?? 30_000, retry: { ...defaultRetry, ...retry } };
  checkTimeoutMs(settings.timeoutMs);
  checkNumber('retry.maxAttempts', settings.retry.maxAttempts, 1, 100, true);
  checkNumber('retry.baseDelayMs', settings.retry.baseDelayMs, 0, maxTimerMs, false);
  checkNumber('retry.maxDelayMs', settings.retry.maxDelayMs, 0, maxTimerMs, false);
  checkNumber('retry.maxTotalMs', settings.retry.maxTotalMs, 0, Number.MAX_SAFE_INTEGER, false);
  if (typeof settings.retry.retryCreate !== 'boolean')
    throw new ClientError(
      'invalid_argument',
      `retry.retryCreate is ${String(settings.retry.retryCreate)}; give true or false`,
    );
  return settings;
}

const retryableStatus = new Set([502, 503, 504]);
// Errors raised before a connection exists: the request never left.
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH']);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

// What a network failure means, in words a person can act on.
const networkWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ECONNRESET: 'the connection was dropped by the other side',
  EPIPE: 'the connection was dropped by the other side',
  UND_ERR_SOCKET: 'the connection was dropped before the answer was complete',
  UND_ERR_CLOSED: 'the connection was closed before the answer was complete',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

/** A network failure as a sentence: where, what happened in words, and the system's code. */
function networkMessage(request: OutgoingRequest, code: string | undefined, error: unknown, notSent: boolean): string {
  let origin: string;
  try {
    origin = new URL(request.url).origin;
  } catch {
    origin = request.url;
  }
  // Without a code, the innermost cause says most (fetch's own message is only "fetch failed").
  let inner: unknown = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const words = code === undefined ? (inner as Error).message : (networkWords[code] ?? code);
  const known = code !== undefined && code in networkWords ? ` (${code})` : '';
  return `cannot reach ${origin}: ${words}${known}; ${request.method} ${request.path} ${notSent ? 'was not sent' : 'may not have been answered'}`;
}

function backoff(attempt: number, retry: Required<RetryOptions>, timing: Timing): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(timing.random() * ceiling);
}

async function pause(ms: number, request: OutgoingRequest, timing: Timing): Promise<void> {
  try {
    await timing.sleep(ms, request.signal);
  } catch (reason) {
    throw new ClientError('aborted', `${request.method} ${request.path} was aborted`, { cause: reason });
  }
}

/** Waits for the request's turn under the rate limit; what to call when it is answered. */
async function turn(request: OutgoingRequest, timing: Timing): Promise<(() => void) | undefined> {
  if (request.pace === undefined) return undefined;
  try {
    return await request.pace.pacer.take(request.pace.key, timing, request.signal);
  } catch (reason) {
    throw new ClientError('aborted', `${request.method} ${request.path} was aborted`, { cause: reason });
  }
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

function timeoutError(request: OutgoingRequest, ms: number): ClientError {
  return new ClientError('timeout', `${request.method} ${request.path} timed out after ${ms} ms`);
}

/**
 * The response with a body that times out only while it waits for the
 * server: `timeoutMs` bounds the wait for the headers and then for each
 * chunk, never the whole body. A long list read by a slow consumer (audit
 * looking owners up) is not cut off; a server that stops sending is.
 */
function watchBody(response: Response, timeout: AbortController, request: OutgoingRequest, ms: number): Response {
  if (response.body === null) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const timer = setTimeout(() => timeout.abort(timeoutError(request, ms)), ms);
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(timeout.signal.aborted ? timeout.signal.reason : error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Sends a request with bounded retries: 429 after its Retry-After (or a
 * backoff), 502/503/504 and network errors with exponential backoff and full
 * jitter. A create is repeated only when it cannot have reached the API,
 * unless `retryCreate` is set. Returns the last response, whatever its status.
 */
export async function send(request: OutgoingRequest, options: TransportOptions): Promise<Response> {
  const { retry, timing } = options;
  const timeoutMs = request.timeoutMs ?? options.timeoutMs;
  const { hooks } = request;
  const started = timing.now();
  const mayRepeat = !request.createsResource || retry.retryCreate;
  const what = { method: request.method, url: request.url, path: request.path };
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= retry.maxAttempts;
    const paced = await turn(request, timing);
    hooks?.onRequest?.({ ...what, attempt, headers: shownHeaders(request.headers) });
    const sent = timing.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(timeoutError(request, timeoutMs)), timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    let response: Response;
    try {
      response = watchBody(
        await options
          .fetch(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            signal,
            redirect: 'error',
          })
          .finally(paced),
        timeout,
        request,
        timeoutMs,
      );
    } catch (error) {
      // A fetch that threw rather than rejected is over too.
      paced?.();
      if (request.signal?.aborted) {
        throw new ClientError('aborted', `${request.method} ${request.path} was aborted`, {
          cause: request.signal.reason,
        });
      }
      const timedOut = timeout.signal.aborted;
      const code = errorCode(error);
      const notSent = code !== undefined && notSentCodes.has(code);
      const failure = timedOut
        ? new ClientError('timeout', `${request.method} ${request.path} timed out after ${timeoutMs} ms`, {
            cause: error,
          })
        : new ClientError('network', networkMessage(request, code, error, notSent), { cause: error });
      const delay = backoff(attempt, retry, timing);
      if (last || !(mayRepeat || notSent) || timing.now() - started + delay > retry.maxTotalMs) throw failure;
      hooks?.onRetry?.({ ...what, attempt, delayMs: delay, error: failure });
      await pause(delay, request, timing);
      continue;
    } finally {
      clearTimeout(timer);
    }
    hooks?.onResponse?.({
      ...what,
      attempt,
      status: response.status,
      headers: response.headers,
      durationMs: timing.now() - sent,
    });
    if (last) return response;
    let delay: number | undefined;
    if (response.status === 429) {
      const seconds = parseRetryAfter(response.headers.get('retry-after'), timing.now());
      delay = seconds === undefined ? backoff(attempt, retry, timing) : seconds * 1000;
    } else if (retryableStatus.has(response.status) && mayRepeat) {
      delay = backoff(attempt, retry, timing);
    }
    if (delay === undefined || timing.now() - started + delay > retry.maxTotalMs) return response;
    hooks?.onRetry?.({ ...what, attempt, delayMs: delay, status: response.status });
    await discard(response);
    await pause(delay, request, timing);
  }
}
