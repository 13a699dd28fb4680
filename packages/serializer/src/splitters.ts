// Incremental splitters: they cut a byte stream into the texts of its items
// (the elements of one JSON array, or the lines of NDJSON) without parsing
// them, so that memory holds one item at a time. Structural bytes are ASCII
// and never occur inside a multi-byte UTF-8 sequence, so chunks may be cut
// anywhere, even inside a character.

import { parseJson } from './parse-json.js';

export interface Piece {
  readonly bytes: Uint8Array;
  /** The item's text, when the splitter decoded it already (then `bytes` may be empty). */
  readonly text?: string;
  /** The item's position, from 0. */
  readonly index: number;
  /** Line and column (bytes, 1-based) where the item starts. */
  readonly line: number;
  readonly column: number;
  /** Set when the item was larger than the limit: its bytes were not kept. */
  readonly tooLarge?: number;
  /**
   * Set for a run of whole items of a JSON array parsed at once (`bytes` are
   * their text, separators included): the values, items `index` on. Their own
   * positions are found only if one needs them (`itemsOf`).
   */
  readonly values?: readonly unknown[];
}

export interface SplitError {
  readonly error: string;
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

export interface Splitter {
  push(chunk: Uint8Array): Generator<Piece | SplitError>;
  end(): Generator<Piece | SplitError>;
}

/** Gathers the bytes of one item across chunks, up to a limit. */
class ItemBuffer {
  private parts: Uint8Array[] = [];
  size = 0;
  constructor(readonly maxBytes: number) {}

  add(bytes: Uint8Array): void {
    this.size += bytes.length;
    if (this.size > this.maxBytes) this.parts = [];
    else if (bytes.length > 0) this.parts.push(bytes);
  }

  take(): { bytes: Uint8Array; tooLarge?: number } {
    const { size, parts } = this;
    this.parts = [];
    this.size = 0;
    if (size > this.maxBytes) return { bytes: new Uint8Array(0), tooLarge: size };
    if (parts.length === 1) return { bytes: parts[0] as Uint8Array };
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return { bytes };
  }
}

const LF = 10;
const CR = 13;
const empty = new Uint8Array(0);
const textWindow = 65_536;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of UTF-8 bytes, or undefined when they are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function isWhitespace(b: number): boolean {
  return b === 32 || b === LF || b === CR || b === 9;
}

const bom = [0xef, 0xbb, 0xbf] as const;

/**
 * Which list format bytes are in, as whole and streaming decoding both
 * decide it: after a byte-order mark (exactly EF BB BF, at the start) and
 * JSON white space, `[` is a JSON array and anything else NDJSON; undefined
 * while only those have been seen.
 */
export function listFormatOf(bytes: Uint8Array): 'json' | 'ndjson' | undefined {
  let at = 0;
  while (at < 3 && at < bytes.length && bytes[at] === bom[at]) at++;
  if (at > 0 && at < 3) return at === bytes.length ? undefined : 'ndjson';
  for (; at < bytes.length; at++) {
    const b = bytes[at] as number;
    if (!isWhitespace(b)) return b === 91 ? 'json' : 'ndjson';
  }
  return undefined;
}

type State = 'start' | 'first' | 'before' | 'item' | 'after' | 'done' | 'failed';

/** Where a splitter starts counting: a run of items is split again where it lay in the document. */
interface SplitOrigin {
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

/**
 * Splits `[item, item, …]` into its items. Where objects follow each other
 * within a chunk, it takes a run of them at once (up to `runBytes`): JSON.parse
 * of `[run]` does in native code what scanning byte by byte does in
 * JavaScript, and a run that does not parse is scanned after all.
 */
export class JsonArraySplitter implements Splitter {
  private state: State = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private container = false;
  private readonly buffer: ItemBuffer;
  private index = 0;
  private line = 1;
  private lineStart = 0;
  private offset = 0;
  private itemLine = 0;
  private itemColumn = 0;
  private bomSeen = 0;
  /** Bytes of a run of items parsed at once; 0: none (a run split again, or runs that did not parse). */
  private runBytes: number;
  private failedRuns = 0;

  constructor(maxItemBytes: number, origin?: SplitOrigin) {
    this.buffer = new ItemBuffer(maxItemBytes);
    // No run larger than an item may be, so that no item of a run is over the limit.
    this.runBytes = origin === undefined ? Math.min(textWindow, maxItemBytes) : 0;
    if (origin !== undefined) {
      // The run is split as `[run]`: its first item is at byte 1.
      this.line = origin.line;
      this.lineStart = 2 - origin.column;
      this.index = origin.index;
    }
  }

  /**
   * Whole objects from `at` (an item's first byte, `{`) to the last one that
   * ends in this chunk and is followed by another (`}`, `,`, `{` with white space
   * between), parsed as one array; undefined when there is no such run or it
   * does not parse (an item is bad, or the cut fell in a string).
   */
  private run(chunk: Uint8Array, at: number): { piece: Piece; end: number } | undefined {
    const limit = Math.min(chunk.length, at + this.runBytes);
    let end = -1;
    for (
      let open = chunk.lastIndexOf(123, limit - 1);
      open > at && end === -1;
      open = chunk.lastIndexOf(123, open - 1)
    ) {
      let k = open - 1;
      while (k > at && isWhitespace(chunk[k] as number)) k--;
      if (chunk[k] !== 44) continue;
      k--;
      while (k > at && isWhitespace(chunk[k] as number)) k--;
      if (chunk[k] === 125) end = k;
    }
    if (end === -1) return undefined;
    const bytes = chunk.subarray(at, end + 1);
    const text = decodeUtf8(bytes);
    let values: unknown;
    try {
      values = text === undefined ? undefined : parseJson(`[${text}]`);
    } catch {
      values = undefined;
    }
    if (!Array.isArray(values)) {
      // Runs that keep failing (strings full of "},{") are not worth trying.
      if (++this.failedRuns === 8) this.runBytes = 0;
      return undefined;
    }
    this.failedRuns = 0;
    const piece: Piece = {
      bytes,
      values,
      index: this.index,
      line: this.line,
      column: this.offset + at - this.lineStart + 1,
    };
    this.index += values.length;
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
      this.line++;
      this.lineStart = this.offset + at + lf + 1;
    }
    return { piece, end };
  }

  private error(message: string, at: number): SplitError {
    this.state = 'failed';
    return { error: message, line: this.line, column: at - this.lineStart + 1, index: this.index };
  }

  private finish(): Piece {
    const { bytes, tooLarge } = this.buffer.take();
    const piece: Piece = {
      bytes,
      index: this.index++,
      line: this.itemLine,
      column: this.itemColumn,
      ...(tooLarge === undefined ? {} : { tooLarge }),
    };
    this.state = 'after';
    return piece;
  }

  *push(chunk: Uint8Array): Generator<Piece | SplitError> {
    let itemStart = this.state === 'item' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      const at = this.offset + i;
      if (b === LF) {
        this.line++;
        this.lineStart = at + 1;
      }
      switch (this.state) {
        case 'failed':
          return;
        case 'start':
          // A byte-order mark is the three bytes EF BB BF at the very start, never one of them alone.
          if (at < 3 && at === this.bomSeen && b === bom[at]) {
            this.bomSeen++;
            continue;
          }
          if (this.bomSeen > 0 && this.bomSeen < 3) {
            yield this.error('the input starts with part of a byte-order mark; save it as UTF-8', at);
            return;
          }
          if (isWhitespace(b)) continue;
          if (b !== 91) {
            yield this.error('expected a JSON array, starting with "["', at);
            return;
          }
          this.state = 'first';
          continue;
        case 'first':
        case 'before':
          if (isWhitespace(b)) continue;
          if (b === 93) {
            if (this.state === 'before') {
              yield this.error('a trailing comma before "]" is not allowed', at);
              return;
            }
            this.state = 'done';
            continue;
          }
          if (b === 123 && this.runBytes > 0) {
            const run = this.run(chunk, i);
            if (run !== undefined) {
              yield run.piece;
              this.state = 'after';
              i = run.end;
              continue;
            }
          }
          this.state = 'item';
          this.itemLine = this.line;
          this.itemColumn = at - this.lineStart + 1;
          itemStart = i;
          this.container = b === 123 || b === 91;
          this.depth = this.container ? 1 : 0;
          this.inString = b === 34;
          this.escaped = false;
          continue;
        case 'item': {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === 92) this.escaped = true;
            else if (b === 34) {
              this.inString = false;
              if (!this.container) {
                this.buffer.add(chunk.subarray(itemStart, i + 1));
                itemStart = -1;
                yield this.finish();
              }
            }
            continue;
          }
          if (this.container) {
            // The hot loop of a JSON array: scan to the item's end with locals, not a state switch per byte.
            let depth = this.depth;
            let inString = false;
            let escaped = false;
            let j = i;
            for (; j < chunk.length; j++) {
              const c = chunk[j] as number;
              if (inString) {
                if (escaped) escaped = false;
                else if (c === 92) escaped = true;
                else if (c === 34) inString = false;
              } else if (c === 34) inString = true;
              else if (c === 123 || c === 91) depth++;
              else if (c === 125 || c === 93) {
                if (--depth === 0) break;
              }
              if (c === LF && j > i) {
                this.line++;
                this.lineStart = this.offset + j + 1;
              }
            }
            this.depth = depth;
            this.inString = inString;
            this.escaped = escaped;
            if (j < chunk.length) {
              this.buffer.add(chunk.subarray(itemStart, j + 1));
              itemStart = -1;
              i = j;
              yield this.finish();
            } else i = j - 1;
            continue;
          }
          // A bare literal or number ends at a separator.
          if (b !== 44 && b !== 93 && !isWhitespace(b)) continue;
          this.buffer.add(chunk.subarray(itemStart, i));
          itemStart = -1;
          yield this.finish();
          i--;
          if (b === LF) this.line--;
          continue;
        }
        case 'after':
          if (isWhitespace(b)) continue;
          if (b === 44) this.state = 'before';
          else if (b === 93) this.state = 'done';
          else {
            yield this.error(`expected "," or "]" after item ${this.index - 1}`, at);
            return;
          }
          continue;
        case 'done':
          if (isWhitespace(b)) continue;
          yield this.error('unexpected data after the end of the array', at);
          return;
      }
    }
    if (this.state === 'item' && itemStart >= 0) this.buffer.add(chunk.subarray(itemStart));
    this.offset += chunk.length;
  }

  *end(): Generator<Piece | SplitError> {
    if (this.state === 'done' || this.state === 'failed') return;
    if (this.state === 'start') {
      yield this.error(
        this.bomSeen > 0 && this.bomSeen < 3
          ? 'the input starts with part of a byte-order mark; save it as UTF-8'
          : 'the input is empty; expected a JSON array',
        this.offset,
      );
      return;
    }
    yield this.error('unexpected end of input: the array is not closed (missing "]")', this.offset);
  }
}

/** The items of a run (a piece with `values`), each with its own text and position, as scanning finds them. */
export function* itemsOf(run: Piece, maxItemBytes: number): Generator<Piece | SplitError> {
  const splitter = new JsonArraySplitter(maxItemBytes, run);
  for (const part of [Uint8Array.of(91), run.bytes, Uint8Array.of(93)]) yield* splitter.push(part);
  yield* splitter.end();
}

/** Splits NDJSON (one JSON value per line; blank lines ignored) into its lines. */
export class NdjsonSplitter implements Splitter {
  private readonly buffer: ItemBuffer;
  private index = 0;
  private line = 1;
  private blank = true;

  constructor(maxItemBytes: number) {
    this.buffer = new ItemBuffer(maxItemBytes);
  }

  private finish(): Piece | undefined {
    const { bytes, tooLarge } = this.buffer.take();
    const line = this.line++;
    const blank = this.blank;
    this.blank = true;
    if (blank && tooLarge === undefined) return undefined;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    return {
      bytes: bytes.subarray(0, end),
      index: this.index++,
      line,
      column: 1,
      ...(tooLarge === undefined ? {} : { tooLarge }),
    };
  }

  *push(chunk: Uint8Array): Generator<Piece> {
    let end = chunk.indexOf(LF);
    if (end === -1) {
      this.see(chunk, 0, chunk.length);
      this.buffer.add(chunk);
      return;
    }
    // The first line may continue one begun in an earlier chunk.
    this.see(chunk, 0, end);
    this.buffer.add(chunk.subarray(0, end));
    const first = this.finish();
    if (first) yield first;
    let start = end + 1;
    const last = chunk.lastIndexOf(LF);
    // The whole lines between: decoded a window of about 64 KiB at a time (one call, not one per
    // line) while they are valid UTF-8. A larger text would be allocated where only a full
    // garbage collection frees it, and a big read would grow the heap.
    while (last > start) {
      let stop = last;
      if (last - start > textWindow) {
        stop = chunk.lastIndexOf(LF, start + textWindow);
        if (stop <= start) stop = chunk.indexOf(LF, start + textWindow);
      }
      const text = decodeUtf8(chunk.subarray(start, stop));
      if (text === undefined) break;
      yield* this.lines(text, stop - start);
      start = stop + 1;
    }
    // What is left line by line: after the fast path, only the unfinished last line.
    for (end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      this.see(chunk, start, end);
      this.buffer.add(chunk.subarray(start, end));
      start = end + 1;
      const piece = this.finish();
      if (piece) yield piece;
    }
    this.see(chunk, start, chunk.length);
    this.buffer.add(chunk.subarray(start));
  }

  /** The lines of a decoded text of `bytes` bytes, each a piece with its text. */
  private *lines(text: string, bytes: number): Generator<Piece> {
    // A text as long in UTF-16 units as in bytes is ASCII: a line's length is its size.
    const ascii = text.length === bytes;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const line = this.line++;
      let item = text.slice(start, end);
      start = end + 1;
      if (item.endsWith('\r')) item = item.slice(0, -1);
      const first = item.charCodeAt(0);
      // Blank lines are no items (only JSON white space: space, tab, CR).
      if (item === '' || ((first === 32 || first === 9 || first === 13) && /^[ \t\r]*$/.test(item))) continue;
      const size = ascii ? item.length : Buffer.byteLength(item);
      yield size > this.buffer.maxBytes
        ? { bytes: empty, index: this.index++, line, column: 1, tooLarge: size }
        : { bytes: empty, text: item, index: this.index++, line, column: 1 };
    }
  }

  /** Notes whether bytes from..to of the current line hold anything but white space. */
  private see(chunk: Uint8Array, from: number, to: number): void {
    for (let i = from; this.blank && i < to; i++) if (!isWhitespace(chunk[i] as number)) this.blank = false;
  }

  *end(): Generator<Piece> {
    const piece = this.finish();
    if (piece) yield piece;
  }
}
