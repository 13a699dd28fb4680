// Results of millions of lines (audit, list, export as NDJSON or CSV) go to
// stdout through a buffer of bytes: a line written in pieces is never a
// string of its own, nor are the chunks. Joined as strings, the lines of 20
// tenants' audit cost more CPU time than their JSON.parse (the tenants bench).
import type { Writable } from 'node:stream';

/** Where a record's line is written in pieces. */
export interface JsonPieces {
  /** Text as it is (JSON punctuation, keys, and fragments already JSON). */
  write(text: string): void;
  /** A string as `JSON.stringify` writes it. */
  json(text: string): void;
  /** Text already encoded as UTF-8 (a piece written again and again, encoded once). */
  bytes(encoded: Uint8Array): void;
}

const chunkBytes = 65_536;
// Longer text is encoded by the runtime; shorter is copied here, cheaper than a call.
const copiedChars = 64;
const quote = 34;
const backslash = 92;

/** Bytes to stdout in chunks of 64 KiB: one write per row would cost a system call each. */
export class ChunkedStdout implements JsonPieces {
  private chunk = Buffer.allocUnsafe(chunkBytes);
  private size = 0;

  constructor(private readonly stream: Writable = process.stdout) {}

  write(text: string): void {
    if (text.length > copiedChars) {
      this.encode(text);
      return;
    }
    // Checked here, not by a call: millions of pieces.
    if (this.size + text.length > this.chunk.length) this.room(text.length);
    const { chunk } = this;
    let at = this.size;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        this.encode(text);
        return;
      }
      chunk[at++] = c;
    }
    this.size = at;
  }

  json(text: string): void {
    if (text.length + 2 > chunkBytes) {
      this.encode(JSON.stringify(text));
      return;
    }
    if (this.size + text.length + 2 > this.chunk.length) this.room(text.length + 2);
    const { chunk } = this;
    let at = this.size;
    chunk[at++] = quote;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // What JSON.stringify escapes (controls, quote, backslash, lone surrogates) and all but ASCII: its own text.
      if (c < 32 || c === quote || c === backslash || c >= 128) {
        this.encode(JSON.stringify(text));
        return;
      }
      chunk[at++] = c;
    }
    chunk[at++] = quote;
    this.size = at;
  }

  bytes(encoded: Uint8Array): void {
    if (encoded.length > chunkBytes) {
      this.flush();
      // A copy: the stream may hold it after the caller has changed its bytes.
      this.stream.write(Buffer.from(encoded));
      return;
    }
    if (this.size + encoded.length > this.chunk.length) this.room(encoded.length);
    this.chunk.set(encoded, this.size);
    this.size += encoded.length;
  }

  flush(): void {
    if (this.size === 0) return;
    this.stream.write(this.chunk.subarray(0, this.size));
    // A stream may keep what it was given until written: the next chunk is new bytes.
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.size = 0;
  }

  /** Text as UTF-8, by the runtime; text that may not fit a chunk goes out on its own, after what waits. */
  private encode(text: string): void {
    // At most 3 bytes for each UTF-16 unit.
    const most = text.length * 3;
    if (most > chunkBytes) {
      this.flush();
      this.stream.write(text);
      return;
    }
    this.room(most);
    this.size += this.chunk.write(text, this.size);
  }

  /** Room for `count` more bytes (at most a chunk's): what waits goes out first when they do not fit. */
  private room(count: number): void {
    if (this.size + count > this.chunk.length) this.flush();
  }
}
