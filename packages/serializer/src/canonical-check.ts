import { isIsoDateTime, type SchemaNode } from '@patkit/model/core';
import { allStrings, canonicalTest, type DecoderFlags } from './decoder.js';

// Most documents are already what decoding would make of them: valid, keys
// in the spec's order, date-times canonical, nothing unknown, no default to
// add. For a value fresh from JSON.parse (never one a caller holds), that
// check alone is enough: the value is its own decoded copy, and the decoder
// need not build another. Anything else returns false, and the decoder runs
// (which also says what is wrong). A test holds it to the decoder's output.

/** True when decoding `value`, fresh from JSON.parse, would give an equal value with no problem. */
export type CanonicalCheck = (value: unknown) => boolean;

const cache = new WeakMap<SchemaNode, Map<string, CanonicalCheck>>();

const no: CanonicalCheck = () => false;

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
    check = node.nullable ? (v) => v === null || inner(v) : inner;
    byFlags.set(key, check);
  }
  return check;
}

function compileKind(node: SchemaNode, flags: DecoderFlags, wellFormed: boolean): CanonicalCheck {
  switch (node.kind) {
    case 'string':
      return wellFormed ? (v) => typeof v === 'string' : (v) => typeof v === 'string' && v.isWellFormed();
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
      const item = compileCheck(node.item, flags, wellFormed);
      const minItems = node.minItems ?? 0;
      return (v) => {
        if (!Array.isArray(v) || v.length < minItems) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
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

/** Every item a string (of a clean text: well-formed already). */
function allStringsOfCleanText(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return false;
  return true;
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
    // The common kinds inline (a call less per field); the others through their compiled check.
    const test = canonicalTest(field.node, wellFormed) ?? `checks[${i}](raw)`;
    const present = field.node.nullable && !test.startsWith('checks[') ? `raw === null || ${test}` : test;
    return `raw = v[${JSON.stringify(field.key)}]; if (raw === undefined ? ${!absentOk} : !(${present})) return false;`;
  });
  const body = `
    return function checkObject(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      let raw;
      ${lines.join('\n      ')}
      // Every key known, in the spec's order (JSON.parse keeps the text's order).
      let next = 0;
      for (const key in v) {
        while (next < keys.length && keys[next] !== key) next++;
        if (next === keys.length) return false;
        next++;
      }
      return true;
    };`;
  return new Function('checks', 'keys', 'isIsoDateTime', 'allStrings', body)(
    checks,
    keys,
    isIsoDateTime,
    wellFormed ? allStringsOfCleanText : allStrings,
  ) as CanonicalCheck;
}
