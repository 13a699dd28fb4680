import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

type Translate = (error: unknown) => unknown;
const translations: Translate[] = [];

/**
 * How errors of a module's own kind read as CliErrors. connect.ts registers
 * the client's (ApiError, ClientError) when it loads, so that this module,
 * on every command's path, never loads the client itself.
 */
export function translateErrors(translate: Translate): void {
  translations.push(translate);
}

/** Any error as a CliError where a translation knows it, else as it is. */
export function translated(error: unknown): unknown {
  return translations.reduce((current, translate) => translate(current), error);
}

/** The exit code an error means, once translated. */
export function exitCodeOf(error: unknown): number {
  const cli = translated(error);
  return cli instanceof CliError ? cli.exitCode : exitCodes.failure;
}

/** One line for an error that does not end the command (one of many deletions): the translated message. */
export function errorLine(error: unknown): string {
  const cli = translated(error);
  return cli instanceof Error ? cli.message : String(cli);
}

/**
 * Where every error of a command ends: translated once, printed as one or
 * two lines (the stack only with --debug), and its exit code returned.
 */
export function reportError(thrown: unknown, debug: boolean): number {
  const error = translated(thrown);
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
