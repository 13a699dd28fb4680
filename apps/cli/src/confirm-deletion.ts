import { createInterface } from 'node:readline/promises';
import { CliError, usageError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** A person at a terminal who can be asked: not in a pipe, not under CI=true. */
function interactive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true && process.env.CI !== 'true';
}

/**
 * Whether to go on deleting: yes with --yes; else asks the person at the
 * terminal, and refuses (a usage error with `hint`) when there is none.
 * Says "nothing deleted" when the answer is no.
 */
export async function confirmDeletion(yes: boolean | undefined, count: number, question: string, hint: string) {
  if (yes) return true;
  if (!interactive()) throw usageError(`refusing to delete ${count} PAT(s) without --yes`, hint);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // Ctrl-C at the prompt is the person stopping patkit: exit 130, and nothing was deleted.
  const interrupted = new Promise<never>((_, reject) =>
    prompt.once('SIGINT', () =>
      reject(new CliError('interrupted', 'interrupted: nothing deleted', { exitCode: exitCodes.interrupted })),
    ),
  );
  let answer: string;
  try {
    answer = await Promise.race([prompt.question(`${question} [y/N] `), interrupted]);
  } finally {
    prompt.close();
  }
  if (/^y(es)?$/i.test(answer.trim())) return true;
  process.stderr.write('patkit: nothing deleted\n');
  return false;
}
