import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error.js';
import { exitCodes, exitCodesHelp } from './exit-codes.js';

const apiVersionOption = () =>
  new Option('--api-version <version>', 'API version of the model').choices([
    'v2026',
    'v2025',
    'v1',
    'v2024',
    'beta',
    'v3',
  ]);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function program(result: { code: number }): Command {
  const root = new Command('patkit')
    .description('Audit, clean up and manage SailPoint ISC personal access tokens.')
    .option('--debug', 'show stack traces of errors')
    .addHelpText('after', `\n${exitCodesHelp}`)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  root
    .command('validate')
    .description('check PAT JSON or NDJSON files against the model; exit 1 if any is invalid')
    .argument('[files...]', 'files to check; - or nothing reads standard input')
    .option('--strict', 'unknown keys and date-times without a zone are errors (default)')
    .option('--tolerant', 'read them as tolerant decoding does, with warnings')
    .option('--model <name>', 'the model to check against (detected from the keys when omitted)')
    .addOption(apiVersionOption())
    .addHelpText(
      'after',
      '\nExamples:\n  patkit validate pat.json\n  patkit list --json | patkit validate --tolerant -\n  patkit validate --model CreatePersonalAccessTokenRequest request.json',
    )
    .action(async (files: string[], options) => {
      const { validate } = await import('./commands/validate.js');
      result.code = await validate(files, options);
    });

  root
    .command('convert')
    .description('rewrite PAT JSON as JSON, NDJSON, CSV, canonical JSON or PowerShell-style JSON')
    .argument('[file]', 'the input; - or nothing reads standard input')
    .addOption(
      new Option('--to <format>', 'output format')
        .choices(['json', 'ndjson', 'csv', 'canonical', 'powershell'])
        .default('json'),
    )
    .option('--fields <list>', 'CSV columns, e.g. id,name,lastUsed,owner.name')
    .addOption(apiVersionOption())
    .addHelpText(
      'after',
      '\nExamples:\n  patkit convert export.json --to csv --fields id,name,lastUsed\n  patkit convert pats.ndjson --to json',
    )
    .action(async (file: string | undefined, options) => {
      const { convert } = await import('./commands/convert.js');
      result.code = await convert(file, options);
    });

  root
    .command('schema')
    .description('print the JSON Schema (or OpenAPI schema) of a model, or of all models')
    .argument('[model]', 'e.g. GetPersonalAccessTokenResponse')
    .addOption(
      new Option('--format <format>', 'schema dialect').choices(['json-schema', 'openapi']).default('json-schema'),
    )
    .addOption(apiVersionOption())
    .addHelpText(
      'after',
      '\nExamples:\n  patkit schema GetPersonalAccessTokenResponse\n  patkit schema --format openapi --api-version v3',
    )
    .action(async (model: string | undefined, options) => {
      const { schema } = await import('./commands/schema.js');
      result.code = schema(model, options);
    });

  root
    .command('init')
    .description(
      "build a GetPersonalAccessTokenResponse from flags, as the PowerShell SDK's Initialize-V2025GetPersonalAccessTokenResponse does",
    )
    .option('--id <id>', 'the PAT id (required)')
    .option('--name <name>', 'the PAT name (required)')
    .option('--scope <scope>', 'a scope; repeat for more (default sp:scopes:all)', collect)
    .option('--owner-id <id>', "the owner's identity id (required)")
    .option('--owner-name <name>', "the owner's display name")
    .option('--created <date-time>', 'when it was created (required)')
    .option('--last-used <date-time>', 'when it last minted a token, or null')
    .option('--managed', 'managed by SailPoint (default false)')
    .option('--validity <seconds>', 'access token lifetime, 15..43200 (default 43200)')
    .option('--expiration-date <date-time>', 'when it expires')
    .option('--never-expires', 'never expires (acknowledged)')
    .addHelpText(
      'after',
      '\nExample:\n  patkit init --id 86f1dc6fe8f54414950454cbb11278fa --name "NodeJS Integration" \\\n    --scope demo:personal-access-token-scope:first --scope demo:personal-access-token-scope:second \\\n    --owner-id 2c9180a46faadee4016fb4e018c20639 --created 2017-07-11T18:45:37.098Z --last-used 2017-07-11T18:45:37.098Z',
    )
    .action(async (options) => {
      const { init } = await import('./commands/init.js');
      result.code = init(options);
    });

  return root;
}

/** Runs patkit with arguments; returns the exit code. Errors are one or two lines, never a stack trace unless --debug. */
export async function run(args: readonly string[]): Promise<number> {
  const result = { code: exitCodes.ok as number };
  const root = program(result);
  try {
    await root.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander printed them already.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return exitCodes.ok;
      return exitCodes.usage;
    }
    const debug = args.includes('--debug');
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
}
