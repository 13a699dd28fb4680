// A lock as a file created exclusively, naming the run that holds it: the
// rotation lock of one machine, and the profiles file while it is changed.
// A lock whose process has ended (on this machine), or that is older than
// the holder's own bound (another machine's, in a shared home), is stale
// and taken over.
import { closeSync, constants, lstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { processAlive } from './process-alive.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly runId: string;
  readonly startedAt: string;
}

// Created, never opened: a name another user planted (a symbolic link, a file) makes the open fail.
const createOnly = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** A lock file that names no holder is one being written, unless it is older than this. */
const unnamedStaleMs = 1_000;

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function stale(file: string, holder: LockHolder | undefined, staleMs: number): boolean {
  if (holder === undefined) {
    try {
      return Date.now() - lstatSync(file).mtimeMs > unnamedStaleMs;
    } catch {
      // Gone meanwhile: the next try takes it.
      return true;
    }
  }
  return holder.host === hostname() ? !processAlive(holder.pid) : Date.now() - Date.parse(holder.startedAt) > staleMs;
}

/**
 * Takes the lock `file` for run `runId`: a function that gives it back (it is
 * given back at exit too); or, when a live run holds it, that run (undefined
 * when it could not be read). A stale lock is removed and taken.
 */
export function takeLockFile(
  file: string,
  runId: string,
  staleMs: number,
): { release: () => void } | { holder: LockHolder | undefined } {
  const me: LockHolder = { pid: process.pid, host: hostname(), runId, startedAt: new Date().toISOString() };
  let holder: LockHolder | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, createOnly, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      holder = readHolder(file);
      if (!stale(file, holder, staleMs)) return { holder };
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    const release = () => {
      if (readHolder(file)?.runId === runId) rmSync(file, { force: true });
      process.off('exit', release);
    };
    process.on('exit', release);
    return { release };
  }
  return { holder };
}
