import { knownScopes } from './known-scopes.generated.js';

export { knownScopes };

const known = new Set(knownScopes);

/** Whether some operation of ISC's API asks for this scope (as SailPoint's API specs list them). */
export function isKnownScope(scope: string): boolean {
  return known.has(scope);
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The known scope closest to a mistyped one, if one is within a few edits. */
export function closestKnownScope(scope: string): string | undefined {
  const limit = Math.max(2, Math.floor(scope.length / 8));
  let found: string | undefined;
  let foundDistance = limit + 1;
  for (const candidate of knownScopes) {
    const d = distance(scope, candidate, limit);
    if (d < foundDistance) {
      found = candidate;
      foundDistance = d;
    }
  }
  return found;
}
