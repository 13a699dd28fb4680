import { writeFile } from 'node:fs/promises';
import { identityJson, lastUsed, type PatClient } from '@patkit/client';
import type { ApiVersion, GetPersonalAccessTokenResponse } from '@patkit/model';
import { closestKnownScope, isKnownScope } from '@patkit/model/core';
import { relativeTime } from '@patkit/model/time';
import { identitiesRefused } from '../audit/owners.js';
import { CliError, usageError } from '../cli-error.js';
import { confirmDeletion } from '../confirm-deletion.js';
import { type ConnectOptions, connect, listPats, streamPats } from '../connect.js';
import { parseMoment, parseSeconds } from '../durations.js';
import { exitCodes } from '../exit-codes.js';
import {
  type OutputOptions,
  printFacts,
  printFactsOfTenants,
  printPat,
  printPatStream,
  printPatsOfTenants,
  printSecret,
  resolveFormat,
  stdoutReady,
  type TenantPat,
  tenantPatWriter,
} from '../output.js';
import { withProgress } from '../progress.js';
import { errorLine, exitCodeOf } from '../report-error.js';
import { patColumns } from '../result-fields.js';
import { textTable } from '../table.js';
import {
  acrossTenants,
  checkTenantFile,
  manyTenants,
  type TenantOptions,
  tenantFile,
  tenantPlaceholder,
  tenantsExitCode,
} from '../tenants.js';
import { tokenClaims } from '../token-claims.js';

type Common = ConnectOptions & OutputOptions;

/** A scope no operation of ISC's API asks for is most likely a typo: say so, and go on (ISC decides). */
function warnUnknownScopes(scopes: readonly string[]): void {
  for (const scope of scopes) {
    if (isKnownScope(scope)) continue;
    const near = closestKnownScope(scope);
    process.stderr.write(
      `patkit: warning: ${scope} is not a scope that SailPoint's API specs name${near === undefined ? '' : ` — did you mean ${near}?`}; no API operation asks for it\n`,
    );
  }
}

export interface ListOptions extends Common {
  readonly owner?: string;
  readonly unusedSince?: string;
  readonly neverUsed?: boolean;
  readonly managed?: boolean;
  /** export: also write the owners of the PATs listed, as ISC's identities API gives them, to this file. */
  readonly withIdentities?: string;
}

/**
 * patkit list. `--unused-since` and `--never-used` alone go to ISC as its two
 * filters (lastUsed le, lastUsed isnull); together, and `--managed`, are
 * applied here after listing.
 */
/** The PATs `list` shows of one tenant: ISC filters lastUsed; --managed and the two together are applied here. */
function listed(
  client: PatClient<ApiVersion>,
  options: ListOptions,
  now: number,
  owners?: Set<string>,
): AsyncIterable<GetPersonalAccessTokenResponse> {
  const owner = options.owner ?? 'me';
  const since =
    options.unusedSince === undefined ? undefined : parseMoment(options.unusedSince, '--unused-since', now, -1);
  const serverFilter =
    since !== undefined && !options.neverUsed
      ? lastUsed.le(since)
      : options.neverUsed && since === undefined
        ? lastUsed.isNull()
        : undefined;
  const pats = streamPats(client, owner, serverFilter === undefined ? {} : { filters: serverFilter });
  // Filters ISC does not have are applied as PATs arrive.
  async function* shown() {
    for await (const pat of pats) {
      if (
        (!options.managed || pat.managed === true) &&
        (since === undefined ||
          !options.neverUsed ||
          pat.lastUsed === null ||
          pat.lastUsed === undefined ||
          pat.lastUsed <= since)
      ) {
        if (owners !== undefined && pat.owner.id !== undefined) owners.add(pat.owner.id);
        yield pat;
      }
    }
  }
  return shown();
}

/** list and export of several tenants: NDJSON and CSV as the PATs come, from every tenant at once; the other formats at the end. */
async function listTenants(options: ListOptions & TenantOptions, now: number): Promise<number> {
  const { withIdentities } = options;
  checkTenantFile(
    '--with-identities',
    withIdentities,
    `patkit export --all-profiles -o ndjson --with-identities 'identities/${tenantPlaceholder}.json'`,
  );
  resolveFormat(options, 'pats');
  const write = tenantPatWriter(options, patColumns());
  const run = await acrossTenants(
    options,
    async (tenant) => {
      // Written as they come, a tenant's PATs are counted, not kept.
      const pats: TenantPat[] = [];
      let count = 0;
      // Checked before the list is read: a name that cannot be a file's fails its tenant at once.
      const file = withIdentities === undefined ? undefined : tenantFile(withIdentities, tenant.name);
      const owners = new Set<string>();
      const read = async () => {
        for await (const pat of listed(tenant.client, options, now, file === undefined ? undefined : owners)) {
          const one = { tenant: tenant.name, host: tenant.host, pat };
          if (write === undefined) pats.push(one);
          else {
            write(one);
            await stdoutReady();
          }
          count++;
        }
      };
      await withProgress(() => `fetching: ${count.toLocaleString('en')} PAT(s)`, read());
      if (file !== undefined) await writeIdentities(tenant.client, owners, file, `tenant ${tenant.name}: `);
      return { pats, count };
    },
    ({ count }) => `done: ${count.toLocaleString('en')} PAT(s)`,
  );
  if (write !== undefined) write.end();
  else
    await printPatsOfTenants(
      run.done.flatMap(({ value }) => value.pats),
      options,
      now,
    );
  return tenantsExitCode(run);
}

export async function list(options: ListOptions & TenantOptions): Promise<number> {
  const now = Date.now();
  // A bad duration is refused before anything is read or fetched.
  if (options.unusedSince !== undefined) parseMoment(options.unusedSince, '--unused-since', now, -1);
  if (manyTenants(options)) return listTenants(options, now);
  const { client } = await connect(options);
  const owners = new Set<string>();
  await printPatStream(
    listed(client, options, now, options.withIdentities === undefined ? undefined : owners),
    options,
    now,
  );
  if (options.withIdentities !== undefined) await writeIdentities(client, owners, options.withIdentities);
  return exitCodes.ok;
}

/** export --with-identities: the owners of the PATs written, as ISC's identities API gives them, to `file`. */
async function writeIdentities(
  client: PatClient<ApiVersion>,
  owners: ReadonlySet<string>,
  file: string,
  prefix = '',
): Promise<void> {
  const found = await client.identities(owners).catch((error: unknown) => {
    const path = identitiesRefused(error);
    if (path === undefined) throw error;
    throw new CliError(
      'forbidden',
      `the PATs were written, ${file} was not: reading identities needs idn:identity:read (403 from ${path})`,
      { exitCode: exitCodes.auth, hint: "use a PAT with idn:identity:read (an admin's)", cause: error },
    );
  });
  // What audit --identities reads: each owner as the API gives it, in the fields patkit uses.
  const identities = [...found.values()].map(identityJson);
  await writeFile(file, `${JSON.stringify(identities, null, 2)}\n`);
  process.stderr.write(
    `patkit: ${prefix}wrote ${identities.length} of ${owners.size} owner(s) to ${file}${found.size < owners.size ? ` (${owners.size - found.size} resolve to no identity)` : ''}\n`,
  );
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
    throw usageError(
      '--name is required',
      'patkit create --name "CI pipeline" --scope sp:my-personal-access-tokens:read --expires 90d',
    );
  // A PAT can do all its scopes allow: the choice is the user's, never ISC's default of everything.
  if (options.scope === undefined)
    throw usageError(
      '--scope is required: a PAT can do whatever its scopes allow, so choose the least it needs',
      [
        'for example:',
        '  --scope sp:my-personal-access-tokens:read     read your own PATs (patkit list, audit)',
        '  --scope sp:my-personal-access-tokens:manage   also create, change and delete them (patkit rotate --self)',
        '  --scope idn:identity:read                     read identities (audit of owners who left)',
        '  --scope sp:scopes:all                         every right of the owner: what ISC gives without a scope',
        'repeat --scope for more than one',
      ].join('\n'),
    );
  const now = Date.now();
  const expires = options.expires ?? '90d';
  const expiry =
    expires === 'never'
      ? { expirationDate: null, userAwareTokenNeverExpires: true }
      : { expirationDate: parseMoment(expires, '--expires', now, 1) };
  const validity =
    options.validity === undefined ? {} : { accessTokenValiditySeconds: parseSeconds(options.validity, '--validity') };
  const { client } = await connect(options);
  warnUnknownScopes(options.scope);
  const created = await client.create({
    name: options.name as string,
    scope: options.scope,
    ...validity,
    ...expiry,
  } as never);
  await printSecret(created, options);
  process.stderr.write('patkit: this is the only time the secret is shown; store it now.\n');
  return exitCodes.ok;
}

export async function rename(id: string, name: string, options: Common): Promise<number> {
  const { client } = await connect(options);
  const pat = await client.rename(id, name);
  await printPat(pat as GetPersonalAccessTokenResponse, options, Date.now());
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
  warnUnknownScopes([...(options.set ?? []), ...(options.add ?? [])]);
  const { client } = await connect(options);
  let pat: unknown;
  if (options.set) pat = await client.setScope(id, options.set as string[]);
  else if (options.add) {
    for (const s of options.add) pat = await client.addScope(id, s);
  } else {
    for (const s of options.remove ?? []) {
      const current = (await client.list({ ownerId: 'me' })).find((p) => p.id === id);
      if (current === undefined)
        throw new CliError('not_found', `you have no PAT with the id ${id}`, { exitCode: exitCodes.notFound });
      // No scope left would not mean none: ISC then mints tokens with sp:scopes:all.
      if (current.scope !== null && current.scope.length === 1 && current.scope[0] === s)
        throw usageError(
          `${s} is the last scope of ${current.name}: without one, ISC grants sp:scopes:all`,
          `give it another first: patkit scope ${id} --add SCOPE, or --set the scopes it needs`,
        );
      pat = await client.removeScope(current, s);
    }
  }
  await printPat(pat as GetPersonalAccessTokenResponse, options, Date.now());
  return exitCodes.ok;
}

export async function expire(id: string, when: string, options: Common): Promise<number> {
  const expiry = when === 'never' ? undefined : parseMoment(when, 'DATE', Date.now(), 1);
  const { client } = await connect(options);
  if (!client.hasExpiry())
    throw usageError(
      `API version ${client.apiVersion} cannot change a PAT's expiry`,
      'use --api-version v2025 or later (or set apiVersion in the profile)',
    );
  const pat = await (expiry === undefined ? client.setNeverExpires(id) : client.setExpiration(id, expiry));
  await printPat(pat as GetPersonalAccessTokenResponse, options, Date.now());
  return exitCodes.ok;
}

export interface DeleteOptions extends Common {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly forceSelf?: boolean;
}

/** The PATs behind ids, as far as this PAT may see them: its owner's, then the tenant's when it may list those. */
async function lookUp(client: Awaited<ReturnType<typeof connect>>['client'], ids: readonly string[]) {
  const found = new Map<string, GetPersonalAccessTokenResponse>();
  const take = (pats: readonly unknown[]) => {
    for (const pat of pats as GetPersonalAccessTokenResponse[]) if (ids.includes(pat.id)) found.set(pat.id, pat);
  };
  take(await listPats(client, 'me'));
  if (ids.some((id) => !found.has(id))) take(await listPats(client, 'all').catch(() => []));
  return found;
}

/**
 * patkit delete ID...: names each PAT (name, owner, last used) before it
 * goes; asks on a terminal, needs --yes otherwise; --dry-run checks each id
 * and deletes nothing. The PAT patkit runs as needs --force-self as well.
 */
export async function remove(ids: readonly string[], options: DeleteOptions): Promise<number> {
  if (ids.length === 0) throw usageError('give the id of at least one PAT to delete');
  const { client } = await connect(options);
  const found = await lookUp(client, ids);
  const now = Date.now();
  const self = client.config.clientId;
  const describe = (id: string) => {
    const pat = found.get(id);
    if (pat === undefined) return `${id}  (no such PAT, or not one this PAT may see)`;
    return `${id}  ${pat.name}  (owner ${pat.owner.name ?? pat.owner.id}, last used ${relativeTime(pat.lastUsed, now)})${id === self ? '  ← the PAT patkit is running as' : ''}`;
  };
  const missing = ids.filter((id) => !found.has(id));
  if (options.dryRun) {
    for (const id of ids) if (found.has(id)) process.stdout.write(`would delete ${describe(id)}\n`);
    for (const id of missing) process.stderr.write(`patkit: ${describe(id)}\n`);
    return missing.length === 0 ? exitCodes.ok : exitCodes.notFound;
  }
  if (ids.includes(self) && !options.forceSelf && !(options.yes === undefined && process.stdin.isTTY)) {
    throw usageError(
      `${self} is the PAT patkit is running as: deleting it ends this access`,
      'pass --yes --force-self to delete it anyway (a terminal asks instead)',
    );
  }
  const go = await confirmDeletion(
    options.yes,
    ids.length,
    `Delete ${ids.length} PAT(s)?\n${ids.map((id) => `  ${describe(id)}`).join('\n')}\n${ids.includes(self) ? 'One of them is the PAT patkit is running as. ' : ''}Delete`,
    'not a terminal (or CI=true): pass --yes, or --dry-run to see what would go',
  );
  if (!go) return exitCodes.declined;
  let failed = 0;
  let notFound = 0;
  for (const id of ids) {
    try {
      await client.delete(id);
      process.stdout.write(`deleted ${id}\n`);
    } catch (error) {
      failed++;
      if (exitCodeOf(error) === exitCodes.notFound) notFound++;
      process.stderr.write(`patkit: ${id}: ${errorLine(error)}\n`);
    }
  }
  // Exit 3 when what failed is that PATs do not exist, as every command says of a missing PAT.
  return failed === 0 ? exitCodes.ok : notFound === failed ? exitCodes.notFound : exitCodes.failure;
}

/** What whoami says of one tenant: its facts, and the lines a person reads. */
async function whoamiFacts(
  client: PatClient<ApiVersion>,
  sources: Readonly<Record<'baseUrl' | 'clientId' | 'clientSecret', string>>,
) {
  const token = await client.mintToken();
  const claims = tokenClaims(token.access_token);
  const own = await client.list({ ownerId: 'me' }).then(
    (pats) => pats.find((pat) => pat.id === client.config.clientId),
    () => undefined,
  );
  const now = Date.now();
  const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
  const facts = {
    baseUrl: client.config.baseUrl,
    clientId: client.config.clientId,
    sources,
    apiVersion: client.apiVersion,
    token: {
      user: token.user_name ?? claims.user_name,
      identityId: token.identity_id ?? claims.identity_id,
      tenantId: token.tenant_id ?? claims.tenant_id,
      scope: token.scope,
      expires: exp,
    },
    pat:
      own === undefined
        ? null
        : {
            name: own.name,
            owner: own.owner.name ?? own.owner.id,
            expires: own.expirationDate ?? null,
            lastUsed: own.lastUsed ?? null,
          },
  };
  const patLine =
    own === undefined
      ? "(not visible with this PAT's scopes)"
      : `${own.name}, owned by ${facts.pat?.owner}, ${own.expirationDate ? `expires ${relativeTime(own.expirationDate, now)}` : 'never expires'}`;
  const lines = [
    `base URL     ${facts.baseUrl}   (${sources.baseUrl})`,
    `client id    ${facts.clientId}   (${sources.clientId})`,
    `secret       from ${sources.clientSecret}`,
    `API version  ${facts.apiVersion}`,
    `user         ${facts.token.user ?? '?'} (${facts.token.identityId ?? '?'})`,
    `scope        ${facts.token.scope ?? '?'}`,
    `token until  ${exp ?? '?'}`,
    `PAT          ${patLine}`,
  ];
  return { facts, lines, patLine };
}

/** patkit whoami: where the settings came from, the token's claims, and the PAT itself; a line per tenant for several. */
export async function whoami(options: Common & TenantOptions): Promise<number> {
  if (manyTenants(options)) {
    const run = await acrossTenants(options, async (tenant) => ({
      tenant,
      ...(await whoamiFacts(tenant.client, tenant.client.config.sources)),
    }));
    const rows = run.done.map(({ value: { tenant, facts, patLine } }) => ({
      tenant: tenant.name,
      host: tenant.host,
      user: String(facts.token.user ?? '?'),
      version: facts.apiVersion,
      pat: patLine,
    }));
    await printFactsOfTenants(
      run.done.map(({ value: { tenant, facts } }) => ({ tenant: tenant.name, host: tenant.host, ...facts })),
      textTable(rows, ['tenant', 'host', 'user', 'version', 'pat'], { colour: false }),
      options,
    );
    return tenantsExitCode(run);
  }
  const { client, sources } = await connect(options);
  const { facts, lines } = await whoamiFacts(client, sources);
  await printFacts(facts, `${lines.join('\n')}\n`, options);
  return exitCodes.ok;
}
