import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** Prints an error as one or two lines (the stack only with --debug) and returns its exit code. */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CliError) {
    process.stderr.write(`patkit: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`patkit: ${error instanceof Error ? error.message : String(error)}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('hint: run again with --debug to see where it happened\n');
  return exitCodes.failure;
}
