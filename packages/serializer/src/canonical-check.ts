import { isIsoDateTime, type SchemaNode } from '@patkit/model/core';
import { canonicalTest, type DecoderFlags } from './decoder.js';
import { numberFloor, textFloor } from './duplicate-keys.js';
import { numberTest } from './number-node.js';

// Most documents are already what decoding would make of them: valid, keys
// in the spec's order, date-times canonical, nothing unknown, no default to
// add. For a value fresh from JSON.parse (never one a caller holds), that
// check alone is enough: the value is its own decoded copy, and the decoder
// need not build another. Anything else returns -1, and the decoder runs
// (which also says what is wrong). A test holds it to the decoder's output.
// On the way the check adds up the value's text floor (duplicate-keys.ts),
// which tells whether the text may give a key twice.

/**
 * The fewest characters of the JSON text of `value`, fresh from JSON.parse,
 * when decoding it would give an equal value with no problem; else -1.
 */
export type CanonicalCheck = (value: unknown) => number;

const cache = new WeakMap<SchemaNode, Map<string, CanonicalCheck>>();

const no: CanonicalCheck = () => -1;

/**
 * The check of a node for a set of flags (compiled once, then shared).
 * `wellFormed`: the strings are known to be well-formed (parsed from a
 * well-formed text without escapes), so they are not checked one by one.
 */
export function compileCheck(node: SchemaNode, flags: DecoderFlags, wellFormed: boolean): CanonicalCheck {
  let byFlags = cache.get(node);
  if (byFlags === undefined) {
    byFlags = new Map();
    cache.set(node, byFlags);
  }
  const key = `${flags.applyDefaults} ${wellFormed}`;
  let check = byFlags.get(key);
  if (check === undefined) {
    const inner = compileKind(node, flags, wellFormed);
    check = node.nullable ? (v) => (v === null ? 4 : inner(v)) : inner;
    byFlags.set(key, check);
  }
  return check;
}

function compileKind(node: SchemaNode, flags: DecoderFlags, wellFormed: boolean): CanonicalCheck {
  switch (node.kind) {
    case 'string':
      return wellFormed
        ? (v) => (typeof v === 'string' ? v.length + 2 : -1)
        : (v) => (typeof v === 'string' && v.isWellFormed() ? v.length + 2 : -1);
    case 'boolean':
      return (v) => (v === true ? 4 : v === false ? 5 : -1);
    case 'integer':
    case 'number': {
      const takes = numberTest(node);
      return (v) => (takes(v) ? numberFloor(v) : -1);
    }
    case 'date-time':
      return (v) => (isIsoDateTime(v) ? (v as string).length + 2 : -1);
    case 'literal':
    case 'enum': {
      const values: readonly unknown[] = node.values;
      return (v) => (values.includes(v) ? textFloor(v) : -1);
    }
    case 'array': {
      if (node.item.kind === 'string' && !node.item.nullable) return stringsCheck(node.minItems ?? 0, wellFormed);
      const item = compileCheck(node.item, flags, wellFormed);
      const minItems = node.minItems ?? 0;
      return (v) => {
        if (!Array.isArray(v) || v.length < minItems) return -1;
        let size = v.length === 0 ? 2 : v.length + 1;
        for (let i = 0; i < v.length; i++) {
          const floor = item(v[i]);
          if (floor < 0) return -1;
          size += floor;
        }
        return size;
      };
    }
    case 'object':
      return compileObject(node, flags, wellFormed);
    // Free-form JSON (a depth to check) and patch documents (rules per path): the decoder's.
    case 'json':
    case 'pat-patch-operation':
    case 'pat-patch-document':
      return no;
  }
}

/** An array of strings (a hole is not one: every() would skip it, and JSON.stringify write null). */
function stringsCheck(minItems: number, wellFormed: boolean): CanonicalCheck {
  return (v) => {
    if (!Array.isArray(v) || v.length < minItems) return -1;
    let size = v.length === 0 ? 2 : v.length + 1;
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (typeof item !== 'string' || !(wellFormed || item.isWellFormed())) return -1;
      size += item.length + 2;
    }
    return size;
  };
}

/** Code for a field's text floor, once `raw` passed its test; undefined for the kinds checked by a call. */
function floorCode(node: SchemaNode): string | undefined {
  const nonNull = (() => {
    switch (node.kind) {
      case 'string':
      case 'date-time':
        return 'raw.length + 2';
      case 'boolean':
        return '(raw ? 4 : 5)';
      case 'literal':
      case 'enum':
        return node.values.every((value) => typeof value === 'string') ? 'raw.length + 2' : 'textFloor(raw)';
      default:
        return undefined;
    }
  })();
  return nonNull === undefined || !node.nullable ? nonNull : `(raw === null ? 4 : ${nonNull})`;
}

// Code with literal keys, as the decoder's: V8's inline caches stay monomorphic.
function compileObject(
  node: Extract<SchemaNode, { kind: 'object' }>,
  flags: DecoderFlags,
  wellFormed: boolean,
): CanonicalCheck {
  const checks = node.fields.map((field) => compileCheck(field.node, flags, wellFormed));
  const keys = node.fields.map((field) => field.key);
  const lines = node.fields.map((field, i) => {
    // Absent: fine when optional, unless decoding would add its default.
    const absentOk = field.optional && !(flags.applyDefaults && 'default' in field);
    // `"key":` and the `,` or `}` after the value.
    const member = field.key.length + 4;
    // The common kinds inline (a call less per field); the others through their compiled check.
    const test = canonicalTest(field.node, wellFormed);
    const floor = floorCode(field.node);
    const present =
      test === undefined || floor === undefined
        ? `floor = checks[${i}](raw); if (floor < 0) return -1; size += ${member} + floor;`
        : `if (!(${field.node.nullable ? `raw === null || ${test}` : test})) return -1; size += ${member} + ${floor};`;
    return `raw = v[${JSON.stringify(field.key)}]; if (raw === undefined) { ${absentOk ? '' : 'return -1;'} } else { ${present} }`;
  });
  const body = `
    return function checkObject(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return -1;
      let raw, floor, size = 1;
      ${lines.join('\n      ')}
      // Every key known, in the spec's order (JSON.parse keeps the text's order).
      let next = 0;
      for (const key in v) {
        while (next < keys.length && keys[next] !== key) next++;
        if (next === keys.length) return -1;
        next++;
      }
      return size === 1 ? 2 : size;
    };`;
  return new Function('checks', 'keys', 'isIsoDateTime', 'textFloor', body)(
    checks,
    keys,
    isIsoDateTime,
    textFloor,
  ) as CanonicalCheck;
}
