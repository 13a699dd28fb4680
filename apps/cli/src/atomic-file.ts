import { chmodSync, closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

const partial = /\.(\d+)\.partial$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of `dir` whose names start with `prefix` that
 * a killed run left behind (their process is gone): a temporary file may
 * hold a secret.
 */
export function removeStalePartials(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = partial.exec(name)?.[1];
    if (name.startsWith(prefix) && pid !== undefined && Number(pid) !== process.pid && !alive(Number(pid)))
      rmSync(join(dir, name), { force: true });
  }
}

/**
 * Writes a file whole or not at all: the text goes to a temporary file
 * beside it (created with `mode`, so a secret is never readable by others
 * even for a moment), is flushed to disk, then renamed over the file. A
 * reader, or a run killed midway, sees the old content or the new, never
 * half; what a killed run left of an earlier write is removed first.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  removeStalePartials(dirname(path), `.${basename(path)}.`);
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

/**
 * Creates (or truncates) a `--record` trail now, 0600, so that a path that
 * cannot be written stops the run before it changes anything; `nothing`
 * says what was not done ("nothing was deleted").
 */
export function openTrail(path: string, nothing: string): void {
  try {
    closeSync(openSync(path, 'w', 0o600));
  } catch (error) {
    throw new CliError('record_unwritable', `--record ${path} cannot be written: ${(error as Error).message}`, {
      exitCode: exitCodes.usage,
      hint: `give a path in a folder that exists and that you can write; ${nothing}`,
    });
  }
}
