import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.js';
import { errorReply } from './responses.js';

/** The time limits a request must keep, as the server was started with. */
export interface RequestLimits {
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
}

function answerFor(code: string | undefined, limits: RequestLimits): { status: number; cause: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        cause: `the request headers are larger than ${maxHeaderSize} bytes; send fewer or shorter headers`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        cause: `the request did not arrive in time: headers within ${limits.headersTimeoutMs} ms, the whole request within ${limits.requestTimeoutMs} ms`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, cause: 'the chunk extensions are too large' };
    default:
      return { status: 400, cause: `the request is not valid HTTP/1.1 (${code ?? 'parse error'})` };
  }
}

/**
 * Answers what Node's HTTP parser rejects before a handler sees it (headers too
 * large, a stalled request, malformed HTTP) in ISC's error shape, as it does
 * everything else, instead of Node's bodiless default.
 */
export function clientErrorHandler(limits: RequestLimits, logger: Logger) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    // Part of an answer already went out on this socket, or the peer is gone: nothing more can be said.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, cause } = answerFor(error.code, limits);
    const body = Buffer.from(errorReply(status, [cause]).body as string);
    logger.info('request rejected', { status, reason: error.code ?? error.message });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'content-type: application/json;charset=utf-8\r\n' +
        `content-length: ${body.length}\r\n` +
        'connection: close\r\n\r\n',
    );
    socket.end(body);
  };
}
