/**
 * Checks, without recursion, that a value is something JSON can hold (finite
 * numbers, plain objects, arrays, no cycles) and nests at most `maxDepth`
 * containers deep. Returns what is wrong, or undefined.
 */
export function jsonProblem(value: unknown, maxDepth: number): 'too_deep' | 'not_json' | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'not_json';
  if (typeof value !== 'object') return 'not_json';
  const pending: Array<[unknown, number]> = [[value, 1]];
  const open = new Set<object>();
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'not_json';
      continue;
    }
    if (typeof item !== 'object') return 'not_json';
    if (depth > maxDepth) return 'too_deep';
    if (open.has(item)) return 'not_json';
    open.add(item);
    if (Array.isArray(item)) {
      for (const child of item) pending.push([child, depth + 1]);
      continue;
    }
    const proto = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null) return 'not_json';
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return undefined;
}
