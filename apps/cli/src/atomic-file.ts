import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file whole or not at all: the text goes to a temporary file
 * beside it (created with `mode`, so a secret is never readable by others
 * even for a moment), is flushed to disk, then renamed over the file. A
 * reader, or a run killed midway, sees the old content or the new, never half.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const fd = openSync(temporary, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // The umask may have taken bits away from the mode asked for.
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
