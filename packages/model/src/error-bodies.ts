import * as z from 'zod';
import { named } from './model-registry.js';
import type { ObjectFactory } from './unknown-keys.js';

export const localeOrigins = ['DEFAULT', 'REQUEST'] as const;

/** The error bodies ISC sends: ErrorResponseDto (400, 403, 404, 500), `{error}` (401), `{message}` (429). */
export function buildErrorBodies(object: ObjectFactory) {
  const LocaleOrigin = named('LocaleOrigin', z.enum(localeOrigins).nullable());
  const ErrorMessageDto = named(
    'ErrorMessageDto',
    object({
      locale: z.string().nullable().exactOptional(),
      localeOrigin: LocaleOrigin.exactOptional(),
      text: z.string().exactOptional(),
    }),
  );
  const ErrorResponseDto = named(
    'ErrorResponseDto',
    object({
      detailCode: z.string().exactOptional(),
      trackingId: z.string().exactOptional(),
      messages: z.array(ErrorMessageDto).exactOptional(),
      causes: z.array(ErrorMessageDto).exactOptional(),
    }),
  );
  const UnauthorizedResponseBody = named('UnauthorizedResponseBody', object({ error: z.string().exactOptional() }));
  const TooManyRequestsResponseBody = named(
    'TooManyRequestsResponseBody',
    object({ message: z.string().exactOptional() }),
  );
  return { LocaleOrigin, ErrorMessageDto, ErrorResponseDto, UnauthorizedResponseBody, TooManyRequestsResponseBody };
}
