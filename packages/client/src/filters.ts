import { toIsoDateTime } from '@patkit/model/core';
import { ClientError } from './client-error.js';

/** A list filter ISC supports. `toString()` is the `filters` query value. */
export interface Filter {
  readonly expression: string;
  toString(): string;
}

function filter(expression: string): Filter {
  return { expression, toString: () => expression };
}

/**
 * The two filters the list operation supports: `lastUsed le <date-time>`
 * and `lastUsed isnull`. Anything else is a 400 from ISC; pass a raw string
 * to `list({ filters })` to send it anyway.
 */
export const lastUsed = {
  /** PATs last used at or before `date` (lastUsed is day-granular). */
  le(date: Date | string): Filter {
    try {
      return filter(`lastUsed le ${toIsoDateTime(date)}`);
    } catch (error) {
      throw new ClientError('invalid_argument', `lastUsed.le needs a date: ${(error as Error).message}`, {
        cause: error,
      });
    }
  },
  /** PATs that never minted an access token. */
  isNull(): Filter {
    return filter('lastUsed isnull');
  },
};
