import type { ErrorMessageDto } from '@patkit/model';
import { decode } from '@patkit/serializer';
import { ApiError } from './client-error.js';
import { parseRetryAfter } from './retry-after.js';

const maxText = 1000;
const maxRead = 64 * 1024;

async function readText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const decoder = new TextDecoder();
  let text = '';
  // Read at most maxRead: an error page has no business being larger.
  while (text.length < maxRead) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}

function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 8) clean = clean.replaceAll(secret, '[redacted]');
  return clean;
}

/**
 * Turns an error response into an ApiError, whichever of ISC's shapes it has:
 * ErrorResponseDto (400, 403, 404, 500), `{error}` (401), `{message}` (429),
 * or anything else, kept as text (cut to 1,000 characters). Secrets found in
 * the body are redacted.
 */
export async function toApiError(
  response: Response,
  method: string,
  path: string,
  secrets: readonly string[],
  now: number,
): Promise<ApiError> {
  const text = redact(await readText(response), secrets);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
  const base = { status: response.status, method, path, ...(retryAfter === undefined ? {} : { retryAfter }) };
  let messages: ErrorMessageDto[] = [];
  let causes: ErrorMessageDto[] = [];
  const dto = decode('ErrorResponseDto', text);
  if (dto.ok && (dto.value.detailCode !== undefined || dto.value.messages !== undefined)) {
    messages = dto.value.messages ?? [];
    causes = dto.value.causes ?? [];
    return new ApiError({
      ...base,
      messages,
      causes,
      ...(dto.value.detailCode === undefined ? {} : { detailCode: dto.value.detailCode }),
      ...(dto.value.trackingId === undefined ? {} : { trackingId: dto.value.trackingId }),
    });
  }
  const unauthorized = decode('UnauthorizedResponseBody', text);
  if (unauthorized.ok && unauthorized.value.error !== undefined) {
    messages = [{ text: unauthorized.value.error }];
    return new ApiError({ ...base, messages, causes });
  }
  const limited = decode('TooManyRequestsResponseBody', text);
  if (limited.ok && limited.value.message !== undefined) {
    messages = [{ text: limited.value.message.trim() }];
    return new ApiError({ ...base, messages, causes });
  }
  const cut = text.length > maxText ? `${text.slice(0, maxText)}… (${text.length} characters in all)` : text;
  return new ApiError({ ...base, messages, causes, ...(cut === '' ? {} : { text: cut }) });
}
