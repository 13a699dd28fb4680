// The lock one machine keeps beside ISC's lease: two runs of one user on
// one machine learn of each other before either asks ISC for anything. It
// is not what makes a rotation exclusive (runs on two machines, or of two
// users, share no folder): the lease in ISC is.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { userCacheDir } from '@patkit/client';
import { CliError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import { takeLockFile } from '../lock-file.js';

function locksDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_RUNTIME_DIR || userCacheDir(env), 'patkit', 'locks');
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
  const taken = takeLockFile(file, runId, staleMs);
  if ('release' in taken) return taken.release;
  const { holder } = taken;
  if (holder === undefined)
    throw new CliError('rotation_in_progress', `the lock ${file} could not be taken`, { exitCode: exitCodes.busy });
  throw new CliError(
    'rotation_in_progress',
    `another rotation of this PAT is running on this machine: run ${holder.runId} (process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}), started ${holder.startedAt}; nothing was changed`,
    { exitCode: exitCodes.busy, hint: 'wait for it to end, then run patkit rotate again if it is still needed' },
  );
}
