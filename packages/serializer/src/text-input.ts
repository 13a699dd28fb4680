import type { SerializerIssue } from './serializer-error.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Offset of the first byte that breaks UTF-8, or -1. Only called once decoding has failed. */
export function utf8ErrorOffset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const b1 = bytes[i + 1] as number;
    if (
      (b === 0xe0 && b1 < 0xa0) ||
      (b === 0xed && b1 > 0x9f) ||
      (b === 0xf0 && b1 < 0x90) ||
      (b === 0xf4 && b1 > 0x8f)
    ) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

export function tooLarge(size: number, maxBytes: number): SerializerIssue {
  return {
    code: 'too_large',
    path: '',
    message: `the input is ${size} bytes, more than the limit of ${maxBytes}; raise maxBytes or stream it`,
  };
}

/** UTF-8 size of a string, computed only when its length leaves it in doubt. */
function exceeds(text: string, maxBytes: number): number | undefined {
  if (text.length > maxBytes) return text.length;
  if (text.length * 3 <= maxBytes) return undefined;
  const size = Buffer.byteLength(text, 'utf8');
  return size > maxBytes ? size : undefined;
}

/** The text of a string or UTF-8 bytes input, without a BOM, or the issue that stops it. */
export function toText(input: string | Uint8Array, maxBytes: number): { text: string } | { issue: SerializerIssue } {
  if (typeof input === 'string') {
    const size = exceeds(input, maxBytes);
    if (size !== undefined) return { issue: tooLarge(size, maxBytes) };
    return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input };
  }
  if (input.byteLength > maxBytes) return { issue: tooLarge(input.byteLength, maxBytes) };
  try {
    return { text: decoder.decode(input) };
  } catch {
    const offset = utf8ErrorOffset(input);
    return {
      issue: {
        code: 'invalid_utf8',
        path: '',
        message: `the bytes are not valid UTF-8 (at byte ${offset}); save the input as UTF-8`,
      },
    };
  }
}
