import type { ApiVersion, defaultApiVersion, ModelName } from '@patkit/model';
import { modelNodes, toJsonPointer, variantOf } from '@patkit/model/core';
import { type CanonicalCheck, compileCheck } from './canonical-check.js';
import {
  addError,
  addWarning,
  compileDecoder,
  type DecodeContext,
  type Decoder,
  INVALID,
  newContext,
  type RawProblem,
} from './decoder.js';
import { type DuplicateKey, duplicateKeys, mayRepeatKeys, textFloor } from './duplicate-keys.js';
import {
  checkModel,
  type Decoded,
  type DecodeOptions,
  type Mode,
  type ResolvedDecodeOptions,
  resolveDecodeOptions,
} from './options.js';
import { parseJson } from './parse-json.js';
import { type Location, SerializerError, type SerializerIssue, type SerializerWarning } from './serializer-error.js';
import { toText } from './text-input.js';
import { findSyntaxError, lineColumn, TextLocator } from './text-position.js';

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly SerializerWarning[] }
  | {
      readonly ok: false;
      readonly errors: readonly SerializerIssue[];
      readonly warnings: readonly SerializerWarning[];
    };

/** Where a piece of text starts in a larger input (stream items). */
export interface TextOrigin {
  readonly line: number;
  readonly column: number;
  readonly index?: number;
}

export interface PreparedDecoder {
  /** Decodes any value: the output is always a new value. */
  readonly decoder: Decoder;
  /** Whether a value fresh from JSON.parse is its own output (its text floor), or -1. */
  readonly canonical: CanonicalCheck;
  /** The same, for a value parsed from a well-formed text without escapes (its strings need no check). */
  readonly canonicalOfCleanText: CanonicalCheck;
  readonly resolved: ResolvedDecodeOptions;
}

const prepared = new Map<string, PreparedDecoder>();

/** The compiled decoder and checked options for a model, looked up by a cheap key on repeated calls. */
interface Recent {
  readonly model: ModelName;
  readonly options: Required<{ [K in keyof DecodeOptions]: DecodeOptions[K] | undefined }>;
  readonly maxBytesDefault: number | undefined;
  readonly entry: PreparedDecoder;
}

// The last few option sets, compared field by field: a loop that calls
// decode(model, text, { mode: 'strict' }) builds no cache key at all.
const recent: Recent[] = [];

function sameOptions(a: Recent['options'], b: DecodeOptions): boolean {
  return (
    a.apiVersion === b.apiVersion &&
    a.mode === b.mode &&
    a.unknownKeys === b.unknownKeys &&
    a.maxBytes === b.maxBytes &&
    a.maxDepth === b.maxDepth &&
    a.maxErrors === b.maxErrors &&
    a.source === b.source
  );
}

export function prepareDecoder(model: ModelName, options: DecodeOptions, maxBytesDefault?: number): PreparedDecoder {
  for (const r of recent) {
    if (r.model === model && r.maxBytesDefault === maxBytesDefault && sameOptions(r.options, options)) return r.entry;
  }
  const entry = prepareUncached(model, options, maxBytesDefault);
  const { apiVersion, mode, unknownKeys, maxBytes, maxDepth, maxErrors, source } = options;
  recent.unshift({
    model,
    options: { apiVersion, mode, unknownKeys, maxBytes, maxDepth, maxErrors, source },
    maxBytesDefault,
    entry,
  });
  if (recent.length > 4) recent.pop();
  return entry;
}

function prepareUncached(model: ModelName, options: DecodeOptions, maxBytesDefault?: number): PreparedDecoder {
  // Only the options given make the key.
  let cacheKey = maxBytesDefault === undefined ? model : `${model}~${maxBytesDefault}`;
  for (const name in options) cacheKey += `|${name}=${String(options[name as keyof DecodeOptions])}`;
  let entry = prepared.get(cacheKey);
  if (entry === undefined) {
    checkModel(model);
    const resolved = resolveDecodeOptions(options, maxBytesDefault);
    const node = modelNodes[variantOf(resolved.apiVersion)][model];
    const decoder = compileDecoder(node, resolved.flags);
    const canonical = compileCheck(node, resolved.flags, false);
    const canonicalOfCleanText = compileCheck(node, resolved.flags, true);
    entry = { decoder, canonical, canonicalOfCleanText, resolved };
    // Bounded: option sets come from code, but a caller could vary `source` per file.
    if (prepared.size > 1000) prepared.clear();
    prepared.set(cacheKey, entry);
  }
  return entry;
}

function locate<C>(
  problem: RawProblem<C>,
  text: TextLocator | undefined,
  origin: TextOrigin | undefined,
  source: string | undefined,
): Location {
  const base = {
    path: toJsonPointer(problem.path),
    ...(source === undefined ? {} : { source }),
    ...(origin?.index === undefined ? {} : { index: origin.index }),
  };
  if (text === undefined) return base;
  const at = text.lineColumn(problem.offset ?? text.offsetOf(problem.path, problem.atKey === true));
  const line = (origin?.line ?? 1) + at.line - 1;
  const column = at.line === 1 ? (origin?.column ?? 1) + at.column - 1 : at.column;
  return { ...base, line, column };
}

/**
 * Turns a context's raw problems into located issues and warnings. A list's
 * items share one locator of the list's text.
 */
export function located(
  ctx: DecodeContext,
  text: string | TextLocator | undefined,
  resolved: ResolvedDecodeOptions,
  origin?: TextOrigin,
): { errors: SerializerIssue[]; warnings: SerializerWarning[] } {
  const locator = typeof text === 'string' ? new TextLocator(text) : text;
  const errors = ctx.errors.map(
    (p): SerializerIssue => ({ code: p.code, message: p.message, ...locate(p, locator, origin, resolved.source) }),
  );
  const warnings = ctx.warnings.map(
    (p): SerializerWarning => ({
      code: p.code,
      message: p.message,
      ...locate(p, locator, origin, resolved.source),
    }),
  );
  if (ctx.omittedErrors > 0) {
    errors.push({
      code: errors.at(-1)?.code ?? 'invalid_value',
      path: '',
      message: `${ctx.omittedErrors} more problem(s) not shown (maxErrors is ${resolved.maxErrors})`,
    });
  }
  return { errors, warnings };
}

/** Issue for text that JSON.parse refused, with the line and column of the first syntax error. */
export function syntaxIssue(
  text: string,
  error: unknown,
  origin: TextOrigin | undefined,
  source: string | undefined,
): SerializerIssue {
  const problem = findSyntaxError(text);
  const message = problem?.message ?? (error instanceof Error ? error.message : 'invalid JSON');
  const at = lineColumn(text, problem?.offset ?? 0);
  return {
    code: 'invalid_json',
    path: '',
    message: `invalid JSON: ${message}`,
    line: (origin?.line ?? 1) + at.line - 1,
    column: at.line === 1 ? (origin?.column ?? 1) + at.column - 1 : at.column,
    ...(origin?.index === undefined ? {} : { index: origin.index }),
    ...(source === undefined ? {} : { source }),
  };
}

const noWarnings: readonly SerializerWarning[] = Object.freeze([]);

/**
 * Adds the keys a text gives twice to a decode's problems: errors in strict
 * mode, warnings in tolerant mode (JSON.parse's last value is read).
 */
export function addDuplicateKeys(ctx: DecodeContext, found: readonly DuplicateKey[], strict: boolean): void {
  for (const { path, offset } of found) {
    const name = JSON.stringify(path.at(-1));
    if (strict) {
      const message = `${name} is given twice in this object; parsers differ on which value counts, so give each key once`;
      addError(ctx, { code: 'duplicate_key', path: [...path], message, atKey: true, offset });
    } else {
      const message = `${name} is given twice in this object; the last value is read`;
      addWarning(ctx, { code: 'duplicate_key', path: [...path], message, atKey: true, offset });
    }
  }
}

/**
 * The keys `text` gives twice, when its value's floor (-1: not known yet)
 * leaves room for one; else none, without a scan.
 */
export function duplicateKeysOf(text: string, value: unknown, floor: number, limit: number): readonly DuplicateKey[] {
  return mayRepeatKeys(text.length, floor < 0 ? textFloor(value) : floor) ? duplicateKeys(text, limit) : [];
}

/**
 * Runs a compiled decoder over a value and packages the result. With its
 * text, the text's repeated keys are problems too; `floor` >= 0 says the
 * value, fresh from JSON.parse of the text, is canonical (its own output).
 */
export function runDecoder<T>(
  decoder: Decoder,
  value: unknown,
  resolved: ResolvedDecodeOptions,
  text?: string,
  origin?: TextOrigin,
  floor = -1,
): DecodeResult<T> {
  const ctx = newContext(resolved.maxErrors, resolved.maxDepth);
  if (text !== undefined) {
    const found = duplicateKeysOf(text, value, floor, resolved.maxErrors);
    addDuplicateKeys(ctx, found, resolved.flags.rejectUnknown);
  }
  const output = floor >= 0 ? value : decoder(value, ctx, undefined, undefined);
  if (output !== INVALID && ctx.errors.length === 0 && ctx.warnings.length === 0) {
    return { ok: true, value: output as T, warnings: noWarnings };
  }
  const { errors, warnings } = located(ctx, text, resolved, origin);
  if (output === INVALID || errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, value: output as T, warnings };
}

function failed(issue: SerializerIssue): DecodeResult<never> {
  return { ok: false, errors: [issue], warnings: [] };
}

/**
 * Reads a model from JSON text or UTF-8 bytes. Never throws for bad input:
 * the result carries every problem (code, JSON Pointer, line and column).
 */
export function decode<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(model: N, input: string | Uint8Array, options: DecodeOptions<V, M> = {}): DecodeResult<Decoded<N, V, M>> {
  return decodeText(prepareDecoder(model, options), input);
}

function decodeText<T>(prepared: PreparedDecoder, input: string | Uint8Array): DecodeResult<T> {
  const { resolved } = prepared;
  const read = toText(input, resolved.maxBytes);
  if ('issue' in read) return failed({ ...read.issue, ...(resolved.source ? { source: resolved.source } : {}) });
  const { text } = read;
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (error) {
    return failed(syntaxIssue(text, error, undefined, resolved.source));
  }
  // Without a backslash, JSON.parse writes every string as the text has it: well-formed if the text is.
  const floor =
    text.indexOf('\\') === -1 && text.isWellFormed()
      ? prepared.canonicalOfCleanText(parsed)
      : prepared.canonical(parsed);
  if (floor >= 0 && !mayRepeatKeys(text.length, floor)) return { ok: true, value: parsed as T, warnings: noWarnings };
  return runDecoder(prepared.decoder, parsed, resolved, text, undefined, floor);
}

/** Checks and normalizes an already-parsed value as a model (no text, so no line and column). */
export function decodeValue<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(model: N, value: unknown, options: DecodeOptions<V, M> = {}): DecodeResult<Decoded<N, V, M>> {
  const { decoder, resolved } = prepareDecoder(model, options);
  return runDecoder(decoder, value, resolved);
}

/** Throws the SerializerError of a failed result; returns the value of a good one. */
export function unwrapResult<T>(result: DecodeResult<T>, subject: string): T {
  if (result.ok) return result.value;
  const [first, ...rest] = result.errors;
  if (first === undefined) throw new Error('a failed result without errors');
  throw new SerializerError([first, ...rest], { subject });
}

/** Like decode, but returns the model or throws a SerializerError listing every problem. */
export function decodeOrThrow<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(model: N, input: string | Uint8Array, options: DecodeOptions<V, M> = {}): Decoded<N, V, M> {
  return unwrapResult(decode(model, input, options), model);
}

export interface ModelDecoder<T> {
  /** Reads the model from JSON text or UTF-8 bytes; never throws for bad input. */
  decode(input: string | Uint8Array): DecodeResult<T>;
  /** Checks and normalizes an already-parsed value. */
  decodeValue(value: unknown): DecodeResult<T>;
  /** Returns the model or throws a SerializerError. */
  decodeOrThrow(input: string | Uint8Array): T;
}

/**
 * A decoder for one model and one set of options, checked and compiled once:
 * the fastest way to decode many documents.
 */
export function createDecoder<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(model: N, options: DecodeOptions<V, M> = {}): ModelDecoder<Decoded<N, V, M>> {
  const prepared = prepareDecoder(model, { ...options });
  const { decoder, resolved } = prepared;
  const fromText = (input: string | Uint8Array) => decodeText<Decoded<N, V, M>>(prepared, input);
  return {
    decode: fromText,
    decodeValue: (value) => runDecoder(decoder, value, resolved),
    decodeOrThrow: (input) => unwrapResult(fromText(input), model),
  };
}
