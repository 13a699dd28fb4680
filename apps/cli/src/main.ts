// Entry point (after bin/patkit.js, which answers `--version` alone).
// `validate` starts without the command framework (scripts call it in
// loops); everything else, help included, goes to the commander program,
// whose commands load only what they need.
import { parseArgs } from 'node:util';
import { isApiVersion } from '@patkit/model/api-versions';

async function fastValidate(args: string[]): Promise<number | undefined> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        strict: { type: 'boolean' },
        tolerant: { type: 'boolean' },
        model: { type: 'string' },
        'api-version': { type: 'string' },
      },
    });
  } catch {
    return undefined; // let the full program say what is wrong
  }
  const { values, positionals } = parsed;
  const apiVersion = values['api-version'];
  if (apiVersion !== undefined && !isApiVersion(apiVersion)) return undefined;
  const [{ validate }, { reportError }] = await Promise.all([
    import('./commands/validate.js'),
    import('./report-error.js'),
  ]);
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

// `patkit list | head`: a closed pipe ends the command quietly, as in other Unix tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
const fast =
  args[0] === 'validate' && !args.includes('--help') && !args.includes('-h')
    ? await fastValidate(args.slice(1))
    : undefined;
if (fast !== undefined) process.exitCode = fast;
else {
  const { run } = await import('./program.js');
  process.exitCode = await run(args);
}
