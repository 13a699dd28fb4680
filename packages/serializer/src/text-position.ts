// Positions in JSON text, computed only on the error path: JSON.parse is
// fast but says neither where a syntax error is nor where a value stands.

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

function show(text: string, i: number): string {
  if (i >= text.length) return 'the end of the input';
  const c = text.codePointAt(i) ?? 0;
  return c < 32
    ? `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`
    : `${JSON.stringify(String.fromCodePoint(c))}`;
}

export interface SyntaxProblem {
  readonly offset: number;
  readonly message: string;
}

type Scan = { end: number } | SyntaxProblem;

function scanString(text: string, start: number): Scan {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return { end: i + 1 };
    if (c < 32) return { offset: i, message: `${show(text, i)} inside a string; escape it (e.g. \\n)` };
    if (c === 92) {
      const e = text.charCodeAt(i + 1);
      if (e === 117) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { offset: i, message: 'a \\u escape needs four hex digits' };
        }
        i += 6;
        continue;
      }
      if (![34, 92, 47, 98, 102, 110, 114, 116].includes(e)) {
        return { offset: i, message: `invalid escape \\${text[i + 1] ?? ''} in a string` };
      }
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, message: 'a string is not closed (missing ")' };
}

const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function scanScalar(text: string, i: number): Scan {
  const c = text.charCodeAt(i);
  if (c === 34) return scanString(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i)) return { end: i + word.length };
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    numberPattern.lastIndex = i;
    const match = numberPattern.exec(text);
    if (match) return { end: i + match[0].length };
    return { offset: i, message: 'invalid number' };
  }
  if (c === 39) return { offset: i, message: 'strings take double quotes ("), not \'' };
  return { offset: i, message: `expected a value, found ${show(text, i)}` };
}

// A member's `"key" :` and the whitespace after it; `end` is where its value starts.
function scanKey(text: string, i: number, expected: string): Scan {
  if (text.charCodeAt(i) !== 34) return { offset: i, message: `expected ${expected}, found ${show(text, i)}` };
  const key = scanString(text, i);
  if (!('end' in key)) return key;
  const colon = skipWhitespace(text, key.end);
  if (text.charCodeAt(colon) !== 58) {
    return { offset: colon, message: `expected ":" after the key, found ${show(text, colon)}` };
  }
  return { end: skipWhitespace(text, colon + 1) };
}

/**
 * Finds the first syntax error in JSON text, or returns undefined when the
 * text is valid JSON. Iterative, so nesting depth is no risk.
 */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  const stack: number[] = []; // 123 for an object, 91 for an array
  let i = skipWhitespace(text, 0);
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      if (i >= text.length) return { offset: i, message: 'unexpected end of input; a value is missing' };
      const c = text.charCodeAt(i);
      if (c === 123 || c === 91) {
        stack.push(c);
        i = skipWhitespace(text, i + 1);
        const close = c === 123 ? 125 : 93;
        if (text.charCodeAt(i) === close) {
          stack.pop();
          i++;
          expectValue = false;
          i = skipWhitespace(text, i);
          continue;
        }
        if (c === 123) {
          const member = scanKey(text, i, 'a key in double quotes or "}"');
          if (!('end' in member)) return member;
          i = member.end;
        }
        continue;
      }
      const scalar = scanScalar(text, i);
      if (!('end' in scalar)) return scalar;
      i = skipWhitespace(text, scalar.end);
      expectValue = false;
      continue;
    }
    const top = stack.at(-1);
    if (top === undefined) {
      return i < text.length
        ? { offset: i, message: `unexpected ${show(text, i)} after the end of the JSON value` }
        : undefined;
    }
    const c = text.charCodeAt(i);
    const close = top === 123 ? 125 : 93;
    if (c === close) {
      stack.pop();
      i = skipWhitespace(text, i + 1);
      continue;
    }
    if (c !== 44) {
      const what = top === 123 ? '"," or "}"' : '"," or "]"';
      return i >= text.length
        ? { offset: i, message: `unexpected end of input; expected ${what}` }
        : { offset: i, message: `expected ${what}, found ${show(text, i)}` };
    }
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === close)
      return { offset: i, message: `a trailing comma before ${show(text, i)} is not allowed` };
    if (top === 123) {
      const member = scanKey(text, i, 'a key in double quotes');
      if (!('end' in member)) return member;
      i = member.end;
    }
    expectValue = true;
  }
}

// Skips one valid JSON value starting at i (the text is known to be valid).
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return (scanString(text, i) as { end: number }).end;
  if (c !== 123 && c !== 91) return (scanScalar(text, i) as { end: number }).end;
  let depth = 0;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === 34) {
      i = (scanString(text, i) as { end: number }).end;
      continue;
    }
    if (d === 123 || d === 91) depth++;
    else if (d === 125 || d === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

/**
 * Offset of the value at a path in valid JSON text, or of its key when `key`
 * is set; when the path goes through a missing key, the offset of the
 * deepest object or array that exists.
 */
export function offsetOf(text: string, path: readonly (string | number)[], key = false, from = 0): number {
  let i = skipWhitespace(text, from);
  let keyOffset = i;
  for (const segment of path) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      let j = skipWhitespace(text, i + 1);
      let found = false;
      while (text.charCodeAt(j) === 34) {
        const end = (scanString(text, j) as { end: number }).end;
        const name = JSON.parse(text.slice(j, end)) as string;
        const valueStart = skipWhitespace(text, skipWhitespace(text, end) + 1);
        // A key given twice: JSON.parse keeps the last value, so that is the one to point at.
        if (name === String(segment)) {
          keyOffset = j;
          i = valueStart;
          found = true;
        }
        j = skipWhitespace(text, skipValue(text, valueStart));
        if (text.charCodeAt(j) === 44) j = skipWhitespace(text, j + 1);
      }
      if (!found) return i;
    } else if (c === 91) {
      let j = skipWhitespace(text, i + 1);
      let index = 0;
      while (index < Number(segment) && text.charCodeAt(j) !== 93 && j < text.length) {
        j = skipWhitespace(text, skipValue(text, j));
        if (text.charCodeAt(j) === 44) j = skipWhitespace(text, j + 1);
        index++;
      }
      if (text.charCodeAt(j) === 93 || j >= text.length) return i;
      keyOffset = j;
      i = j;
    } else {
      return i;
    }
  }
  return key ? keyOffset : i;
}

/**
 * Locates problems in one text. It walks forward from the last place it
 * found: the problems of a list's items, located in item order, cost one
 * pass over the text in all rather than one each.
 */
export class TextLocator {
  readonly #text: string;
  // The start of item #item of a top-level array, once looked for.
  #item = -1;
  #itemStart = 0;
  // The line that starts at #lineStart holds #offset.
  #offset = 0;
  #line = 1;
  #lineStart = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /** The offset of a path's value (or its key), as offsetOf finds it. */
  offsetOf(path: readonly (string | number)[], key: boolean): number {
    const [first, ...rest] = path;
    const start = typeof first === 'number' ? this.#start(first) : undefined;
    return start === undefined ? offsetOf(this.#text, path, key) : offsetOf(this.#text, rest, key, start);
  }

  /** 1-based line and column of an offset, as lineColumn finds them. */
  lineColumn(offset: number): LineColumn {
    const text = this.#text;
    const end = Math.min(offset, text.length);
    // Back to an earlier place (an item's errors come before its warnings): as far back as it is.
    for (let lf = text.lastIndexOf('\n', this.#offset - 1); lf >= end; lf = text.lastIndexOf('\n', lf - 1)) {
      this.#line--;
      this.#lineStart = text.lastIndexOf('\n', lf - 1) + 1;
      this.#offset = lf;
    }
    if (end < this.#offset) this.#offset = this.#lineStart;
    for (let lf = text.indexOf('\n', this.#offset); lf !== -1 && lf < end; lf = text.indexOf('\n', lf + 1)) {
      this.#line++;
      this.#lineStart = lf + 1;
    }
    this.#offset = end;
    return { line: this.#line, column: end - this.#lineStart + 1 };
  }

  /** Where item `index` of a top-level array starts; undefined when the text has no such item. */
  #start(index: number): number | undefined {
    const text = this.#text;
    if (index < this.#item || this.#item === -1) {
      const open = skipWhitespace(text, 0);
      if (text.charCodeAt(open) !== 91) return undefined;
      this.#item = 0;
      this.#itemStart = skipWhitespace(text, open + 1);
    }
    let at = this.#itemStart;
    for (; this.#item < index; this.#item++) {
      at = skipWhitespace(text, skipValue(text, at));
      if (text.charCodeAt(at) !== 44) return undefined;
      at = skipWhitespace(text, at + 1);
      this.#itemStart = at;
    }
    return at;
  }
}
