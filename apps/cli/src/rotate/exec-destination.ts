import { spawn } from 'node:child_process';
import { CliError } from '../cli-error.js';
import type { Destination, PatCredentials } from './destination.js';

/** A delivery command that runs longer than this is stopped, and the delivery failed. */
const execTimeoutMs = 5 * 60_000;

/** Runs `command` in the shell with credentials on stdin (JSON) and in PATKIT_CLIENT_ID/PATKIT_CLIENT_SECRET; its exit status. */
function runWith(command: string, credentials: PatCredentials, extra: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    // Its output goes to stderr: patkit's stdout stays what patkit says.
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', process.stderr, process.stderr],
      env: {
        ...process.env,
        PATKIT_BASE_URL: credentials.baseUrl,
        PATKIT_CLIENT_ID: credentials.clientId,
        PATKIT_CLIENT_SECRET: credentials.clientSecret,
        ...extra,
      },
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), execTimeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal === null ? 1 : 128));
    });
    // A command that does not read its input closes it early: that is not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(
      `${JSON.stringify({ baseUrl: credentials.baseUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret })}\n`,
    );
  });
}

/**
 * --exec CMD: runs CMD (in the shell) with the new credentials on its
 * standard input as JSON and in PATKIT_CLIENT_ID and PATKIT_CLIENT_SECRET,
 * never on a command line; a non-zero exit is a failed delivery. Undone by
 * running CMD again with the old credentials (PATKIT_ROTATE_UNDO=1), when
 * patkit knows them (--self).
 */
export function execDestination(command: string): Destination {
  let delivered = false;
  return {
    label: `exec ${command}`,
    async prepare() {},
    async held() {
      return undefined;
    },
    async deliver(next) {
      let status: number;
      try {
        status = await runWith(command, next);
      } catch (error) {
        throw new CliError('delivery_failed', `--exec ${command} could not be run: ${(error as Error).message}`);
      }
      if (status !== 0) throw new CliError('delivery_failed', `--exec ${command} exited with ${status}`);
      delivered = true;
    },
    async undo(previous) {
      if (!delivered) return;
      if (previous === undefined)
        throw new CliError(
          'undo_failed',
          `--exec ${command} was given the new credentials, and patkit does not know the old PAT's secret to give back`,
        );
      const status = await runWith(command, previous, { PATKIT_ROTATE_UNDO: '1' });
      if (status !== 0)
        throw new CliError(
          'undo_failed',
          `--exec ${command}, run again with the old credentials, exited with ${status}`,
        );
    },
    commit() {},
  };
}
