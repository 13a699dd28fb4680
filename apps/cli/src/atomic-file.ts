import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';
import { processAlive } from './process-alive.js';

const partial = /\.(\d+)\.(?:[0-9a-f]{12}\.)?partial$/;

/**
 * Removes the temporary files of `dir` whose names start with `prefix` that
 * a killed run left behind (their process is gone): a temporary file may
 * hold a secret. Only files this user owns: in a shared folder another
 * user's names are not ours to remove.
 */
export function removeStalePartials(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = partial.exec(name)?.[1];
    if (!name.startsWith(prefix) || pid === undefined || Number(pid) === process.pid || processAlive(Number(pid)))
      continue;
    try {
      const stats = lstatSync(join(dir, name));
      if (stats.isFile() && (uid === undefined || stats.uid === uid)) rmSync(join(dir, name), { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

// Created, never opened: a name another user planted (a symbolic link, a file) makes the open fail.
const createOnly = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

export interface AtomicWriteOptions {
  /** The file's mode; default 0600. */
  readonly mode?: number;
  /** The owner and group to give the file (those of the file it replaces), when they are not this process's. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/**
 * `path`, or the file its symbolic link points at, so that a write keeps
 * the link a link. `label` names the path in the error for a link to nothing.
 */
export function linkedFile(path: string, label = path): string {
  if (!lstatOrUndefined(path)?.isSymbolicLink()) return path;
  try {
    return realpathSync(path);
  } catch (error) {
    throw new CliError('destination_unusable', `${label} is a symbolic link to nothing (${(error as Error).message})`, {
      hint: 'point the link at the file, or give the file itself; nothing was changed',
    });
  }
}

/**
 * Writes a file whole or not at all: the content goes to a new temporary
 * file beside it, with a random name, created exclusively (never through a
 * link another user planted) and readable by this user alone from its first
 * byte; it is flushed, given its owner and mode, then renamed over the
 * file. A reader, or a run killed midway, sees the old content or the new,
 * never half; what a killed run left of an earlier write is removed first.
 */
export function writeFileAtomic(to: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? 0o600;
  // Through this user's symbolic link (a dotfiles manager's): what it points at is replaced, the link
  // kept. One another user planted is replaced itself, never followed.
  const path = lstatOrUndefined(to)?.uid === process.getuid?.() ? linkedFile(to) : to;
  const dir = dirname(path);
  removeStalePartials(dir, `.${basename(path)}.`);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.partial`);
  const fd = openSync(temporary, createOnly, 0o600);
  try {
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(fd);
      const { owner } = options;
      if (owner !== undefined && (owner.uid !== process.getuid?.() || owner.gid !== process.getgid?.()))
        fchownSync(fd, owner.uid, owner.gid);
      // After the owner: the umask and chown may have taken bits away.
      fchmodSync(fd, mode);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The stats of a path without following a link; undefined when nothing is there. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether two paths name one file (the same device and inode), following links. */
export function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Checks a `--record` trail's path before the run changes anything: it is
 * not a symbolic link (the trail would replace whatever it points at), not
 * a file the run writes as a destination, and its folder can be written.
 * `nothing` says what was not done ("nothing was deleted"). Creates nothing.
 */
export function checkTrailPath(path: string, nothing: string, destinationFiles: readonly string[] = []): void {
  const refuse = (why: string, hint: string) =>
    new CliError('record_unwritable', `--record ${path} ${why}`, {
      exitCode: exitCodes.usage,
      hint: `${hint}; ${nothing}`,
    });
  let stats: Stats | undefined;
  try {
    stats = lstatOrUndefined(path);
  } catch (error) {
    throw refuse(`cannot be looked at: ${(error as Error).message}`, 'give a path in a folder you can read');
  }
  if (stats?.isSymbolicLink())
    throw refuse('is a symbolic link; patkit does not follow one there', 'give the path of a regular file');
  if (stats !== undefined && !stats.isFile()) throw refuse('is not a regular file', 'give the path of a file');
  const clash = destinationFiles.find((file) => file === path || sameFile(file, path));
  if (clash !== undefined) throw refuse(`is ${clash}, a file this run writes`, 'give the trail a file of its own');
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw refuse(
      `cannot be written: ${(error as Error).message}`,
      'give a path in a folder that exists and that you can write',
    );
  }
}
