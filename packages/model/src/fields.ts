import * as z from 'zod';
import { maxAccessTokenValiditySeconds, minAccessTokenValiditySeconds } from './access-token-validity.js';
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

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** True for what JSON can hold: finite numbers, plain objects and arrays, no cycles. Iterative, so depth is no risk. */
export function isJsonValue(value: unknown): value is JsonValue {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return false;
      continue;
    }
    if (typeof item !== 'object' || seen.has(item)) return false;
    seen.add(item);
    if (Array.isArray(item)) {
      pending.push(...item);
      continue;
    }
    const proto = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null) return false;
    pending.push(...Object.values(item));
  }
  return true;
}

/**
 * Any JSON value, passed through as it is. z.json() copies objects and so
 * loses a "__proto__" key; this keeps every key.
 */
export const jsonValueField = z.custom<JsonValue>(isJsonValue, { message: 'expected a JSON value' });
