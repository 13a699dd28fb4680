import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** The bytes of a file, or of standard input for `-`. */
export async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      'not_found',
      code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`,
      {
        exitCode: code === 'ENOENT' ? exitCodes.notFound : exitCodes.failure,
        cause: error,
      },
    );
  }
}

/** A name for an input in messages. */
export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** A secret piped to standard input, trimmed; never taken from a flag. */
export async function readStdinSecret(): Promise<string> {
  return Buffer.from(await readInput('-'))
    .toString('utf8')
    .trim();
}
