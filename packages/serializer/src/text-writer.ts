import { isIsoDateTime, type SchemaNode } from '@patkit/model/core';
import { numberTest } from './number-node.js';

// Writes a model's canonical compact JSON straight from the value, checking
// each value as it goes (as fast-json-stringify does): no copy of the value
// in the spec's key order, and no JSON.stringify of that copy. It answers
// the common case only — a valid value, date-times already canonical, no
// unknown keys — and returns undefined for anything else, so that the
// encoder's general path writes it or says what is wrong. A test holds it to
// JSON.stringify of the general path's value for any input.

/** The value's JSON text, or undefined: not the common case. */
export type TextWriter = (value: unknown) => string | undefined;

/** A string as JSON.stringify writes it; the caller has checked it is well-formed. */
export function quoteString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, `"` and `\` are escaped; so would be lone surrogates, which are never here.
    if (c < 32 || c === 34 || c === 92) return JSON.stringify(text);
  }
  return `"${text}"`;
}

const cache = new WeakMap<SchemaNode, TextWriter>();

/** The text writer of a node (compiled once, then shared). */
export function compileWriter(node: SchemaNode): TextWriter {
  let writer = cache.get(node);
  if (writer === undefined) {
    const inner = compileKind(node);
    writer = node.nullable ? (v) => (v === null ? 'null' : inner(v)) : inner;
    cache.set(node, writer);
  }
  return writer;
}

const decline: TextWriter = () => undefined;

function compileKind(node: SchemaNode): TextWriter {
  switch (node.kind) {
    case 'string':
      return (v) => (typeof v === 'string' && v.isWellFormed() ? quoteString(v) : undefined);
    case 'boolean':
      return (v) => (v === true ? 'true' : v === false ? 'false' : undefined);
    case 'integer':
    case 'number': {
      const takes = numberTest(node);
      return (v) => (takes(v) ? String(v) : undefined);
    }
    case 'date-time':
      // A canonical date-time has nothing to escape.
      return (v) => (isIsoDateTime(v) ? `"${v}"` : undefined);
    case 'literal':
    case 'enum': {
      const texts = new Map<unknown, string>(node.values.map((value) => [value, JSON.stringify(value)]));
      return (v) => texts.get(v);
    }
    case 'array':
      return compileArray(node);
    case 'object':
      return compileObject(node);
    // Free-form JSON and patch documents are rare in bulk: the general path writes them.
    case 'json':
    case 'pat-patch-operation':
    case 'pat-patch-document':
      return decline;
  }
}

function compileArray(node: Extract<SchemaNode, { kind: 'array' }>): TextWriter {
  const item = compileWriter(node.item);
  const minItems = node.minItems ?? 0;
  return (v) => {
    if (!Array.isArray(v) || v.length < minItems) return undefined;
    if (v.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      // A hole reads as undefined, which no writer takes.
      const text = item(v[i]);
      if (text === undefined) return undefined;
      out += i === 0 ? text : `,${text}`;
    }
    return `${out}]`;
  };
}

// As the decoder's objects, compiled to code with literal keys: V8's inline
// caches stay monomorphic where a loop over the fields would not.
function compileObject(node: Extract<SchemaNode, { kind: 'object' }>): TextWriter {
  const writers = node.fields.map((field) => compileWriter(field.node));
  const lines: string[] = [];
  node.fields.forEach((field, i) => {
    const key = JSON.stringify(field.key);
    const prefix = JSON.stringify(`${JSON.stringify(field.key)}:`);
    lines.push(`raw = v[${key}];`);
    lines.push(`if (raw === undefined) { ${field.optional ? '' : 'return undefined;'} } else {`);
    lines.push('present++;');
    if (field.node.kind === 'string' && !field.node.nullable) {
      lines.push("if (typeof raw !== 'string' || !raw.isWellFormed()) return undefined;");
      lines.push('text = quoteString(raw);');
    } else {
      lines.push(`text = writers[${i}](raw); if (text === undefined) return undefined;`);
    }
    lines.push(`out += (present === 1 ? ${prefix} : ',' + ${prefix}) + text;`);
    lines.push('}');
  });
  const body = `
    return function writeObject(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      let out = '{', present = 0, raw, text;
      ${lines.join('\n      ')}
      let count = 0;
      for (const _ in v) count++;
      return count === present ? out + '}' : undefined;
    };`;
  return new Function('writers', 'quoteString', body)(writers, quoteString) as TextWriter;
}
