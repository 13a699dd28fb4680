import { spawn } from 'node:child_process';
import { CliError } from '../cli-error.js';
import type { Destination, PatCredentials } from './destination.js';

/** `--exec-timeout`'s default: a delivery command that runs longer is stopped, and the delivery failed. */
export const defaultExecTimeoutMs = 5 * 60_000;

/** How long a timed-out command's process group has between SIGTERM and SIGKILL. */
const killGraceMs = 5_000;

type Ended = { readonly status: number } | { readonly stopped: 'timeout' | 'interrupted' };

/**
 * Runs `command` in the shell, in a process group of its own, with
 * credentials on stdin (JSON) and in PATKIT_CLIENT_ID/PATKIT_CLIENT_SECRET.
 * Past `timeoutMs` the whole group gets SIGTERM, and SIGKILL a few seconds
 * later: a command that ignores SIGTERM, or left children behind, still ends.
 * So it is when `signal` aborts (patkit was interrupted).
 */
function runWith(
  command: string,
  credentials: PatCredentials,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  extra: Record<string, string> = {},
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    // Its output goes to stderr: patkit's stdout stays what patkit says.
    const child = spawn(command, {
      shell: true,
      detached: process.platform !== 'win32',
      stdio: ['pipe', process.stderr, process.stderr],
      env: {
        ...process.env,
        PATKIT_BASE_URL: credentials.baseUrl,
        PATKIT_CLIENT_ID: credentials.clientId,
        PATKIT_CLIENT_SECRET: credentials.clientSecret,
        ...extra,
      },
    });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The group has ended.
      }
    };
    let stopped: 'timeout' | 'interrupted' | undefined;
    let killer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'interrupted') => {
      if (stopped !== undefined) return;
      stopped = why;
      signalGroup('SIGTERM');
      killer = setTimeout(() => signalGroup('SIGKILL'), killGraceMs);
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('interrupted');
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) onAbort();
    // patkit interrupted: its command goes too (it is in a group of its own, out of the terminal's reach).
    const onExit = () => signalGroup('SIGKILL');
    process.once('exit', onExit);
    const done = () => {
      clearTimeout(timer);
      process.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      done();
      clearTimeout(killer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      done();
      if (stopped === undefined) {
        // Whatever it started in its group goes with it.
        signalGroup('SIGKILL');
        resolve({ status: code ?? (signal === null ? 1 : 128) });
        return;
      }
      // The shell is gone; what it started may still run until SIGKILL reaches the group.
      if (killer !== undefined) {
        clearTimeout(killer);
        signalGroup('SIGKILL');
      }
      resolve({ stopped });
    });
    // A command that does not read its input closes it early: that is not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(
      `${JSON.stringify({ baseUrl: credentials.baseUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret })}\n`,
    );
  });
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * --exec CMD: runs CMD (in the shell) with the new credentials on its
 * standard input as JSON and in PATKIT_CLIENT_ID and PATKIT_CLIENT_SECRET,
 * never on a command line; a non-zero exit, or running past the timeout, is
 * a failed delivery. Undone by running CMD again with the old credentials
 * (PATKIT_ROTATE_UNDO=1), when patkit knows them (--self).
 */
export function execDestination(
  command: string,
  timeoutMs: number = defaultExecTimeoutMs,
  signal?: AbortSignal,
): Destination {
  let delivered = false;
  const outcome = (ended: Ended, what: string): string | undefined => {
    if ('stopped' in ended)
      return ended.stopped === 'timeout'
        ? `--exec ${command}${what} ran past --exec-timeout (${seconds(timeoutMs)}) and was stopped`
        : `--exec ${command}${what} was stopped: patkit was interrupted`;
    return ended.status === 0 ? undefined : `--exec ${command}${what} exited with ${ended.status}`;
  };
  const check = async () => {
    if (command.trim() === '') throw new CliError('destination_unusable', '--exec was given an empty command');
  };
  return {
    label: `exec ${command}`,
    files: [],
    check,
    prepare: check,
    async held() {
      return undefined;
    },
    async deliver(next) {
      let ended: Ended;
      try {
        ended = await runWith(command, next, timeoutMs, signal);
      } catch (error) {
        throw new CliError('delivery_failed', `--exec ${command} could not be run: ${(error as Error).message}`);
      }
      const failure = outcome(ended, '');
      if (failure !== undefined) throw new CliError('delivery_failed', failure);
      delivered = true;
    },
    async undo(previous) {
      if (!delivered) return;
      if (previous === undefined)
        throw new CliError(
          'undo_failed',
          `--exec ${command} was given the new credentials, and patkit does not know the old PAT's secret to give back`,
        );
      const failure = outcome(
        await runWith(command, previous, timeoutMs, undefined, { PATKIT_ROTATE_UNDO: '1' }),
        ', run again with the old credentials,',
      );
      if (failure !== undefined) throw new CliError('undo_failed', failure);
    },
    commit() {},
  };
}
