// What a caller can watch of each exchange: logging, metrics, tracing. The
// hooks are called in the order things happen; one that throws fails the
// call with its error.

/** An attempt about to be sent. The authorization header reads `Bearer [redacted]`; a body is not shown. */
export interface RequestEvent {
  readonly method: string;
  readonly url: string;
  /** Path and query. */
  readonly path: string;
  /** 1 for the first attempt, then 2, 3, … for retries. */
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** An answer received, whatever its status: the raw response's status and headers. */
export interface ResponseEvent extends Omit<RequestEvent, 'headers'> {
  readonly status: number;
  readonly headers: Headers;
  /** From sending the attempt to the response's headers. */
  readonly durationMs: number;
}

/** An attempt that will be repeated after `delayMs`: for its status (429, 502, 503, 504) or its error. */
export interface RetryEvent extends Omit<RequestEvent, 'headers'> {
  readonly delayMs: number;
  readonly status?: number;
  /** A `timeout` or `network` ClientError. */
  readonly error?: Error;
}

export interface ClientHooks {
  readonly onRequest?: (event: RequestEvent) => void;
  readonly onResponse?: (event: ResponseEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
}

/** The client's hooks and a call's, both called: the client's first. */
export function bothHooks(client: ClientHooks | undefined, call: ClientHooks | undefined): ClientHooks | undefined {
  if (client === undefined || call === undefined) return client ?? call;
  const both =
    <E>(a: ((event: E) => void) | undefined, b: ((event: E) => void) | undefined) =>
    (event: E) => {
      a?.(event);
      b?.(event);
    };
  return {
    onRequest: both(client.onRequest, call.onRequest),
    onResponse: both(client.onResponse, call.onResponse),
    onRetry: both(client.onRetry, call.onRetry),
  };
}

/** Headers as a hook sees them: the credentials never. */
export function shownHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const shown = { ...headers };
  if (shown.authorization !== undefined) shown.authorization = shown.authorization.replace(/ .*$/, ' [redacted]');
  return shown;
}
