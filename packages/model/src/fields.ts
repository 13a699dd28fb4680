import * as z from 'zod';
import { type IsoDateTime, parseDateTime } from './date-time.js';

/** An RFC 3339 date-time with a zone, normalized to an IsoDateTime. */
export const dateTimeField = z
  .string()
  .meta({ format: 'date-time', examples: ['2017-07-11T18:45:37.098Z'] })
  .transform((text, ctx): IsoDateTime => {
    const result = parseDateTime(text);
    if (result.ok) return result.value;
    ctx.issues.push({ code: 'custom', message: result.message, input: text, params: { code: result.code } });
    return z.NEVER;
  });

export const minAccessTokenValiditySeconds = 15;
export const maxAccessTokenValiditySeconds = 43_200;

/** Lifetime in seconds of access tokens minted with a PAT. */
export const accessTokenValiditySecondsField = z
  .int()
  .min(minAccessTokenValiditySeconds)
  .max(maxAccessTokenValiditySeconds)
  .meta({ format: 'int32' });

/** The scope every PAT gets when created without one. */
export const defaultScope = 'sp:scopes:all';

/** `null` and `[]` are different values and stay different. */
export const scopeField = z.array(z.string()).nullable();
