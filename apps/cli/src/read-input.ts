import { accessSync, closeSync, constants, createReadStream, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** What patkit reads whole at most: the serializer's own limit for one document. */
export const maxInputBytes = 64 * 1024 * 1024;

/**
 * The bytes of a file, or of standard input for `-`, read up to `maxBytes`:
 * past it the reading stops at once (`/dev/zero` or an endless pipe never
 * fill memory).
 */
export async function readInput(file: string, maxBytes = maxInputBytes): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  const add = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes)
      throw new CliError(
        'too_large',
        `${inputName(file)} is larger than ${maxBytes} bytes, the most patkit reads at once`,
        {
          exitCode: exitCodes.failure,
          hint: 'split it (NDJSON splits by lines), or check that it is the file you meant',
        },
      );
    chunks.push(chunk);
  };
  try {
    if (file === '-') for await (const chunk of process.stdin) add(chunk as Buffer);
    else readFileInto(file, maxBytes, add);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw unreadable(file, error);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

/**
 * A file's bytes, a chunk at a time, until its end or one byte past
 * `maxBytes` — read with plain system calls: a command that reads one small
 * file (validate) loads none of Node's stream modules.
 */
function readFileInto(file: string, maxBytes: number, add: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    for (let read = 0; read <= maxBytes; ) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - read));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) return;
      read += got;
      add(got === chunk.length ? chunk : chunk.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
}

/** A file that cannot be read, as the error patkit says it in: exit 3 when it does not exist. */
function unreadable(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  return new CliError(
    'not_found',
    code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`,
    {
      exitCode: code === 'ENOENT' ? exitCodes.notFound : exitCodes.failure,
      cause: error,
    },
  );
}

/**
 * A file, or standard input for `-`, to read as a stream of any size; a file
 * that cannot be opened fails here, with readInput's error.
 */
export async function inputStream(file: string, highWaterMark?: number): Promise<Readable> {
  if (file === '-') return process.stdin;
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw unreadable(file, error);
  }
  return createReadStream(file, highWaterMark === undefined ? {} : { highWaterMark });
}

/** A name for an input in messages. */
export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** A secret piped to standard input, trimmed; never taken from a flag. */
export async function readStdinSecret(): Promise<string> {
  return Buffer.from(await readInput('-', 64 * 1024))
    .toString('utf8')
    .trim();
}
