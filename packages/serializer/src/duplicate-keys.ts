// A key given twice in one object is a property of the text alone:
// JSON.parse keeps the last value at the first key's place and says nothing,
// and parsers that disagree on which value wins are a known way to smuggle a
// value past a check. Scanning every text for them would cost more than the
// rest of a decode, so a bound comes first. Every value has a fewest
// characters its JSON text can take (its floor), and a key given twice adds
// a member the parsed value does not hold, at least `"":0,` long. So a text
// shorter than its value's floor plus those five characters repeats no key,
// and only a longer one (white space, escapes, numbers written long, or a
// repeat) is scanned.

/** The fewest characters a member of an object takes: `"":0,`. */
const memberFloor = 5;

/** Whether a text of this length, whose value's floor is `floor`, may give a key twice (then scan it). */
export function mayRepeatKeys(textLength: number, floor: number): boolean {
  return textLength - floor >= memberFloor;
}

/**
 * The fewest characters of any JSON text of a number. A safe integer's
 * shortest text is its digits, or with three trailing zeros or more an
 * exponent (`36e3`): no text with fewer digits reads as it. Other numbers
 * are taken as one character, a floor that holds for every number.
 */
export function numberFloor(value: number): number {
  if (!Number.isSafeInteger(value)) return 1;
  const sign = value < 0 ? 1 : 0;
  let rest = Math.abs(value);
  // Fewer than three trailing zeros: no exponent is shorter than the digits.
  if (rest % 1000 !== 0 || rest === 0) return sign + digitsOf(rest);
  let zeros = 0;
  while (rest % 10 === 0) {
    rest /= 10;
    zeros++;
  }
  return sign + digitsOf(rest) + 1 + (zeros < 10 ? 1 : 2);
}

/** The decimal digits of a non-negative safe integer. */
function digitsOf(n: number): number {
  if (n < 100_000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
  let digits = 6;
  for (let rest = Math.floor(n / 1_000_000); rest > 0; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** Deeper than this, a value's floor is taken as 0 (always a floor) rather than walked. */
const floorDepth = 64;

/** The fewest characters of any JSON text of a value fresh from JSON.parse. */
export function textFloor(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return numberFloor(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (depth > floorDepth) return 0;
      if (Array.isArray(value)) {
        let size = value.length === 0 ? 2 : value.length + 1;
        for (const item of value) size += textFloor(item, depth + 1);
        return size;
      }
      // `{`, and each member's `"key":value` with the `,` or `}` after it.
      let size = 1;
      const record = value as Record<string, unknown>;
      for (const key in record) size += key.length + 4 + textFloor(record[key], depth + 1);
      return size === 1 ? 2 : size;
    }
    default:
      return 0;
  }
}

/** A key given again in the same object: the path to it and where the repeat starts in the text. */
export interface DuplicateKey {
  readonly path: readonly (string | number)[];
  readonly offset: number;
}

interface Frame {
  /** An object's keys so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** The key or index of the value being read in this container. */
  at: string | number;
}

/** Index just after the string that opens at `start` (valid JSON: it is closed). */
function stringEnd(text: string, start: number): number {
  let close = text.indexOf('"', start + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(close - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * The keys given twice in their object, in text that JSON.parse accepted
 * (it checks nothing else), up to `limit` of them. Keys compare as JSON.parse
 * reads them: `"a"` and `"\u0061"` are the same key. Without recursion.
 */
export function duplicateKeys(text: string, limit: number): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const frames: Frame[] = [];
  let at = 0;
  while (at < text.length && found.length < limit) {
    const code = text.charCodeAt(at);
    if (code === 34) {
      const end = stringEnd(text, at);
      let next = end;
      while (isSpace(text.charCodeAt(next))) next++;
      const frame = frames.at(-1);
      if (text.charCodeAt(next) === 58 && frame?.keys !== undefined) {
        const literal = text.slice(at + 1, end - 1);
        const key = literal.includes('\\') ? (JSON.parse(text.slice(at, end)) as string) : literal;
        if (frame.keys.has(key)) {
          found.push({ path: [...frames.slice(0, -1).map((f) => f.at), key], offset: at });
        } else frame.keys.add(key);
        frame.at = key;
        at = next + 1;
      } else at = end;
      continue;
    }
    if (code === 123) frames.push({ keys: new Set(), at: '' });
    else if (code === 91) frames.push({ keys: undefined, at: 0 });
    else if (code === 125 || code === 93) frames.pop();
    else if (code === 44) {
      const frame = frames.at(-1);
      if (frame !== undefined && frame.keys === undefined) frame.at = (frame.at as number) + 1;
    }
    at++;
  }
  return found;
}
