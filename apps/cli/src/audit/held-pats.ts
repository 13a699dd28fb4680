// The PATs an audit holds while their owners are looked up, packed as bytes
// outside V8's heap: as objects, each was an object and two strings that
// outlived a few scavenges, was copied and promoted, and the old generation
// grew by twice what it kept. Its bytes are given back as soon as they are
// not needed, not at a full collection. 20 tenants at 250 ms (Node.js 24,
// interleaved, with one listener for owners): peak RSS 167 (158-175) MB
// against 188 (179-195), at the same wall and CPU time.
import type { PatRef } from './findings.js';

/**
 * A held PAT is three 32-bit words, then its id and name: the next PAT of
 * its owner's (its byte, or -1), and the id's and the name's lengths in
 * UTF-16 units, each with `wide` when it is kept two bytes a unit (it has
 * a unit past 255: lone surrogates too are kept), else one; the id's also
 * with `flagged`. Each starts at a multiple of 4, where the words are read.
 */
const headerWords = 3;
const wide = 1 << 29;
const flagged = 1 << 30;
const lengthOf = wide - 1;

/** The bytes a length word's text takes. */
const bytesOf = (word: number) => (word & lengthOf) * (word & wide ? 2 : 1);

/** The PATs held for one owner id: where their chain starts and ends, and the owners that differ from the first's. */
interface Group {
  readonly owner: PatRef['owner'];
  first: number;
  last: number;
  /** PATs held so far: a PAT's ordinal in its group. */
  count: number;
  /** By ordinal: a PAT whose owner names it otherwise than the first did keeps its own. */
  others?: Map<number, PatRef['owner']>;
}

/** Held PATs by owner id, each as its id, name, owner and whether it had findings already. */
export class HeldPats {
  private bytes: Buffer<ArrayBuffer>;
  private words: Int32Array;
  private size = 0;
  /** Bytes of the PATs still held (the rest of `size` is of PATs taken). */
  private live = 0;
  private readonly groups = new Map<string, Group>();
  private held = 0;
  private readonly firstBytes: number;

  /** `firstBytes`: the bytes to start with, and the least it keeps. */
  constructor(firstBytes = 65_536) {
    this.firstBytes = firstBytes;
    [this.bytes, this.words] = space(firstBytes);
  }

  /** How many PATs are held. */
  get count(): number {
    return this.held;
  }

  /** The bytes it takes now, held or not. */
  get bytesTaken(): number {
    return this.bytes.length;
  }

  /** Holds a PAT until its owner's are taken. */
  hold(ownerId: string, pat: PatRef, hadFindings: boolean): void {
    const { id, name } = pat;
    const most = 4 * headerWords + 2 * (id.length + name.length) + 3;
    if (this.size + most > this.bytes.length) this.room(most);
    const at = this.size;
    const { bytes, words } = this;
    const word = at >> 2;
    const idStart = at + 4 * headerWords;
    const idEnd = writeText(bytes, id, idStart);
    const nameEnd = writeText(bytes, name, idEnd);
    words[word] = -1;
    words[word + 1] = lengthWord(id, idEnd - idStart) | (hadFindings ? flagged : 0);
    words[word + 2] = lengthWord(name, nameEnd - idEnd);
    const end = (nameEnd + 3) & ~3;
    this.size = end;
    this.live += end - at;
    this.held++;
    const group = this.groups.get(ownerId);
    if (group === undefined) {
      this.groups.set(ownerId, { owner: pat.owner, first: at, last: at, count: 1 });
      return;
    }
    words[group.last >> 2] = at;
    group.last = at;
    // The PATs of an owner name it alike: one copy of it is kept for them all.
    const { owner } = group;
    if (pat.owner !== owner && (pat.owner.name !== owner.name || pat.owner.type !== owner.type)) {
      group.others ??= new Map();
      group.others.set(group.count, pat.owner);
    }
    group.count++;
  }

  /** The PATs held for `ownerId`, in the order they were held, to `each`; they are held no more. */
  take(ownerId: string, each: (pat: PatRef, hadFindings: boolean) => void): void {
    const group = this.groups.get(ownerId);
    if (group === undefined) return;
    this.groups.delete(ownerId);
    this.held -= group.count;
    const { bytes, words } = this;
    let ordinal = 0;
    try {
      for (let at = group.first; at !== -1; at = words[at >> 2] as number) {
        const idWord = words[(at >> 2) + 1] as number;
        const nameWord = words[(at >> 2) + 2] as number;
        const idStart = at + 4 * headerWords;
        const idEnd = idStart + bytesOf(idWord);
        const nameEnd = idEnd + bytesOf(nameWord);
        // Before `each`, which may throw: what it leaves uncounted only makes the next room larger.
        this.live -= this.bytesAt(at);
        const owner = group.others?.get(ordinal++) ?? group.owner;
        each(
          {
            id: bytes.toString(idWord & wide ? 'utf16le' : 'latin1', idStart, idEnd),
            name: bytes.toString(nameWord & wide ? 'utf16le' : 'latin1', idEnd, nameEnd),
            owner,
          },
          (idWord & flagged) !== 0,
        );
      }
    } finally {
      // None held: what comes next starts at the first byte, in no more bytes than at first.
      if (this.held === 0) {
        this.size = 0;
        this.live = 0;
        if (this.bytes.length > this.firstBytes) this.use(space(this.firstBytes));
      }
    }
  }

  /** The bytes of the PAT held at `at`. */
  private bytesAt(at: number): number {
    const units = bytesOf(this.words[(at >> 2) + 1] as number) + bytesOf(this.words[(at >> 2) + 2] as number);
    return (4 * headerWords + units + 3) & ~3;
  }

  /**
   * Room for `most` more bytes: the PATs still held are copied, owner by
   * owner, into bytes twice their size (or the same size, if that is
   * more), so that those of PATs taken are used again.
   */
  private room(most: number): void {
    const from = this.words;
    const [to, words] = space(Math.max(this.firstBytes, 2 * (this.live + most), this.bytes.length));
    let size = 0;
    for (const group of this.groups.values()) {
      let last = -1;
      for (let at = group.first; at !== -1; at = from[at >> 2] as number) {
        const length = this.bytesAt(at);
        // A word at a time: most PATs are a few dozen bytes, less than a call to copy costs.
        for (let word = 0; word < length >> 2; word++) words[(size >> 2) + word] = from[(at >> 2) + word] as number;
        if (last === -1) group.first = size;
        else words[last >> 2] = size;
        last = size;
        size += length;
      }
      // The last keeps its -1.
      group.last = last;
    }
    this.use([to, words]);
    this.size = size;
    this.live = size;
  }

  /** Holds nothing more, and gives its bytes back now: not at the next full collection, which may be seconds away. */
  free(): void {
    this.groups.clear();
    this.held = 0;
    this.size = 0;
    this.live = 0;
    this.use(space(0));
  }

  /** Bytes from now on; the old ones are given back at once (transfer detaches and frees them). */
  private use([bytes, words]: [Buffer<ArrayBuffer>, Int32Array]): void {
    this.bytes.buffer.transfer(0);
    this.bytes = bytes;
    this.words = words;
  }
}

/** Bytes of their own (a multiple of 4), and their 32-bit words. */
function space(length: number): [Buffer<ArrayBuffer>, Int32Array] {
  const store = new ArrayBuffer((length + 3) & ~3);
  return [Buffer.from(store), new Int32Array(store)];
}

/** Writes `text` from `at`, a byte a code unit, or two (UTF-16LE) when a unit is past 255; where it ends. */
function writeText(bytes: Buffer, text: string, at: number): number {
  let end = at;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 255) return at + bytes.write(text, at, 'utf16le');
    bytes[end++] = unit;
  }
  return end;
}

/** A length word: `text`'s length, `wide` when its `written` bytes are two a unit. */
function lengthWord(text: string, written: number): number {
  return text.length | (written > text.length ? wide : 0);
}
