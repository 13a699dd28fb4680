// The lock one machine keeps beside ISC's lease: two runs of one user on
// one machine learn of each other before either asks ISC for anything. It
// is not what makes a rotation exclusive (runs on two machines, or of two
// users, share no folder): the lease in ISC is.
import { createHash } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import { processAlive } from '../process-alive.js';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly runId: string;
  readonly startedAt: string;
}

function locksDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_RUNTIME_DIR || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'));
  return join(base, 'patkit', 'locks');
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Takes this machine's lock on rotating `key` (the tenant, the owner, the
 * PAT's name) for run `runId`; a function that gives it back. A lock whose
 * process has ended (on this machine), or that is older than `staleMs`
 * (another machine's, in a shared home), is taken over. A held one is a
 * CliError `rotation_in_progress`.
 */
export function takeLocalLock(
  key: string,
  runId: string,
  staleMs: number,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  const dir = locksDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.lock`);
  const me: Holder = { pid: process.pid, host: hostname(), runId, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(
        file,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o600,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      const stale =
        holder === undefined ||
        (holder.host === me.host ? !processAlive(holder.pid) : Date.now() - Date.parse(holder.startedAt) > staleMs);
      if (!stale)
        throw new CliError(
          'rotation_in_progress',
          `another rotation of this PAT is running on this machine: run ${holder.runId} (process ${holder.pid}${holder.host === me.host ? '' : ` on ${holder.host}`}), started ${holder.startedAt}; nothing was changed`,
          { exitCode: exitCodes.busy, hint: 'wait for it to end, then run patkit rotate again if it is still needed' },
        );
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
    return release;
  }
  throw new CliError('rotation_in_progress', `the lock ${file} could not be taken`, { exitCode: exitCodes.busy });
}
