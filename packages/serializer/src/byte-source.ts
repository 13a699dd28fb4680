import { createReadStream } from 'node:fs';

/**
 * Where a stream of JSON comes from: a Node Readable, a web ReadableStream,
 * any (async) iterable of byte or string chunks, or a file path or URL.
 */
export type ByteSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array | string>
  | string
  | URL;

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
  const chunks: AsyncIterable<unknown> | Iterable<unknown> =
    typeof source === 'string' || source instanceof URL
      ? createReadStream(source, { highWaterMark: 1 << 18 })
      : isReadableStream(source)
        ? fromReadableStream(source)
        : source;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') yield encoder.encode(chunk);
    else if (chunk instanceof Uint8Array) yield chunk;
    else throw new TypeError(`a stream chunk must be a string or bytes, got ${typeof chunk}`);
  }
}
