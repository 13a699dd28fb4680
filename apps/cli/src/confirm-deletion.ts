import { createInterface } from 'node:readline/promises';
import { usageError } from './cli-error.js';

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
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (/^y(es)?$/i.test(answer.trim())) return true;
  process.stderr.write('patkit: nothing deleted\n');
  return false;
}
