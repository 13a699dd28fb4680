import { isIsoDateTime, type SchemaNode } from '@patkit/model';

// True when a value is already exactly what encode would build: a valid
// model, keys in the spec's order (kept unknown keys after them), canonical
// dates. Then encode can stringify it as it is. Any doubt answers false and
// encode takes the slow path, which also reports what is wrong.

type Check = (value: unknown) => boolean;

const cache = new WeakMap<SchemaNode, Check>();

export function compileCanonicalCheck(node: SchemaNode): Check {
  let check = cache.get(node);
  if (check === undefined) {
    const inner = compileKind(node);
    check = node.nullable ? (v) => v === null || inner(v) : inner;
    cache.set(node, check);
  }
  return check;
}

function compileKind(node: SchemaNode): Check {
  switch (node.kind) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'integer':
    case 'number': {
      const { min = -Infinity, max = Infinity } = node;
      const integer = node.kind === 'integer';
      return (v) =>
        typeof v === 'number' && (integer ? Number.isInteger(v) : Number.isFinite(v)) && v >= min && v <= max;
    }
    case 'date-time':
      return isIsoDateTime;
    case 'literal':
    case 'enum': {
      const values: readonly unknown[] = node.values;
      return (v) => values.includes(v);
    }
    case 'array': {
      const item = compileCanonicalCheck(node.item);
      const minItems = node.minItems ?? 0;
      return (v) => Array.isArray(v) && v.length >= minItems && v.every(item);
    }
    case 'object': {
      const keys = node.fields.map((field) => field.key);
      const checks = node.fields.map((field) => compileCanonicalCheck(field.node));
      const required = node.fields.map((field) => !field.optional);
      const known = new Set(keys);
      return (v) => {
        if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
        const input = v as Record<string, unknown>;
        let next = 0;
        for (const key in input) {
          while (next < keys.length && keys[next] !== key) {
            if (required[next]) return false;
            next++;
          }
          if (next === keys.length) {
            // Past the known keys: only kept unknown keys may follow.
            if (known.has(key)) return false;
            continue;
          }
          const value = input[key];
          if (value === undefined || !(checks[next] as Check)(value)) return false;
          next++;
        }
        while (next < keys.length) if (required[next++]) return false;
        return true;
      };
    }
    case 'json':
    case 'zod':
      return () => false;
  }
}
