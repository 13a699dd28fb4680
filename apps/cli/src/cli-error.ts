import { exitCodes } from './exit-codes.js';

/** An error meant for the person at the terminal: one line, a hint, an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? exitCodes.failure;
    this.hint = options.hint;
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError('usage', message, { exitCode: exitCodes.usage, ...(hint === undefined ? {} : { hint }) });
}
