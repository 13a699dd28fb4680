import { apiVersions, defaultApiVersion } from '@patkit/model/api-versions';
import { Command, CommanderError, Help, Option } from 'commander';
import { labelList, prunableCodes, pruneFlag, ruleOf, thresholds } from './audit/findings.js';
import { exitCodes, exitCodesHelp } from './exit-codes.js';
import { formatHelp, type ResultKind, resultKinds } from './formats.js';
import { reportError } from './report-error.js';
import type { DestinationFlag } from './rotate/destination.js';
import { version } from './version.js';

const apiVersionOption = () =>
  new Option(
    '--api-version <version>',
    `API version (default: the profile's, else ${defaultApiVersion}, the per-service paths)`,
  ).choices(apiVersions);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// Where to connect: every command that calls the API takes these, shown in a section of their own.
const connectionGroup = 'Connection options:';
function connection(command: Command): Command {
  const group = (option: Option) => command.addOption(option.helpGroup(connectionGroup));
  group(new Option('--base-url <url>', 'tenant API URL (else SAIL_BASE_URL, ./config.json, ~/.sailpoint/config.yaml)'));
  group(new Option('--client-id <id>', 'the PAT id to authenticate with (else SAIL_CLIENT_ID, …)'));
  group(
    new Option(
      '--client-secret-stdin',
      'read the PAT secret from standard input (else SAIL_CLIENT_SECRET, …); never pass it as a flag',
    ),
  );
  group(new Option('--profile <name>', 'use this profile of patkit config'));
  group(apiVersionOption());
  group(tokenCacheOption());
  group(
    new Option(
      '--rate-limit <limit>',
      "requests per window to keep under, per client id and API version: ISC's 100/10s by default, or off (PATKIT_RATE_LIMIT also)",
    ),
  );
  return command;
}

const tokenCacheOption = () =>
  new Option(
    '--no-token-cache',
    'mint a new access token, and keep none for the next run (PATKIT_NO_TOKEN_CACHE=1 also)',
  );

// Several tenants at once: the commands that read every tenant the same way take these.
function tenants(command: Command): Command {
  const group = (option: Option) => command.addOption(option.helpGroup(connectionGroup));
  group(new Option('--profiles <names>', "these profiles' tenants, at once (comma-separated)"));
  group(new Option('--all-profiles', "every profile's tenant, at once"));
  group(new Option('--environments <names>', "these environments of sail's ~/.sailpoint/config.yaml, at once"));
  group(new Option('--all-environments', "every environment of sail's config, at once"));
  group(new Option('--parallel <n>', 'with several tenants: how many at once').default('4'));
  return command;
}

// How to print: every command that prints a result takes these, with the formats of its kind of result.
const outputGroup = 'Output options:';
function output(command: Command, kind: ResultKind): Command {
  const { formats } = resultKinds[kind];
  for (const option of [
    new Option('-o, --output <format>', formatHelp(kind)).choices(formats),
    new Option('--format <format>', 'same as --output').choices(formats).conflicts('output'),
    new Option('--json [fields]', 'shorthand for --output json; with a list, only those fields (--json id,name)'),
    new Option('--fields <list>', 'the fields to print, in every format, e.g. id,name,lastUsed'),
    new Option('--no-color', 'no colours (NO_COLOR also works)'),
  ])
    command.addOption(option.helpGroup(outputGroup));
  // Fields that name nothing are refused before any work (a rotation included), not printed as null.
  command.hook('preAction', async (_command, action) => {
    const options = action.opts<{
      json?: boolean | string;
      fields?: string;
      profiles?: string;
      allProfiles?: boolean;
    }>();
    if (options.fields === undefined && typeof options.json !== 'string') return;
    const { checkFields } = await import('./result-fields.js');
    checkFields(kind, options);
  });
  return command;
}

/** The top-level help's groups of commands, in this order. */
const commandGroups: readonly (readonly [heading: string, commands: readonly string[]])[] = [
  ['Manage PATs:', ['list', 'create', 'rename', 'scope', 'expire', 'delete', 'rotate']],
  ['Hygiene:', ['audit', 'prune', 'export']],
  ['Offline files:', ['validate', 'convert', 'schema', 'init']],
  ['Configuration:', ['config', 'whoami', 'completion']],
];

export function program(result: { code: number }): Command {
  const root = new Command('patkit')
    .description('Audit, clean up and manage SailPoint ISC personal access tokens.')
    .version(version(), '-V, --version', 'print the version')
    .option('--debug', 'show stack traces of errors')
    .addHelpText('after', `\n${exitCodesHelp}`)
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // commander echoes an unknown option with its value: never a value that may be a secret.
      // One style for every error: commander's "error: …" reads as patkit's own "patkit: …".
      outputError: (text, write) =>
        write(
          redactSecretOptions(text)
            .replace(/^error: /, 'patkit: ')
            .replace(/\n\(Did you mean (.+)\?\)/, '\nhint: did you mean $1?'),
        ),
    });

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
    .option('--validity <duration>', 'access token lifetime: 12h, 3600s (15 s to 12 h; default 12h)')
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

  const config = root.command('config').description('named profiles in $XDG_CONFIG_HOME/patkit/config.yaml');
  config
    .command('list')
    .description('the profiles; * marks the current one')
    .addHelpText('after', '\nExample:\n  patkit config list')
    .action(async () => {
      const { configList } = await import('./commands/config.js');
      result.code = await configList();
    });
  config
    .command('get')
    .description("a profile's settings, or one of them")
    .argument('[key]', 'baseUrl, clientId, apiVersion or clientSecretFile')
    .option('--profile <name>', 'default: the current profile')
    .addHelpText('after', '\nExamples:\n  patkit config get\n  patkit config get baseUrl --profile prod')
    .action(async (key: string | undefined, options) => {
      const { configGet } = await import('./commands/config.js');
      result.code = await configGet(key, options);
    });
  config
    .command('set')
    .description(
      'set baseUrl, clientId or apiVersion; the secret only with --client-secret-stdin (kept in a 0600 file)',
    )
    .argument('<key>')
    .argument('[value]')
    .option('--profile <name>', 'default: the current profile, or "default"')
    .option('--client-secret-stdin', 'read the secret from standard input')
    .addHelpText(
      'after',
      '\nExamples:\n  patkit config set baseUrl https://acme.api.identitynow.com --profile prod\n  patkit config set clientId 86f1dc6fe8f54414950454cbb11278fa --profile prod\n  printf %s "$SECRET" | patkit config set clientSecret --client-secret-stdin --profile prod',
    )
    .action(async (key: string, value: string | undefined, options) => {
      const { configSet } = await import('./commands/config.js');
      result.code = await configSet(key, value, options);
    });
  config
    .command('use')
    .description('make a profile the current one')
    .argument('<name>')
    .addHelpText('after', '\nExample:\n  patkit config use prod')
    .action(async (name: string) => {
      const { configUse } = await import('./commands/config.js');
      result.code = await configUse(name);
    });
  config
    .command('remove')
    .description('remove a profile')
    .argument('<name>')
    .addHelpText('after', '\nExample:\n  patkit config remove staging')
    .action(async (name: string) => {
      const { configRemove } = await import('./commands/config.js');
      result.code = await configRemove(name);
    });

  output(tenants(connection(root.command('whoami'))), 'facts')
    .description("the base URL, client id and where each came from, the token's claims, and the PAT itself")
    .addHelpText('after', '\nExamples:\n  patkit whoami\n  patkit whoami --profile prod --json')
    .action(async (options) => {
      const { whoami } = await import('./commands/online.js');
      result.code = await whoami(options);
    });

  const audit = output(tenants(connection(root.command('audit'))), 'findings')
    .description(`find ${labelList()} PATs`)
    .option('--owner <owner>', 'me (default), all, or an identity: its id, name or alias', 'me');
  for (const { flag, default: value } of thresholds) {
    if (flag !== undefined) audit.option(`--${flag.name} <duration>`, `${flag.help} (default ${value})`);
  }
  audit
    .option('--include-managed', 'audit PATs managed by SailPoint too')
    .option('--policy <file>', 'YAML policy: thresholds, severities, allow-lists')
    .option(
      '--from <file>',
      'audit a JSON or NDJSON export (patkit export) of any size instead of the API; - reads stdin',
    )
    .option(
      '--identities <file>',
      'look owners up in this export of identities (patkit export --with-identities) instead of the API; with several tenants, a file each: {tenant} in the path',
    )
    .option('--strict', 'with --from: stop at the first invalid item (default: report it, skip it, go on)')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when findings at this level or above exist').choices([
        'high',
        'medium',
        'low',
        'any',
      ]),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  patkit audit\n  patkit audit --owner all --stale 90d --fail-on high\n  patkit audit --from export.ndjson --identities identities.json --output markdown > audit.md\n\nWith --owner all or an id, owners are looked up in ISC (needs idn:identity:read) to find\nPATs of people who left (owner_inactive) or who are gone (owner_missing).',
    )
    .action(async (options) => {
      const { auditCommand } = await import('./commands/audit.js');
      result.code = await auditCommand(options);
    });

  const prune = tenants(connection(root.command('prune')))
    .description(
      `delete what audit flags as ${labelList(prunableCodes, 'or')}: shows the list, then asks (or needs --yes)`,
    )
    .option('--owner <owner>', 'me (default), all, or an identity: its id, name or alias', 'me');
  for (const code of prunableCodes) {
    const { help, threshold } = ruleOf(code);
    if (threshold?.flag === undefined) prune.option(pruneFlag(code), help);
    else prune.option(`${pruneFlag(code)} [duration]`, `${help} (default ${threshold.default})`);
  }
  prune
    .option('--include-managed', 'PATs managed by SailPoint too')
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .option('-y, --yes', 'do not ask')
    .option('--record <file>', 'write a JSON trail: what was deleted, when, by whom, why')
    .option('--concurrency <n>', 'deletions at once, 1 to 16 (default 4)')
    .addHelpText(
      'after',
      '\nExamples:\n  patkit prune --owner all --stale 90d --expired --dry-run\n  patkit prune --owner all --stale 90d --expired --yes --record prune-2026-11.json',
    )
    .action(async (options) => {
      const { prune } = await import('./commands/prune.js');
      result.code = await prune(options);
    });

  // Destinations are applied in the order given, so they are gathered in that order as commander reads them.
  const destinations: DestinationFlag[] = [];
  const destination = (kind: DestinationFlag['kind']) => (value: string) => {
    destinations.push({ kind, value });
    return value;
  };
  output(tenants(connection(root.command('rotate'))), 'secret')
    .description(
      'replace a PAT with a new one of the same scope and validity, deliver its credentials, then delete the old one',
    )
    .argument('[id]', 'the PAT to rotate (or --self)')
    .option('--self', 'rotate the PAT patkit is authenticated with')
    .option('--if-expiring <duration>', 'do nothing (exit 0) unless it expires within this (e.g. 30d): for schedules')
    .option('--expires <when>', "the new expiry: a duration (180d), a date, or never (default: the old one's lifetime)")
    .option('--keep-old <duration>', 'keep the old PAT working this long, renamed to say when to delete it (e.g. 7d)')
    .addOption(
      new Option(
        '--update-profile [name]',
        'write the new credentials to a patkit profile (default: the one patkit authenticated with)',
      )
        .preset('')
        .argParser(destination('profile')),
    )
    .addOption(
      new Option(
        '--dotenv <file>',
        'set SAIL_CLIENT_ID and SAIL_CLIENT_SECRET in this env file (other lines kept)',
      ).argParser(destination('env-file')),
    )
    .option(
      '--dotenv-names <id,secret>',
      'the variable names --dotenv sets (default SAIL_CLIENT_ID,SAIL_CLIENT_SECRET)',
    )
    .addOption(
      new Option(
        '--sailpoint-config [env]',
        "write them where SailPoint's sail CLI reads them (default: its active environment)",
      )
        .preset('')
        .argParser(destination('sailpoint-config')),
    )
    .addOption(
      new Option(
        '--exec <command>',
        'run this shell command with the credentials on stdin (JSON) and in PATKIT_CLIENT_ID/PATKIT_CLIENT_SECRET; non-zero exit fails the rotation',
      ).argParser(destination('exec')),
    )
    .option(
      '--exec-timeout <duration>',
      'stop an --exec command (its whole process group) after this long (default 5m)',
    )
    .option(
      '--record <file>',
      'write a JSON trail: what was rotated, when, by whom, to where, how it ended (no secrets)',
    )
    .option('--dry-run', 'show every step it would take, change nothing')
    .addHelpText(
      'after',
      `
Destinations (any number, applied in the order given): --update-profile, --dotenv,
--sailpoint-config, --exec. The old PAT is deleted only after the replacement's
credentials work and every destination has them; if a step fails, every destination
is put back and the replacement deleted. Without a destination, the new secret is
printed once. Two runs never rotate one PAT at once: the replacement's name holds a
lease in ISC, and a second run exits 7, changing nothing.

Examples:
  patkit rotate 86f1dc6fe8f54414950454cbb11278fa
  patkit rotate --self --update-profile
  patkit rotate --self --if-expiring 30d --dotenv .env --record rotation.json
  patkit rotate --self --if-expiring 30d --exec 'printf %s "$PATKIT_CLIENT_SECRET" | gh secret set SAIL_CLIENT_SECRET'
  patkit rotate --self --sailpoint-config --dry-run
  patkit rotate --self --all-profiles --update-profile      # each profile's own PAT
  patkit rotate --self --all-environments --sailpoint-config   # each sail environment's own PAT`,
    )
    .action(async (id: string | undefined, options) => {
      const { rotate } = await import('./commands/rotate.js');
      result.code = await rotate(id, options, destinations);
    });

  output(tenants(connection(root.command('export'))), 'pats')
    .description('write every PAT audit needs, for offline work (JSON by default)')
    .option('--owner <owner>', 'all (default), me, or an identity: its id, name or alias', 'all')
    .option(
      '--with-identities <file>',
      "also write the PATs' owners, as ISC's identities API gives them, to this file; with several tenants, a file each: {tenant} in the path",
    )
    .addHelpText(
      'after',
      "\nExamples:\n  patkit export > pats.json\n  patkit export --owner me -o ndjson > mine.ndjson\n  patkit export -o ndjson --with-identities identities.json > pats.ndjson\n  patkit export --all-profiles -o ndjson --with-identities 'identities-{tenant}.json' > pats.ndjson",
    )
    .action(async (options) => {
      const { list } = await import('./commands/online.js');
      result.code = await list({ ...options, output: options.output ?? options.format ?? 'json' });
    });

  output(tenants(connection(root.command('list'))), 'pats')
    .description('list PATs')
    .option('--owner <owner>', 'me (default), all, or an identity: its id, name or alias', 'me')
    .option('--unused-since <when>', 'not used since: a duration (90d) or a date; lastUsed is day-granular')
    .option('--never-used', 'never minted an access token')
    .option('--managed', 'only PATs managed by SailPoint')
    .addHelpText(
      'after',
      '\nISC filters lastUsed server-side (lastUsed le, lastUsed isnull); --managed and the two together are filtered here.\n\nExamples:\n  patkit list\n  patkit list --owner all --unused-since 90d --output csv\n  patkit list --never-used --json --fields id,name,created',
    )
    .action(async (options) => {
      const { list } = await import('./commands/online.js');
      result.code = await list(options);
    });

  output(connection(root.command('create')), 'secret')
    .description('create a PAT; its secret is printed once')
    .option('--name <name>', 'the name (required)')
    .option('--scope <scope>', 'a scope (required); repeat for more; sp:scopes:all is every right', collect)
    .option('--expires <when>', 'a duration (90d), a date, or never (default 90d)')
    .option('--validity <duration>', 'lifetime of access tokens: 12h, 3600s (15 s to 12 h)')
    .addHelpText(
      'after',
      '\nExample:\n  patkit create --name "CI pipeline" --scope sp:my-personal-access-tokens:read --expires 90d',
    )
    .action(async (options) => {
      const { create } = await import('./commands/online.js');
      result.code = await create(options);
    });

  output(connection(root.command('rename')), 'pats')
    .description('rename a PAT')
    .argument('<id>')
    .argument('<name>')
    .addHelpText('after', '\nExample:\n  patkit rename 86f1dc6fe8f54414950454cbb11278fa "CI pipeline (prod)"')
    .action(async (id: string, name: string, options) => {
      const { rename } = await import('./commands/online.js');
      result.code = await rename(id, name, options);
    });

  output(connection(root.command('scope')), 'pats')
    .description("change a PAT's scopes")
    .argument('<id>')
    .option('--set <scope>', 'replace the scopes; repeat for more', collect)
    .option('--add <scope>', 'add a scope; repeat for more', collect)
    .option('--remove <scope>', 'remove a scope; repeat for more', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  patkit scope ID --add sp:my-personal-access-tokens:read\n  patkit scope ID --remove sp:scopes:all\n  patkit scope ID --set sp:my-personal-access-tokens:read --set sp:my-personal-access-tokens:manage',
    )
    .action(async (id: string, options) => {
      const { scope } = await import('./commands/online.js');
      result.code = await scope(id, options);
    });

  output(connection(root.command('expire')), 'pats')
    .description('set when a PAT expires: a date, a duration from now (90d), or never')
    .argument('<id>')
    .argument('<when>')
    .addHelpText(
      'after',
      '\nExamples:\n  patkit expire ID 2027-06-30\n  patkit expire ID 90d\n  patkit expire ID never',
    )
    .action(async (id: string, when: string, options) => {
      const { expire } = await import('./commands/online.js');
      result.code = await expire(id, when, options);
    });

  connection(root.command('delete'))
    .description('delete PATs; asks on a terminal, needs --yes otherwise')
    .argument('<ids...>')
    .option('-y, --yes', 'do not ask')
    .option('--dry-run', 'check each id and show what would be deleted, delete nothing')
    .option('--force-self', 'allow deleting the PAT patkit runs as (with --yes, off a terminal)')
    .addHelpText('after', '\nExamples:\n  patkit delete ID --dry-run\n  patkit delete ID1 ID2 --yes')
    .action(async (ids: string[], options) => {
      const { remove } = await import('./commands/online.js');
      result.code = await remove(ids, options);
    });

  root
    .command('completion')
    .description('print a shell completion script')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      '\nExamples:\n  patkit completion bash > /etc/bash_completion.d/patkit\n  patkit completion fish > ~/.config/fish/completions/patkit.fish\n  patkit completion zsh > ~/.zsh/completions/_patkit',
    )
    .action(async (shell: string) => {
      const { completion } = await import('./commands/completion.js');
      result.code = completion(shell, root);
    });

  for (const command of root.commands) {
    const group = commandGroups.find(([, names]) => names.includes(command.name()));
    if (group !== undefined) command.helpGroup(group[0]);
  }
  // Groups in one order, whatever order they were defined in: a command's own options before the ones every command takes.
  const helpOrder = [...commandGroups.map(([heading]) => heading), 'Options:', outputGroup, connectionGroup];
  const help = {
    groupItems<T extends Command | Option>(
      this: Help,
      unsorted: T[],
      visible: T[],
      getGroup: (item: T) => string,
    ): Map<string, T[]> {
      const groups = Help.prototype.groupItems.call(
        this,
        unsorted,
        visible,
        getGroup as (item: Command | Option) => string,
      ) as Map<string, T[]>;
      const rank = (heading: string) => {
        const at = helpOrder.indexOf(heading);
        return at === -1 ? helpOrder.length : at;
      };
      // Commands within a group in the table's order too.
      const within = (heading: string, items: T[]) => {
        const names = commandGroups.find(([name]) => name === heading)?.[1];
        if (names === undefined) return items;
        const at = (item: T) => names.indexOf(item instanceof Command ? item.name() : '');
        return [...items].sort((a, b) => at(a) - at(b));
      };
      return new Map(
        [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([heading, items]) => [heading, within(heading, items)]),
      );
    },
  };
  // Subcommands copied the help settings when they were made: each gets them,
  // and a usage error names the help of the command it happened in.
  const walk = (command: Command, path: string): void => {
    command.configureHelp(help);
    command.showHelpAfterError(`hint: ${path} --help shows its usage`);
    for (const child of command.commands) walk(child, `${path} ${child.name()}`);
  };
  walk(root, 'patkit');
  return root;
}

const secretLike = /(--?[\w-]*(?:secret|password|token)[\w-]*)=[^'"\s]*/gi;

/** An error message with the value of any secret-looking option taken out. */
export function redactSecretOptions(text: string): string {
  return text.replace(secretLike, '$1=…');
}

/** A secret given as a flag: refused without echoing it, with the way that works. */
function secretFlag(args: readonly string[]): string | undefined {
  const flag = args.find((arg) => /^--client-secret(?!-stdin$)(=|$)/.test(arg));
  return flag === undefined ? undefined : flag.split('=')[0];
}

/** Runs patkit with arguments; returns the exit code. Errors are one or two lines, never a stack trace unless --debug. */
export async function run(args: readonly string[]): Promise<number> {
  const result = { code: exitCodes.ok as number };
  const flag = secretFlag(args);
  if (flag !== undefined) {
    process.stderr.write(
      `patkit: ${flag} is not an option: patkit never takes a secret on the command line (shell history, the process list)\nhint: pipe it in: printf %s "$SECRET" | patkit … --client-secret-stdin, or use SAIL_CLIENT_SECRET or a profile\n`,
    );
    return exitCodes.usage;
  }
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
    return reportError(error, args.includes('--debug'));
  }
}
