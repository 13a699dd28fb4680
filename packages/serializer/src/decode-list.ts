import type { ApiVersion, defaultApiVersion, ModelName } from '@patkit/model';
import { type ByteSource, byteChunks, sourceName } from './byte-source.js';
import {
  addDuplicateKeys,
  type DecodeResult,
  duplicateKeysOf,
  located,
  type PreparedDecoder,
  prepareDecoder,
  syntaxIssue,
  type TextOrigin,
} from './decode.js';
import { INVALID, newContext, type PathNode } from './decoder.js';
import { type DuplicateKey, mayRepeatKeys, textFloor } from './duplicate-keys.js';
import { type Decoded, type DecodeOptions, defaultMaxItemBytes, type Mode } from './options.js';
import { parseJson } from './parse-json.js';
import { optionError, SerializerError, type SerializerIssue, type SerializerWarning } from './serializer-error.js';
import {
  itemsOf,
  JsonArraySplitter,
  listFormatOf,
  NdjsonSplitter,
  type Piece,
  type SplitError,
  type Splitter,
} from './splitters.js';
import { tooLarge, toText, utf8ErrorOffset } from './text-input.js';
import { TextLocator } from './text-position.js';

export type ListFormat = 'json' | 'ndjson' | 'auto';

export interface ListDecodeOptions<V extends ApiVersion = ApiVersion, M extends Mode = Mode>
  extends DecodeOptions<V, M> {
  /** `json` (one array, as the list operation returns), `ndjson`, or `auto` (default): `[` first means json. */
  readonly format?: ListFormat;
  /** Tolerant mode only: skip an invalid item with a `skipped_item` warning instead of failing. */
  readonly skipInvalid?: boolean;
}

export interface StreamDecodeOptions<V extends ApiVersion = ApiVersion, M extends Mode = Mode>
  extends ListDecodeOptions<V, M> {
  /** Called with each warning, as it happens (a stream yields only models). */
  readonly onWarning?: (warning: SerializerWarning) => void;
}

// The list itself is the root container; items sit one level below it.
const listRoot: PathNode = { up: undefined, key: undefined, depth: 1 };

interface ItemOutcome {
  readonly value?: unknown;
  readonly errors: readonly SerializerIssue[];
  readonly warnings: readonly SerializerWarning[];
}

const noDuplicates: readonly DuplicateKey[] = [];
/** Where a whole text starts. */
const textStart: TextOrigin = { line: 1, column: 1 };

/**
 * Decodes an item fresh from JSON.parse. `floor` is its canonical check's
 * answer (>= 0: it is its own output), `duplicates` the keys its text gives twice.
 */
function decodeItem(
  { decoder, resolved }: PreparedDecoder,
  value: unknown,
  floor: number,
  duplicates: readonly DuplicateKey[],
  index: number,
  text: string | TextLocator | undefined,
  origin: TextOrigin,
  asListItem: boolean,
): ItemOutcome {
  if (floor >= 0 && duplicates.length === 0) return { value, errors: [], warnings: [] };
  const ctx = newContext(resolved.maxErrors, resolved.maxDepth);
  addDuplicateKeys(ctx, duplicates, resolved.flags.rejectUnknown);
  const output =
    floor >= 0 ? value : asListItem ? decoder(value, ctx, listRoot, index) : decoder(value, ctx, undefined, undefined);
  if (output !== INVALID && ctx.errors.length === 0 && ctx.warnings.length === 0)
    return { value: output, errors: [], warnings: [] };
  const { errors, warnings } = located(ctx, text, resolved, { ...origin, index });
  return output === INVALID || errors.length > 0 ? { errors, warnings } : { value: output, errors, warnings };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodePiece(prepared: PreparedDecoder, piece: Piece): ItemOutcome {
  const { resolved } = prepared;
  // Where the piece is, made only for an error: most items have none, and this runs once per item.
  const where = () => ({
    path: '',
    index: piece.index,
    line: piece.line,
    column: piece.column,
    ...(resolved.source ? { source: resolved.source } : {}),
  });
  if (piece.tooLarge !== undefined) {
    const message = `item ${piece.index} is ${piece.tooLarge} bytes, more than the limit of ${resolved.maxBytes}; raise maxBytes`;
    return { errors: [{ code: 'too_large', message, ...where() }], warnings: [] };
  }
  let text: string;
  try {
    text = piece.text ?? utf8.decode(piece.bytes);
  } catch {
    const message = `item ${piece.index} is not valid UTF-8 (at byte ${utf8ErrorOffset(piece.bytes)} of the item)`;
    return { errors: [{ code: 'invalid_utf8', message, ...where() }], warnings: [] };
  }
  const origin: TextOrigin = { line: piece.line, column: piece.column, index: piece.index };
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (error) {
    return { errors: [syntaxIssue(text, error, origin, resolved.source)], warnings: [] };
  }
  const floor = prepared.canonical(parsed);
  const duplicates = duplicateKeysOf(text, parsed, floor, resolved.maxErrors);
  return decodeItem(prepared, parsed, floor, duplicates, piece.index, text, origin, false);
}

/**
 * Each item's canonical check (its text floor, or -1), and the floor of the
 * items with the commas between them: what a list's text holds at least.
 */
function floorsOf(prepared: PreparedDecoder, values: readonly unknown[]): { floors: Int32Array; floor: number } {
  const floors = new Int32Array(values.length);
  let floor = Math.max(0, values.length - 1);
  for (let index = 0; index < values.length; index++) {
    const own = prepared.canonical(values[index]);
    floors[index] = own;
    floor += own >= 0 ? own : textFloor(values[index]);
  }
  return { floors, floor };
}

/**
 * The decoded values of a run of items, or undefined if any has an error or
 * a warning, or the run's text (`length` long) may give a key twice.
 */
function cleanRun(
  prepared: PreparedDecoder,
  values: readonly unknown[],
  length: number,
): readonly unknown[] | undefined {
  const { floors, floor } = floorsOf(prepared, values);
  if (mayRepeatKeys(length, floor)) return undefined;
  // Most runs: every item is its own output, and JSON.parse's list is the run's.
  if (floors.every((own) => own >= 0)) return values;
  const out: unknown[] = [];
  for (let index = 0; index < values.length; index++) {
    const outcome = decodeItem(
      prepared,
      values[index],
      floors[index] ?? -1,
      noDuplicates,
      0,
      undefined,
      textStart,
      false,
    );
    if (outcome.errors.length > 0 || outcome.warnings.length > 0) return undefined;
    out.push(outcome.value);
  }
  return out;
}

/** An item skipped for its first error: the warning is where that error is, and says what it was. */
function skipWarning(outcome: ItemOutcome, index: number): SerializerWarning {
  const [first] = outcome.errors;
  return {
    code: 'skipped_item',
    path: first?.path ?? '',
    index,
    ...(first?.line === undefined ? {} : { line: first.line }),
    ...(first?.column === undefined ? {} : { column: first.column }),
    ...(first?.source === undefined ? {} : { source: first.source }),
    message: `skipped: ${first?.message ?? 'invalid'}`,
  };
}

function checkListOptions(options: ListDecodeOptions): void {
  if (options.format !== undefined && !['json', 'ndjson', 'auto'].includes(options.format)) {
    throw optionError(`format must be "json", "ndjson" or "auto", got ${JSON.stringify(options.format)}`);
  }
  if (options.skipInvalid === true && options.mode === 'strict') {
    throw optionError('skipInvalid applies to tolerant mode; strict mode stops at the first invalid item');
  }
}

const unreadable = new Set(['invalid_json', 'invalid_utf8']);

function splitterFor(format: 'json' | 'ndjson', maxItemBytes: number): Splitter {
  return format === 'json' ? new JsonArraySplitter(maxItemBytes) : new NdjsonSplitter(maxItemBytes);
}

function splitIssue(error: SplitError, source: string | undefined): SerializerIssue {
  return {
    code: 'invalid_json',
    path: '',
    message: `invalid JSON: ${error.error}`,
    line: error.line,
    column: error.column,
    index: error.index,
    ...(source === undefined ? {} : { source }),
  };
}

/**
 * listFormatOf for text: the byte-order mark is the one character U+FEFF
 * there (its bytes cannot be cut), and a text is never re-encoded just to
 * look at its first characters.
 */
function listFormatOfText(text: string): 'json' | 'ndjson' | undefined {
  for (let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c === 91 ? 'json' : 'ndjson';
  }
  return undefined;
}

/**
 * Reads a list of models: a JSON array (what the list operation returns) or
 * NDJSON, from text or bytes. Errors carry the item index (`path` starts
 * with it) and the line; in tolerant mode `skipInvalid` drops bad items.
 */
export function decodeList<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(model: N, input: string | Uint8Array, options: ListDecodeOptions<V, M> = {}): DecodeResult<Decoded<N, V, M>[]> {
  checkListOptions(options);
  const prepared = prepareDecoder(model, options);
  const { resolved } = prepared;
  const format =
    options.format === 'json' || options.format === 'ndjson'
      ? options.format
      : ((typeof input === 'string' ? listFormatOfText(input) : listFormatOf(input)) ?? 'ndjson');
  const values: Decoded<N, V, M>[] = [];
  const errors: SerializerIssue[] = [];
  const warnings: SerializerWarning[] = [];
  const take = (outcome: ItemOutcome, index: number) => {
    warnings.push(...outcome.warnings);
    if (outcome.errors.length === 0) values.push(outcome.value as Decoded<N, V, M>);
    else if (options.skipInvalid === true) warnings.push(skipWarning(outcome, index));
    else errors.push(...outcome.errors.slice(0, Math.max(0, resolved.maxErrors - errors.length)));
  };
  if (format === 'json') {
    const read = toText(input, resolved.maxBytes);
    if ('issue' in read) return { ok: false, errors: [read.issue], warnings: [] };
    const text = read.text;
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch (error) {
      return { ok: false, errors: [syntaxIssue(text, error, undefined, resolved.source)], warnings: [] };
    }
    if (!Array.isArray(parsed)) {
      return {
        ok: false,
        errors: [{ code: 'invalid_type', path: '', line: 1, column: 1, message: 'expected a JSON array of items' }],
        warnings: [],
      };
    }
    // Every item's floor first, and the brackets: the text is scanned for repeated keys only if they leave room for one.
    const { floors, floor } = floorsOf(prepared, parsed);
    const duplicates = new Map<number, DuplicateKey[]>();
    for (const found of duplicateKeysOf(text, parsed, floor + 2, resolved.maxErrors)) {
      const index = found.path[0] as number;
      duplicates.set(index, [...(duplicates.get(index) ?? []), found]);
    }
    const locator = new TextLocator(text);
    for (let index = 0; index < parsed.length; index++) {
      const found = duplicates.size === 0 ? noDuplicates : (duplicates.get(index) ?? noDuplicates);
      take(decodeItem(prepared, parsed[index], floors[index] ?? -1, found, index, locator, textStart, true), index);
    }
  } else {
    // Line by line, as a stream reads it: a line that is not UTF-8 is a bad item, not a bad document.
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    if (bytes.byteLength > resolved.maxBytes)
      return { ok: false, errors: [tooLarge(bytes.byteLength, resolved.maxBytes)], warnings: [] };
    const splitter = new NdjsonSplitter(resolved.maxBytes);
    for (const piece of [...splitter.push(bytes), ...splitter.end()]) take(decodePiece(prepared, piece), piece.index);
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, value: values, warnings };
}

/** Items per batch of decodeBatches. */
const batchSize = 256;

/**
 * Reads models from a stream (JSON array or NDJSON) in constant memory, a
 * batch at a time: arrays of up to 256 items, as the chunks read hold them. One await per
 * chunk rather than per item: the way to read millions of items fast. A bad
 * item throws a SerializerError with its index and line (after the batch of
 * the items before it), or with `skipInvalid` (tolerant mode) is skipped
 * with a warning.
 */
export async function* decodeBatches<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(
  model: N,
  source: ByteSource,
  options: StreamDecodeOptions<V, M> = {},
): AsyncGenerator<Decoded<N, V, M>[], void, undefined> {
  checkListOptions(options);
  const name = options.source ?? sourceName(source);
  const prepared = prepareDecoder(
    model,
    name === undefined ? options : { ...options, source: name },
    defaultMaxItemBytes,
  );
  const { resolved } = prepared;
  const onWarning = options.onWarning ?? (() => {});
  let splitter: Splitter | undefined =
    options.format === 'json' || options.format === 'ndjson'
      ? splitterFor(options.format, resolved.maxBytes)
      : undefined;
  // Decodes pieces into batches of at most `batchSize`: small enough that a batch dies young (in
  // V8's young generation) whatever the chunk size; an error is thrown once the batch before it is out.
  const decodeAll = function* (items: Iterable<Piece | SplitError>): Generator<Decoded<N, V, M>[]> {
    let batch: Decoded<N, V, M>[] = [];
    let error: SerializerError | undefined;
    for (const item of items) {
      if (!('error' in item) && item.values !== undefined) {
        // A run of items parsed at once: taken as it is when every item is clean; else split
        // again, so that each problem is named with its item's own text and position.
        const run = cleanRun(prepared, item.values, item.bytes.length);
        if (run === undefined) {
          // The items before go out first, in order.
          if (batch.length > 0) yield batch;
          batch = [];
          yield* decodeAll(itemsOf(item, resolved.maxBytes));
          continue;
        }
        for (const value of run) {
          batch.push(value as Decoded<N, V, M>);
          if (batch.length === batchSize) {
            yield batch;
            batch = [];
          }
        }
        continue;
      }
      if ('error' in item) {
        error = new SerializerError([splitIssue(item, resolved.source)], { subject: `The ${model} stream` });
        break;
      }
      const outcome = decodePiece(prepared, item);
      // In a JSON array an item that is not JSON makes the whole document not JSON, as whole decoding finds it.
      const [bad, ...others] = outcome.errors;
      if (splitter instanceof JsonArraySplitter && bad !== undefined && unreadable.has(bad.code)) {
        error = new SerializerError([bad, ...others], { subject: `The ${model} stream` });
        break;
      }
      for (const warning of outcome.warnings) onWarning(warning);
      if (outcome.errors.length === 0) {
        batch.push(outcome.value as Decoded<N, V, M>);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
        continue;
      }
      if (options.skipInvalid === true) {
        onWarning(skipWarning(outcome, item.index));
        continue;
      }
      const [first, ...rest] = outcome.errors;
      if (first) {
        error = new SerializerError([first, ...rest], { subject: `Item ${item.index} of the ${model} stream` });
        break;
      }
    }
    if (batch.length > 0) yield batch;
    if (error !== undefined) throw error;
  };
  let waiting = new Uint8Array(0);
  for await (const chunk of byteChunks(source)) {
    if (splitter === undefined) {
      // Until the bytes say which format this is (a byte-order mark may be cut between chunks).
      const seen = new Uint8Array(waiting.length + chunk.length);
      seen.set(waiting);
      seen.set(chunk, waiting.length);
      const format = listFormatOf(seen);
      if (format === undefined) {
        waiting = seen;
        continue;
      }
      splitter = splitterFor(format, resolved.maxBytes);
      waiting = new Uint8Array(0);
      yield* decodeAll(splitter.push(seen));
      continue;
    }
    yield* decodeAll(splitter.push(chunk));
  }
  if (splitter === undefined && waiting.length > 0) {
    splitter = splitterFor('ndjson', resolved.maxBytes);
    yield* decodeAll(splitter.push(waiting));
  }
  // An empty or blank input in auto mode is an empty NDJSON stream.
  if (splitter !== undefined) yield* decodeAll(splitter.end());
}

/**
 * Reads models one at a time from a stream (JSON array or NDJSON) in
 * constant memory. A bad item throws a SerializerError with its index and
 * line, or with `skipInvalid` (tolerant mode) is skipped with a warning.
 */
export async function* decodeStream<
  N extends ModelName,
  V extends ApiVersion = typeof defaultApiVersion,
  M extends Mode = 'tolerant',
>(
  model: N,
  source: ByteSource,
  options: StreamDecodeOptions<V, M> = {},
): AsyncGenerator<Decoded<N, V, M>, void, undefined> {
  for await (const batch of decodeBatches(model, source, options)) yield* batch;
}
