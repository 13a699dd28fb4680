import type { ApiVersion, defaultApiVersion, Model, ModelName } from '@patkit/model';
import { type EncodeOptions, prepareEncoder } from './encode.js';
import { optionError } from './serializer-error.js';

export interface ListEncodeOptions<V extends ApiVersion = ApiVersion> extends EncodeOptions<V> {
  /** `json` (default): one array. `ndjson`: one compact JSON value per line. */
  readonly format?: 'json' | 'ndjson';
}

function formatOf(options: ListEncodeOptions): 'json' | 'ndjson' {
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'ndjson') {
    throw optionError(`format must be "json" or "ndjson", got ${JSON.stringify(format)}`);
  }
  if (format === 'ndjson' && options.indent !== undefined)
    throw optionError('NDJSON is one value per line: indent does not apply');
  return format;
}

/**
 * Writes models as a JSON array (the shape of the list response) or NDJSON,
 * each item in canonical form. Throws a SerializerError naming the first bad item.
 */
export function encodeList<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  values: readonly Model<N, V>[],
  options: ListEncodeOptions<V> = {},
): string {
  const format = formatOf(options);
  const encoder = prepareEncoder(model, options);
  // Lists go through JSON.stringify of plain values: the text writer's strings are trees of pieces,
  // and flattening a thousand of them at once measured slower than this (`pnpm bench`).
  if (format === 'json') return JSON.stringify(values.map(encoder.toPlain), null, encoder.indent);
  return values.map((value) => `${JSON.stringify(encoder.toPlain(value))}\n`).join('');
}

/**
 * Writes models from an iterable or async iterable as text chunks, one item
 * at a time: feed it to `Readable.from()` or a web stream to write a list of
 * any length in constant memory.
 */
export async function* encodeStream<N extends ModelName, V extends ApiVersion = typeof defaultApiVersion>(
  model: N,
  values: AsyncIterable<Model<N, V>> | Iterable<Model<N, V>>,
  options: ListEncodeOptions<V> = {},
): AsyncGenerator<string, void, undefined> {
  const format = formatOf(options);
  const encoder = prepareEncoder(model, options);
  const indent = encoder.indent;
  const pad = typeof indent === 'number' ? ' '.repeat(indent) : (indent ?? '');
  let first = true;
  for await (const value of values) {
    const text = encoder.toText(value);
    if (format === 'ndjson') {
      yield `${text}\n`;
      continue;
    }
    // The same text JSON.stringify gives for the whole array.
    const item = pad === '' ? text : `\n${pad}${text.replaceAll('\n', `\n${pad}`)}`;
    yield first ? `[${item}` : `,${item}`;
    first = false;
  }
  if (format === 'ndjson') return;
  yield first ? '[]' : pad === '' ? ']' : '\n]';
}
