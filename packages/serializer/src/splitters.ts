// Incremental splitters: they cut a byte stream into the texts of its items
// (the elements of one JSON array, or the lines of NDJSON) without parsing
// them, so that memory holds one item at a time. Structural bytes are ASCII
// and never occur inside a multi-byte UTF-8 sequence, so chunks may be cut
// anywhere, even inside a character.

export interface Piece {
  readonly bytes: Uint8Array;
  /** The item's position, from 0. */
  readonly index: number;
  /** Line and column (bytes, 1-based) where the item starts. */
  readonly line: number;
  readonly column: number;
  /** Set when the item was larger than the limit: its bytes were not kept. */
  readonly tooLarge?: number;
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
  constructor(private readonly maxBytes: number) {}

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

/** Splits `[item, item, …]` into its items. */
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

  constructor(maxItemBytes: number) {
    this.buffer = new ItemBuffer(maxItemBytes);
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
            if (b === 34) this.inString = true;
            else if (b === 123 || b === 91) this.depth++;
            else if (b === 125 || b === 93) {
              this.depth--;
              if (this.depth === 0) {
                this.buffer.add(chunk.subarray(itemStart, i + 1));
                itemStart = -1;
                yield this.finish();
              }
            }
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
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === LF) {
        this.buffer.add(chunk.subarray(start, i));
        start = i + 1;
        const piece = this.finish();
        if (piece) yield piece;
      } else if (this.blank && !isWhitespace(b)) {
        this.blank = false;
      }
    }
    this.buffer.add(chunk.subarray(start));
  }

  *end(): Generator<Piece> {
    const piece = this.finish();
    if (piece) yield piece;
  }
}
