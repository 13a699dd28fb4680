import { createInterface } from 'node:readline/promises';
import { lastUsed } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { encode } from '@patkit/serializer';
import { CliError, usageError } from '../cli-error.js';
import { asCliError, type ConnectOptions, connect } from '../connect.js';
import { parseSeconds, parseSince, parseUntil } from '../durations.js';
import { exitCodes } from '../exit-codes.js';
import { chooseFormat, type OutputOptions, printPats } from '../output.js';

type Common = ConnectOptions & OutputOptions;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asCliError(error);
  }
}

export interface ListOptions extends Common {
  readonly owner?: string;
  readonly unusedSince?: string;
  readonly neverUsed?: boolean;
  readonly managed?: boolean;
}

/**
 * patkit list. `--unused-since` and `--never-used` alone go to ISC as its two
 * filters (lastUsed le, lastUsed isnull); together, and `--managed`, are
 * applied here after listing.
 */
export async function list(options: ListOptions): Promise<number> {
  const client = await connect(options);
  const now = Date.now();
  const owner = options.owner ?? 'me';
  const since = options.unusedSince === undefined ? undefined : parseSince(options.unusedSince, '--unused-since', now);
  const serverFilter =
    since !== undefined && !options.neverUsed
      ? lastUsed.le(since)
      : options.neverUsed && since === undefined
        ? lastUsed.isNull()
        : undefined;
  const pats = await guarded(() =>
    client.list({
      ...(owner === 'all' ? {} : { ownerId: owner }),
      ...(serverFilter === undefined ? {} : { filters: serverFilter }),
    }),
  );
  const shown = pats.filter(
    (pat) =>
      (!options.managed || pat.managed === true) &&
      (since === undefined ||
        !options.neverUsed ||
        pat.lastUsed === null ||
        pat.lastUsed === undefined ||
        pat.lastUsed <= since),
  );
  await printPats(shown as GetPersonalAccessTokenResponse[], options, now);
  return exitCodes.ok;
}

export interface CreateOptions extends Common {
  readonly name?: string;
  readonly scope?: string[];
  readonly expires?: string;
  readonly validity?: string;
}

/** patkit create: the secret goes to stdout once; a warning to stderr says it cannot be shown again. */
export async function create(options: CreateOptions): Promise<number> {
  if (options.name === undefined)
    throw usageError('--name is required', 'patkit create --name "CI pipeline" --expires 90d');
  const client = await connect(options);
  const now = Date.now();
  const expires = options.expires ?? '90d';
  const expiry =
    expires === 'never'
      ? { expirationDate: null, userAwareTokenNeverExpires: true }
      : { expirationDate: parseUntil(expires, '--expires', now) };
  const created = await guarded(() =>
    client.create({
      name: options.name as string,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      ...(options.validity === undefined
        ? {}
        : { accessTokenValiditySeconds: parseSeconds(options.validity, '--validity') }),
      ...expiry,
    } as never),
  );
  const format = chooseFormat(options);
  if (format === 'table') process.stdout.write(`id      ${created.id}\nsecret  ${created.secret}\n`);
  else process.stdout.write(`${encode('CreatePersonalAccessTokenResponse', created, { indent: 2 })}\n`);
  process.stderr.write('patkit: this is the only time the secret is shown; store it now.\n');
  return exitCodes.ok;
}

export async function rename(id: string, name: string, options: Common): Promise<number> {
  const client = await connect(options);
  const pat = await guarded(() => client.rename(id, name));
  await printPats([pat as GetPersonalAccessTokenResponse], options, Date.now());
  return exitCodes.ok;
}

export interface ScopeOptions extends Common {
  readonly set?: string[];
  readonly add?: string[];
  readonly remove?: string[];
}

export async function scope(id: string, options: ScopeOptions): Promise<number> {
  const given = [options.set, options.add, options.remove].filter((list) => list !== undefined);
  if (given.length !== 1)
    throw usageError(
      'give exactly one of --set, --add or --remove',
      'patkit scope ID --add sp:my-personal-access-tokens:read',
    );
  const client = await connect(options);
  let pat: unknown;
  if (options.set) pat = await guarded(() => client.setScope(id, options.set as string[]));
  else if (options.add) {
    for (const s of options.add) pat = await guarded(() => client.addScope(id, s));
  } else {
    for (const s of options.remove ?? []) {
      const current = (await guarded(() => client.list({ ownerId: 'me' }))).find((p) => p.id === id);
      if (current === undefined)
        throw new CliError('not_found', `you have no PAT with the id ${id}`, { exitCode: exitCodes.notFound });
      pat = await guarded(() => client.removeScope(current, s));
    }
  }
  await printPats([pat as GetPersonalAccessTokenResponse], options, Date.now());
  return exitCodes.ok;
}

export async function expire(id: string, when: string, options: Common): Promise<number> {
  const client = await connect(options);
  const pat = await guarded(() =>
    when === 'never' ? client.setNeverExpires(id) : client.setExpiration(id, parseUntil(when, 'DATE', Date.now())),
  );
  await printPats([pat as GetPersonalAccessTokenResponse], options, Date.now());
  return exitCodes.ok;
}

export interface DeleteOptions extends Common {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

function interactive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true && process.env.CI !== 'true';
}

/** patkit delete ID...: asks on a terminal, needs --yes otherwise; --dry-run deletes nothing. */
export async function remove(ids: readonly string[], options: DeleteOptions): Promise<number> {
  if (ids.length === 0) throw usageError('give the id of at least one PAT to delete');
  if (options.dryRun) {
    for (const id of ids) process.stdout.write(`would delete ${id}\n`);
    return exitCodes.ok;
  }
  if (!options.yes) {
    if (!interactive())
      throw usageError(
        `refusing to delete ${ids.length} PAT(s) without --yes`,
        'not a terminal (or CI=true): pass --yes, or --dry-run to see what would go',
      );
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question(`Delete ${ids.length} PAT(s): ${ids.join(', ')}? [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stderr.write('patkit: nothing deleted\n');
      return exitCodes.failure;
    }
  }
  const client = await connect(options);
  let failed = 0;
  for (const id of ids) {
    try {
      await client.delete(id);
      process.stdout.write(`deleted ${id}\n`);
    } catch (error) {
      failed++;
      const cli = asCliError(error);
      process.stderr.write(`patkit: ${id}: ${cli instanceof Error ? cli.message : String(cli)}\n`);
    }
  }
  return failed === 0 ? exitCodes.ok : exitCodes.failure;
}
