import type { DecodeResult } from './decode.js';
import { syntaxIssue } from './decode.js';
import { defaultMaxBytes } from './options.js';
import { parseJson } from './parse-json.js';
import type { SerializerIssue } from './serializer-error.js';
import { toText } from './text-input.js';
import { lineColumn } from './text-position.js';

export interface JsonValueOptions {
  /** Inputs larger than this many bytes fail with `too_large`. Default 64 MiB. */
  readonly maxBytes?: number;
  /** Deeper nesting fails with `too_deep`. Default 64. */
  readonly maxDepth?: number;
  /** A name for the input (a file name) used in locations. */
  readonly source?: string;
}

/** The offset of the bracket that opens one level more than `maxDepth`, outside strings; -1 when none does. */
function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === 0x5c) at++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return at;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return -1;
}

/**
 * Any JSON value, not a model — the identities, configuration and other
 * files patkit reads beside PATs — from text or UTF-8 bytes, within the
 * limits a model's decoding keeps: size (`too_large`), UTF-8
 * (`invalid_utf8`), nesting, checked before anything is parsed
 * (`too_deep`), and syntax (`invalid_json`, with line and column).
 */
export function decodeJsonValue(input: string | Uint8Array, options: JsonValueOptions = {}): DecodeResult<unknown> {
  const source = options.source === undefined ? {} : { source: options.source };
  const fail = (issue: SerializerIssue): DecodeResult<unknown> => ({
    ok: false,
    errors: [{ ...issue, ...source }],
    warnings: [],
  });
  const read = toText(input, options.maxBytes ?? defaultMaxBytes);
  if ('issue' in read) return fail(read.issue);
  const { text } = read;
  const maxDepth = options.maxDepth ?? 64;
  const deep = tooDeepAt(text, maxDepth);
  if (deep !== -1)
    return fail({
      code: 'too_deep',
      path: '',
      message: `nested more than ${maxDepth} levels deep`,
      ...lineColumn(text, deep),
    });
  try {
    return { ok: true, value: parseJson(text), warnings: [] };
  } catch (error) {
    return fail(syntaxIssue(text, error, undefined, options.source));
  }
}

/**
 * A list of any JSON values: a JSON array, or NDJSON (one value a line,
 * blank lines skipped), told apart by the first character that is not
 * white space. The limits of decodeJsonValue apply; a problem on an NDJSON
 * line says that line.
 */
export function decodeJsonValues(input: string | Uint8Array, options: JsonValueOptions = {}): DecodeResult<unknown[]> {
  const read = toText(input, options.maxBytes ?? defaultMaxBytes);
  if ('issue' in read)
    return {
      ok: false,
      errors: [{ ...read.issue, ...(options.source === undefined ? {} : { source: options.source }) }],
      warnings: [],
    };
  const { text } = read;
  // Text that opens with [ and parses is an array.
  if (text.trimStart().startsWith('[')) return decodeJsonValue(text, options) as DecodeResult<unknown[]>;
  const values: unknown[] = [];
  for (const [at, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const item = decodeJsonValue(line, options);
    if (!item.ok) return { ok: false, errors: item.errors.map((issue) => ({ ...issue, line: at + 1 })), warnings: [] };
    values.push(item.value);
  }
  return { ok: true, value: values, warnings: [] };
}
