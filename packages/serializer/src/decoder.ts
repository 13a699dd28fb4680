import {
  describeNode,
  describeValue,
  isIsoDateTime,
  type ModelVariant,
  neverExpiresNeedsAck,
  opNotAllowed,
  parseDateTime,
  patchRuleFor,
  type SchemaNode,
  unpatchablePath,
} from '@patkit/model/core';
import { jsonProblem } from './json-check.js';
import type { SerializerErrorCode, SerializerWarningCode } from './serializer-error.js';

// Compiles a model's SchemaNode into closures that check and normalize a
// parsed value in one pass, building the output in the spec's key order.

export const INVALID: unique symbol = Symbol('invalid');

type Key = string | number | undefined;

/** The position of a container being decoded; built once per object or array, not per value. */
export interface PathNode {
  readonly up: PathNode | undefined;
  readonly key: Key;
  readonly depth: number;
}

export interface RawProblem<C> {
  readonly code: C;
  readonly path: (string | number)[];
  readonly message: string;
  /** Locate the key rather than the value (unknown keys). */
  readonly atKey?: boolean;
  /** Where in the text it is, when the path cannot say (a key given twice). */
  readonly offset?: number;
}

export interface DecoderFlags {
  /** Unknown keys are errors (strict) rather than warnings. */
  readonly rejectUnknown: boolean;
  /** Unknown keys are copied to the output (tolerant keep; encode). */
  readonly keepUnknown: boolean;
  /** Absent optional keys get the spec's default. */
  readonly applyDefaults: boolean;
  /** `null` for an optional non-nullable key reads as absent. */
  readonly nullAsAbsent: boolean;
  /** A date-time without a zone reads as UTC. */
  readonly allowMissingZone: boolean;
  /** Every key is written, absent ones as null (PowerShell's ConvertTo-Json). */
  readonly allKeys: boolean;
}

export interface DecodeContext {
  readonly maxErrors: number;
  readonly maxDepth: number;
  errors: RawProblem<SerializerErrorCode>[];
  warnings: RawProblem<SerializerWarningCode>[];
  omittedErrors: number;
  omittedWarnings: number;
}

// Most decodes find nothing wrong: they share these until a first problem.
const none: never[] = [];

export type Decoder = (value: unknown, ctx: DecodeContext, parent: PathNode | undefined, key: Key) => unknown;

export function newContext(maxErrors: number, maxDepth: number): DecodeContext {
  return { maxErrors, maxDepth, errors: none, warnings: none, omittedErrors: 0, omittedWarnings: 0 };
}

/** The path node of a document's root object, shared: it holds no state. */
const rootPath: PathNode = { up: undefined, key: undefined, depth: 1 };

export function pathOf(parent: PathNode | undefined, key: Key): (string | number)[] {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let node = parent; node !== undefined; node = node.up) if (node.key !== undefined) keys.push(node.key);
  return keys.reverse();
}

/** How deep the containers above a value go. */
function depthAbove(parent: PathNode | undefined): number {
  return parent?.depth ?? 0;
}

export function fail(
  ctx: DecodeContext,
  code: SerializerErrorCode,
  parent: PathNode | undefined,
  key: Key,
  message: string,
  atKey = false,
): typeof INVALID {
  addError(ctx, { code, path: pathOf(parent, key), message, ...(atKey ? { atKey } : {}) });
  return INVALID;
}

function warn(
  ctx: DecodeContext,
  code: SerializerWarningCode,
  parent: PathNode | undefined,
  key: Key,
  message: string,
  atKey = false,
): void {
  addWarning(ctx, { code, path: pathOf(parent, key), message, ...(atKey ? { atKey } : {}) });
}

/** Adds an error, or counts it once `maxErrors` are there. */
export function addError(ctx: DecodeContext, problem: RawProblem<SerializerErrorCode>): void {
  if (ctx.errors === none) ctx.errors = [];
  if (ctx.errors.length < ctx.maxErrors) ctx.errors.push(problem);
  else ctx.omittedErrors++;
}

/** Adds a warning, or counts it once `maxErrors` are there. */
export function addWarning(ctx: DecodeContext, problem: RawProblem<SerializerWarningCode>): void {
  if (ctx.warnings === none) ctx.warnings = [];
  if (ctx.warnings.length < ctx.maxErrors) ctx.warnings.push(problem);
  else ctx.omittedWarnings++;
}

function mismatch(node: SchemaNode, value: unknown, ctx: DecodeContext, parent: PathNode | undefined, key: Key) {
  if (typeof value === 'object' && value !== null) {
    const remaining = ctx.maxDepth - depthAbove(parent);
    if (jsonProblem(value, remaining) === 'too_deep') {
      return fail(ctx, 'too_deep', parent, key, `nested more than ${ctx.maxDepth} levels deep`);
    }
  }
  return fail(ctx, 'invalid_type', parent, key, `expected ${describeNode(node)}, got ${describeValue(value)}`);
}

const cache = new WeakMap<SchemaNode, Map<string, Decoder>>();

function flagsKey(flags: DecoderFlags): string {
  return Object.values(flags)
    .map((flag) => (flag ? '1' : '0'))
    .join('');
}

/** The decoder of a node for a set of flags (compiled once, then shared). */
export function compileDecoder(node: SchemaNode, flags: DecoderFlags): Decoder {
  let byFlags = cache.get(node);
  if (byFlags === undefined) {
    byFlags = new Map();
    cache.set(node, byFlags);
  }
  const key = flagsKey(flags);
  let decoder = byFlags.get(key);
  if (decoder === undefined) {
    const inner = compileKind(node, flags);
    decoder = node.nullable ? (v, ctx, parent, k) => (v === null ? null : inner(v, ctx, parent, k)) : inner;
    byFlags.set(key, decoder);
  }
  return decoder;
}

function compileKind(node: SchemaNode, flags: DecoderFlags): Decoder {
  switch (node.kind) {
    case 'string':
      return (v, ctx, parent, key) =>
        typeof v !== 'string'
          ? mismatch(node, v, ctx, parent, key)
          : v.isWellFormed()
            ? v
            : fail(ctx, 'invalid_value', parent, key, illFormed(v));
    case 'boolean':
      return (v, ctx, parent, key) => (typeof v === 'boolean' ? v : mismatch(node, v, ctx, parent, key));
    case 'integer':
    case 'number': {
      const { min = -Infinity, max = Infinity } = node;
      const integer = node.kind === 'integer';
      return (v, ctx, parent, key) => {
        if (typeof v !== 'number' || !(integer ? Number.isInteger(v) : Number.isFinite(v))) {
          return mismatch(node, v, ctx, parent, key);
        }
        if (v < min || v > max) {
          return fail(ctx, 'out_of_range', parent, key, `${v} is out of range; use ${describeNode(node)}`);
        }
        return v;
      };
    }
    case 'date-time':
      return compileDateTime(node, flags);
    case 'literal':
    case 'enum': {
      const values: readonly unknown[] = node.values;
      return (v, ctx, parent, key) => {
        if (values.includes(v)) return v;
        if (values.some((allowed) => typeof allowed === typeof v)) {
          return fail(ctx, 'invalid_value', parent, key, `expected ${describeNode(node)}, got ${describeValue(v)}`);
        }
        return mismatch(node, v, ctx, parent, key);
      };
    }
    case 'array':
      return compileArray(node, flags);
    case 'object':
      return compileObject(node, flags);
    case 'json':
      return (v, ctx, parent, key) => {
        const problem = jsonProblem(v, ctx.maxDepth - depthAbove(parent));
        if (problem === 'too_deep')
          return fail(ctx, 'too_deep', parent, key, `nested more than ${ctx.maxDepth} levels deep`);
        if (problem === 'not_json') return fail(ctx, 'invalid_value', parent, key, 'expected a JSON value');
        return v;
      };
    case 'pat-patch-operation':
      return compilePatchOperation(node.variant, flags);
    case 'pat-patch-document':
      return compilePatchDocument(node, flags);
  }
}

/**
 * A string with an unpaired UTF-16 surrogate (JSON's `"\ud800"`) has no
 * UTF-8 form: it would be stored, compared and listed as something else.
 * An error in every mode.
 */
function illFormed(text: string): string {
  const at = [...text].findIndex((char) => /^[\ud800-\udfff]$/.test(char));
  return `is not well-formed Unicode: an unpaired surrogate at character ${at}; send the text as UTF-8, or a surrogate pair as two \\u escapes together`;
}

function compileDateTime(node: SchemaNode, flags: DecoderFlags): Decoder {
  const options = { allowMissingZone: flags.allowMissingZone };
  return (v, ctx, parent, key) => {
    if (typeof v !== 'string') return mismatch(node, v, ctx, parent, key);
    if (isIsoDateTime(v)) return v;
    const result = parseDateTime(v, options);
    if (!result.ok) return fail(ctx, result.code, parent, key, result.message);
    if (result.zone === 'none') {
      warn(ctx, 'missing_zone', parent, key, `${JSON.stringify(v)} has no zone; read as UTC`);
    }
    return result.value;
  };
}

/** Every item a well-formed string; a hole is not (every() would skip it, and JSON.stringify write null). */
export function allStrings(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string' || !item.isWellFormed()) return false;
  }
  return true;
}

/**
 * Code that is true when `raw`, a value of a common kind, is valid and
 * already canonical (decoding keeps it as it is), or undefined for the
 * other kinds. Generated decoders and canonical checks inline it: a call
 * less per field. `wellFormed`: strings are known to be well-formed. The
 * code uses `isIsoDateTime` and `allStrings`, which the generated function
 * must be given.
 */
export function canonicalTest(node: SchemaNode, wellFormed: boolean): string | undefined {
  switch (node.kind) {
    case 'string':
      return `typeof raw === 'string'${wellFormed ? '' : ' && raw.isWellFormed()'}`;
    case 'boolean':
      return "typeof raw === 'boolean'";
    case 'date-time':
      return 'isIsoDateTime(raw)';
    case 'literal':
    case 'enum':
      // Strings, numbers and booleans compare as code; anything else through the check.
      return node.values.every((value) => ['string', 'number', 'boolean'].includes(typeof value))
        ? `(${node.values.map((value) => `raw === ${JSON.stringify(value)}`).join(' || ')})`
        : undefined;
    case 'array':
      return node.item.kind === 'string' && !node.item.nullable
        ? `Array.isArray(raw) && raw.length >= ${node.minItems ?? 0} && allStrings(raw)`
        : undefined;
    default:
      return undefined;
  }
}

function compileArray(node: Extract<SchemaNode, { kind: 'array' }>, flags: DecoderFlags): Decoder {
  const item = compileDecoder(node.item, flags);
  const minItems = node.minItems ?? 0;
  // An array of strings from JSON.parse is already what the model holds.
  const strings = node.item.kind === 'string' && !node.item.nullable;
  return (v, ctx, parent, key) => {
    if (!Array.isArray(v)) return mismatch(node, v, ctx, parent, key);
    if (strings && v.length >= minItems && allStrings(v)) return v;
    if (v.length < minItems) {
      return fail(ctx, 'invalid_value', parent, key, `expected at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    }
    const here: PathNode = { up: parent, key, depth: (parent?.depth ?? 0) + 1 };
    const out = new Array<unknown>(v.length);
    let bad = false;
    for (let i = 0; i < v.length; i++) {
      const result = item(v[i], ctx, here, i);
      if (result === INVALID) bad = true;
      else out[i] = result;
    }
    return bad ? INVALID : out;
  };
}

// Objects are compiled to specialized code (as ajv and zod do): property
// reads and writes with literal keys get V8's fast inline caches, where a
// loop over a key list would make every access megamorphic.
function compileObject(node: Extract<SchemaNode, { kind: 'object' }>, flags: DecoderFlags): Decoder {
  const decoders = node.fields.map((field) => compileDecoder(field.node, flags));
  const defaults = node.fields.map((field) => field.default);
  const expected = node.fields.map((field) => describeNode(field.node));
  const known = new Set(node.fields.map((field) => field.key));
  const owner = node.name ?? 'this object';
  const lines: string[] = [];
  node.fields.forEach((field, i) => {
    const key = JSON.stringify(field.key);
    const hasDefault = 'default' in field;
    const absent: string[] = [];
    if (!field.optional) {
      absent.push(
        `fail(ctx, 'missing_key', here, ${key}, 'required key is missing; add ' + expected[${i}]); bad = true;`,
      );
    } else if (flags.applyDefaults && hasDefault) {
      absent.push(`out[${key}] = defaults[${i}];`);
    } else if (flags.allKeys) {
      absent.push(`out[${key}] = null;`);
    }
    const fast = canonicalTest(field.node, false) ?? '';
    const nullable = field.node.nullable ? 'raw === null || ' : '';
    lines.push(`raw = input[${key}];`);
    lines.push(`if (raw === undefined) { ${absent.join(' ')} } else {`);
    lines.push('present++;');
    if (field.optional && !field.node.nullable) {
      const asAbsent = flags.nullAsAbsent
        ? `warn(ctx, 'null_for_absent', here, ${key}, 'null for an optional key; read as absent'); ${absent.join(' ')}`
        : `fail(ctx, 'invalid_type', here, ${key}, 'null is not allowed here; omit the key or give ' + expected[${i}]); bad = true;`;
      lines.push(`if (raw === null) { ${asAbsent} } else`);
    }
    if (fast !== '') lines.push(`if (${nullable}${fast}) out[${key}] = raw; else`);
    lines.push(
      `{ result = decoders[${i}](raw, ctx, here, ${key}); if (result === INVALID) bad = true; else out[${key}] = result; }`,
    );
    lines.push('}');
  });
  const body = `
    return function decodeObject(v, ctx, parent, key) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return mismatch(node, v, ctx, parent, key);
      const input = v;
      const here = key === undefined && parent === undefined ? rootPath : { up: parent, key, depth: (parent === undefined ? 0 : parent.depth) + 1 };
      const out = {};
      let present = 0, bad = false, raw, result;
      ${lines.join('\n      ')}
      let count = 0;
      for (const _ in input) count++;
      if (count !== present && extraKeys(input, out, ctx, here)) bad = true;
      return bad ? INVALID : out;
    };`;
  const extraKeys = (input: Record<string, unknown>, out: object, ctx: DecodeContext, here: PathNode): boolean =>
    unknownKeys(input, out, ctx, here, known, owner, flags);
  const factory = new Function(
    'node',
    'decoders',
    'defaults',
    'expected',
    'INVALID',
    'fail',
    'warn',
    'mismatch',
    'isIsoDateTime',
    'allStrings',
    'extraKeys',
    'rootPath',
    body,
  );
  return factory(
    node,
    decoders,
    defaults,
    expected,
    INVALID,
    fail,
    warn,
    mismatch,
    isIsoDateTime,
    allStrings,
    extraKeys,
    rootPath,
  ) as Decoder;
}

/** Handles the keys a schema does not list; returns true when one is an error. */
function unknownKeys(
  input: Record<string, unknown>,
  out: object,
  ctx: DecodeContext,
  here: PathNode,
  known: ReadonlySet<string>,
  owner: string,
  flags: DecoderFlags,
): boolean {
  let bad = false;
  for (const name of Object.keys(input)) {
    if (known.has(name) || input[name] === undefined) continue;
    if (flags.rejectUnknown) {
      fail(
        ctx,
        'unknown_key',
        here,
        name,
        `${JSON.stringify(name)} is not a key of ${owner}; remove it, or decode in tolerant mode`,
        true,
      );
      bad = true;
      continue;
    }
    const value = input[name];
    if (!flags.keepUnknown) {
      warn(ctx, 'unknown_key', here, name, `${JSON.stringify(name)} is not a key of ${owner}; dropped`, true);
      continue;
    }
    const problem = jsonProblem(value, ctx.maxDepth - here.depth);
    if (problem !== undefined) {
      const tooDeep = problem === 'too_deep';
      fail(
        ctx,
        tooDeep ? 'too_deep' : 'invalid_value',
        here,
        name,
        tooDeep ? `nested more than ${ctx.maxDepth} levels deep` : 'expected a JSON value',
      );
      bad = true;
      continue;
    }
    // defineProperty, so that a "__proto__" key stays a key and never becomes a prototype.
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    warn(ctx, 'unknown_key', here, name, `${JSON.stringify(name)} is not a key of ${owner}; kept`, true);
  }
  return bad;
}

const patchKeys = new Set(['op', 'path', 'value']);

/** One PAT patch operation: the rule for its path decides the ops and the value it takes. */
function compilePatchOperation(variant: ModelVariant, flags: DecoderFlags): Decoder {
  const node: SchemaNode = { kind: 'pat-patch-operation', variant, nullable: false };
  return (v, ctx, parent, key) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return mismatch(node, v, ctx, parent, key);
    const input = v as Record<string, unknown>;
    const here: PathNode = { up: parent, key, depth: (parent?.depth ?? 0) + 1 };
    const { op, path } = input;
    if (op === undefined)
      return fail(
        ctx,
        'missing_key',
        here,
        'op',
        'required key is missing; add one of "add", "remove", "replace", "move", "copy", "test"',
      );
    if (path === undefined) return fail(ctx, 'missing_key', here, 'path', 'required key is missing; add a string');
    if (typeof op !== 'string')
      return fail(ctx, 'invalid_type', here, 'op', `expected a string, got ${describeValue(op)}`);
    if (typeof path !== 'string')
      return fail(ctx, 'invalid_type', here, 'path', `expected a string, got ${describeValue(path)}`);
    const rule = patchRuleFor(path, variant);
    if (rule === undefined)
      return fail(ctx, 'invalid_value', here, 'path', unpatchablePath(path, variant) ?? 'cannot be patched');
    if (!rule.ops.includes(op)) return fail(ctx, 'invalid_value', here, 'op', opNotAllowed(op, rule));
    const out: Record<string, unknown> = { op, path };
    if (op !== 'remove') {
      if (!('value' in input))
        return fail(ctx, 'missing_key', here, 'value', `${JSON.stringify(op)} on ${rule.label} needs a "value"`);
      const value = compileDecoder(rule.value, flags)(input.value, ctx, here, 'value');
      if (value === INVALID) return INVALID;
      out.value = value;
    }
    const extra = Object.keys(input).filter((name) => !patchKeys.has(name));
    if (extra.length > 0 && unknownKeys(input, out, ctx, here, patchKeys, 'PatPatchOperation', flags)) return INVALID;
    return out;
  };
}

const clearingExpiryNeedsAck: Record<ModelVariant, boolean> = { current: true, legacy: false };

/** A PAT patch: at least one operation; v2025+ needs the never-expires acknowledgement to clear the expiry. */
function compilePatchDocument(node: Extract<SchemaNode, { kind: 'pat-patch-document' }>, flags: DecoderFlags): Decoder {
  const operations = compileArray(
    {
      kind: 'array',
      item: { kind: 'pat-patch-operation', variant: node.variant, nullable: false },
      minItems: 1,
      nullable: false,
    },
    flags,
  );
  return (v, ctx, parent, key) => {
    if (!Array.isArray(v)) return mismatch(node, v, ctx, parent, key);
    const out = operations(v, ctx, parent, key);
    if (out === INVALID || !clearingExpiryNeedsAck[node.variant]) return out;
    const list = out as Array<{ op: string; path: string; value?: unknown }>;
    if (list.some((o) => o.path === '/userAwareTokenNeverExpires' && o.op !== 'test' && o.value === true)) return out;
    const here: PathNode = { up: parent, key, depth: (parent?.depth ?? 0) + 1 };
    let bad = false;
    list.forEach((o, index) => {
      if (o.path === '/expirationDate' && o.op !== 'test' && o.value === null) {
        fail(ctx, 'invalid_value', { up: here, key: index, depth: here.depth + 1 }, 'value', neverExpiresNeedsAck);
        bad = true;
      }
    });
    return bad ? INVALID : out;
  };
}
