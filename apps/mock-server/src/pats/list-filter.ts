import { parseDateTime } from '@patkit/model/core';
import type { PatRow } from '../state/store.js';

export type ListFilter = { ok: true; test: (row: PatRow) => boolean } | { ok: false; cause: string };

const supported = 'filters supports exactly "lastUsed le <date-time>" and "lastUsed isnull" (operators are lower-case)';

/** Parses the `filters` query parameter as ISC does for PATs: two forms, nothing else. */
export function parseListFilter(filters: string | null): ListFilter {
  if (filters === null) return { ok: true, test: () => true };
  const expression = filters.trim();
  if (expression === 'lastUsed isnull') return { ok: true, test: (row) => row.lastUsed === null };
  const match = /^lastUsed le (\S+)$/.exec(expression);
  if (match) {
    const date = parseDateTime(match[1] as string);
    if (!date.ok) return { ok: false, cause: `filters: ${date.message}` };
    const limit = Date.parse(date.value);
    return { ok: true, test: (row) => row.lastUsed !== null && row.lastUsed <= limit };
  }
  return { ok: false, cause: `${supported}; got ${JSON.stringify(filters)}` };
}
