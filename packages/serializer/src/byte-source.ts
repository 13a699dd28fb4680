import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file to read: `fileSource('export.ndjson')`, or a `file:` URL. */
export interface FileSource {
  readonly file: string | URL;
}

/** The file at `path` as a source of decodeStream and decodeBatches; its path names the locations of what is wrong. */
export function fileSource(path: string | URL): FileSource {
  return { file: path };
}

/**
 * Where a stream of JSON comes from: a Node Readable, a web ReadableStream,
 * any (async) iterable of byte or string chunks, JSON text (a string, as
 * decode and decodeList read it), or a file (`fileSource(path)` or a URL).
 */
export type ByteSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array | string>
  | string
  | URL
  | FileSource;

function isFileSource(source: unknown): source is FileSource {
  return typeof source === 'object' && source !== null && 'file' in source && !(Symbol.asyncIterator in source);
}

/** The file a source reads, if it is one. */
function fileOf(source: ByteSource): string | URL | undefined {
  return source instanceof URL ? source : isFileSource(source) ? source.file : undefined;
}

/** The name of a file source, for locations (`export.ndjson:2:1`); undefined for other sources. */
export function sourceName(source: ByteSource): string | undefined {
  const file = fileOf(source);
  return file instanceof URL ? fileURLToPath(file) : file;
}

const encoder = new TextEncoder();

function isReadableStream(source: unknown): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream | undefined)?.getReader === 'function';
}

async function* fromReadableStream(stream: ReadableStream<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The source's chunks as bytes. */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  const file = fileOf(source);
  const chunks: AsyncIterable<unknown> | Iterable<unknown> =
    typeof source === 'string'
      ? [source]
      : file !== undefined
        ? createReadStream(file, { highWaterMark: 1 << 18 })
        : isReadableStream(source)
          ? fromReadableStream(source)
          : (source as AsyncIterable<unknown> | Iterable<unknown>);
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') yield encoder.encode(chunk);
    else if (chunk instanceof Uint8Array) yield chunk;
    else throw new TypeError(`a stream chunk must be a string or bytes, got ${typeof chunk}`);
  }
}
