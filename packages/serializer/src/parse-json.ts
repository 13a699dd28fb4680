// JSON.parse with every object key right on every Node.js line. V8's
// JSON.parse on Node.js 24 and 26 can read an escaped key of a text as the
// key an earlier object had at that place (nodejs/node#63785): once any
// object had the keys `a` and `\`, the key `"\""` of `{"a":1,"\"":2}` comes
// back as `\`. A key without a backslash is read right, and so is a string
// value, escaped or not. So a text with a backslash in a key is read by a
// parser of our own, whose keys are read as JSON.parse reads a lone string;
// every other text is JSON.parse's alone, at its speed.

/**
 * Parses JSON text as JSON.parse does (its SyntaxError for bad text), with
 * escaped object keys decoded right on every Node.js line.
 */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const slash = text.indexOf('\\');
  return slash !== -1 && hasEscapedKey(text, slash) ? parseValid(text) : value;
}

const quote = 34;
const backslash = 92;

/**
 * Whether a key of valid JSON text has a backslash in it, `slash` being the
 * text's first backslash. Walks the strings up to the last backslash: a
 * string is a key when a colon follows it.
 */
function hasEscapedKey(text: string, slash: number): boolean {
  let at = 0;
  for (let next = slash; next !== -1; ) {
    // A backslash is only ever in a string: the one that holds it opens at or after `at`.
    const open = text.indexOf('"', at);
    let close = text.indexOf('"', open + 1);
    let escaped = false;
    while (next !== -1 && next < close) {
      escaped = true;
      // The escaped character goes with its backslash: an escaped quote does not close the string.
      if (close === next + 1) close = text.indexOf('"', next + 2);
      next = text.indexOf('\\', next + 2);
    }
    if (escaped && colonAt(text, close + 1)) return true;
    at = close + 1;
  }
  return false;
}

function colonAt(text: string, from: number): boolean {
  let at = from;
  while (isSpace(text.charCodeAt(at))) at++;
  return text.charCodeAt(at) === 58;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** What ends a number or a literal: white space, `,`, `]`, `}`, the end. */
function endsToken(code: number): boolean {
  return isSpace(code) || code === 44 || code === 93 || code === 125 || Number.isNaN(code);
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  key: string;
}

/**
 * Parses text that JSON.parse has accepted, so it checks nothing. Without
 * recursion (JSON.parse takes any depth), keys set as JSON.parse sets them:
 * a `__proto__` key is a key, a repeated key keeps its first place and its
 * last value.
 */
function parseValid(text: string): unknown {
  const stack: Frame[] = [];
  let at = 0;
  const skip = () => {
    while (isSpace(text.charCodeAt(at))) at++;
  };
  const string = (): string => {
    const start = at++;
    let escaped = false;
    for (let code = text.charCodeAt(at); code !== quote; code = text.charCodeAt(at)) {
      if (code === backslash) {
        escaped = true;
        at += 2;
      } else at++;
    }
    at++;
    return escaped ? (JSON.parse(text.slice(start, at)) as string) : text.slice(start + 1, at - 1);
  };
  // After `{` or `,` in an object: the key and its colon.
  const key = (): string => {
    skip();
    const name = string();
    skip();
    at++;
    return name;
  };
  for (;;) {
    skip();
    const code = text.charCodeAt(at);
    let value: unknown;
    if (code === 123 || code === 91) {
      at++;
      skip();
      const close = code === 123 ? 125 : 93;
      const container = code === 123 ? {} : [];
      if (text.charCodeAt(at) === close) {
        at++;
        value = container;
      } else {
        stack.push({ container, key: code === 123 ? key() : '' });
        continue;
      }
    } else if (code === quote) value = string();
    else {
      const start = at;
      while (!endsToken(text.charCodeAt(at))) at++;
      const token = text.slice(start, at);
      value = token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token);
    }
    // The value goes into its container; containers that close here go into theirs.
    for (;;) {
      const frame = stack.at(-1);
      if (frame === undefined) return value;
      const { container } = frame;
      if (Array.isArray(container)) container.push(value);
      else Object.defineProperty(container, frame.key, { value, writable: true, enumerable: true, configurable: true });
      skip();
      if (text.charCodeAt(at++) === 44) {
        if (!Array.isArray(container)) frame.key = key();
        break;
      }
      stack.pop();
      value = container;
    }
  }
}
