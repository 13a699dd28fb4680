// `patkit validate` without the command framework: scripts call it in loops.
// bin/patkit.js loads it as dist/fast-validate.js, bundled alone in one file
// (every module file Node.js loads costs start-up time); main.ts, from
// sources, loads it as any module.
import { parseArgs } from 'node:util';
import { isApiVersion } from '@patkit/model/api-versions';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { validate } from './commands/validate.js';
import { reportError } from './report-error.js';

/**
 * Runs `validate` when the command line is one (`args` without the node and
 * script paths) and needs no help: its exit code; undefined otherwise, for
 * the full program to answer (and say what is wrong).
 */
export async function fastValidate(args: readonly string[]): Promise<number | undefined> {
  if (args[0] !== 'validate' || args.includes('--help') || args.includes('-h')) return undefined;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: args.slice(1),
      allowPositionals: true,
      options: {
        strict: { type: 'boolean' },
        tolerant: { type: 'boolean' },
        model: { type: 'string' },
        'api-version': { type: 'string' },
      },
    });
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  const apiVersion = values['api-version'];
  if (apiVersion !== undefined && !isApiVersion(apiVersion)) return undefined;
  endQuietlyOnClosedPipe();
  try {
    return await validate(positionals, {
      ...(values.strict === true ? { strict: true } : {}),
      ...(values.tolerant === true ? { tolerant: true } : {}),
      ...(typeof values.model === 'string' ? { model: values.model } : {}),
      ...(apiVersion === undefined ? {} : { apiVersion }),
    });
  } catch (error) {
    return reportError(error, args.includes('--debug'));
  }
}
