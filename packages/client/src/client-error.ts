import type { ErrorMessageDto } from '@patkit/model';
import type { Setting } from './config.js';

export type ClientErrorCode =
  | 'config_missing'
  | 'config_invalid'
  | 'invalid_argument'
  | 'keyring_unavailable'
  | 'keyring_entry_not_utf8'
  | 'unsupported'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'api_error';

/** The error type of @patkit/client. `code` is stable; messages never contain secrets. */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  readonly code: ClientErrorCode;
  /** With `config_missing`: the settings no source had, so a tool can ask for them in its own words. */
  readonly missing: readonly Setting[] | undefined;

  constructor(code: ClientErrorCode, message: string, options: { cause?: unknown; missing?: readonly Setting[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.missing = options.missing;
  }
}

export interface ApiErrorDetails {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly detailCode?: string;
  readonly trackingId?: string;
  readonly messages: readonly ErrorMessageDto[];
  readonly causes: readonly ErrorMessageDto[];
  /** Seconds to wait, from a 429's Retry-After header. */
  readonly retryAfter?: number;
  /** The body when it was not one of ISC's error shapes, cut to 1,000 characters. */
  readonly text?: string;
}

/** An error response of the API (4xx or 5xx), decoded from any of ISC's error shapes. */
export class ApiError extends ClientError {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly detailCode: string | undefined;
  readonly trackingId: string | undefined;
  readonly messages: readonly ErrorMessageDto[];
  readonly causes: readonly ErrorMessageDto[];
  readonly retryAfter: number | undefined;
  readonly text: string | undefined;

  constructor(details: ApiErrorDetails) {
    const said = [...details.messages, ...details.causes].map((m) => m.text).filter(Boolean);
    const summary = said.length > 0 ? said.join('; ') : (details.text ?? '');
    const parts = [`${details.method} ${details.path} failed with ${details.status}`];
    if (details.detailCode) parts.push(`(${details.detailCode})`);
    let message = parts.join(' ');
    if (summary) message += `: ${summary}`;
    if (details.trackingId) message += ` [tracking id ${details.trackingId}]`;
    if (details.retryAfter !== undefined) message += ` (retry after ${details.retryAfter} s)`;
    super('api_error', message);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.detailCode = details.detailCode;
    this.trackingId = details.trackingId;
    this.messages = details.messages;
    this.causes = details.causes;
    this.retryAfter = details.retryAfter;
    this.text = details.text;
  }
}
