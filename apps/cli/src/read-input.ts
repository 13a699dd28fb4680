import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
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
  const source: Readable = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        if (file !== '-') source.destroy();
        throw new CliError(
          'too_large',
          `${inputName(file)} is larger than ${maxBytes} bytes, the most patkit reads at once`,
          {
            exitCode: exitCodes.failure,
            hint: 'split it (NDJSON splits by lines), or check that it is the file you meant',
          },
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw unreadable(file, error);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
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
  await access(file, constants.R_OK).catch((error: unknown) => {
    throw unreadable(file, error);
  });
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
