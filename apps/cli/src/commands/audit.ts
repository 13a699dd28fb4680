import { type OwnerIdentity, ownerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { decodeBatches, decodeJsonValues, formatLocation, SerializerError } from '@patkit/serializer';
import { classifyBatches, heldPats } from '../audit/classify-batches.js';
import {
  defaultPolicy,
  labelList,
  ownerCodes,
  type Policy,
  type Severity,
  severities,
  thresholds,
  thresholdValue,
} from '../audit/findings.js';
import { htmlReport } from '../audit/html-report.js';
import { identitiesRefused, type OwnerLookup, Owners } from '../audit/owners.js';
import { readPolicy } from '../audit/policy.js';
import {
  type AuditSummary,
  FindingLines,
  type FindingRow,
  findingColumns,
  findingRow,
  sumSummaries,
  Tally,
  topOwners,
} from '../audit/tally.js';
import { CliError, usageError } from '../cli-error.js';
import { type ConnectOptions, connect, identitiesLookup, type MetOwners, patBatches } from '../connect.js';
import { exitCodes } from '../exit-codes.js';
import { type OutputOptions, printResult, recordWriter, resolveFormat } from '../output.js';
import { withProgress } from '../progress.js';
import { inputName, inputStream, readInput } from '../read-input.js';
import { markdownTable, type Style, textTable } from '../table.js';
import {
  acrossTenants,
  checkTenantFile,
  manyTenants,
  type TenantOptions,
  tenantFile,
  tenantPlaceholder,
  tenantsExitCode,
} from '../tenants.js';

export interface AuditOptions extends ConnectOptions, OutputOptions {
  readonly owner?: string;
  readonly stale?: string;
  readonly expiring?: string;
  readonly includeManaged?: boolean;
  readonly policy?: string;
  readonly from?: string;
  readonly identities?: string;
  readonly strict?: boolean;
  readonly failOn?: string;
}

/** Invalid items named on stderr one by one, up to this many; the rest are counted. */
const shownInvalid = 20;

/** The PATs of an export, decoded in batches as they are read; a bad item is skipped and counted, or fatal with --strict. */
async function* fromFile(
  file: string,
  strict: boolean,
  tally: Tally,
): AsyncGenerator<GetPersonalAccessTokenResponse[]> {
  const source = inputName(file);
  // 256 KiB reads: fewer trips to the thread pool than the default 64 KiB, and the heap stays small.
  const input = await inputStream(file, 1 << 18);
  const pats = decodeBatches('GetPersonalAccessTokenResponse', input, {
    source,
    ...(strict
      ? { mode: 'strict' as const }
      : {
          mode: 'tolerant' as const,
          skipInvalid: true,
          onWarning: (warning) => {
            if (warning.code !== 'skipped_item') return;
            tally.invalid++;
            if (tally.invalid <= shownInvalid)
              process.stderr.write(`patkit: ${formatLocation(warning)}: ${warning.message}\n`);
          },
        }),
  });
  try {
    yield* pats as AsyncGenerator<GetPersonalAccessTokenResponse[]>;
  } catch (error) {
    if (!(error instanceof SerializerError)) throw error;
    const lines = error.issues.map((issue) => `${formatLocation(issue)}: ${issue.message}`);
    throw new CliError('invalid_input', `${source} is not a PAT export:\n${lines.join('\n')}`, {
      hint: strict ? 'leave out --strict to skip invalid items and audit the rest' : 'patkit export writes one',
    });
  }
}

/** An identities file (a JSON array or NDJSON of ISC identities, as `export --with-identities` writes). */
async function identitiesFile(file: string): Promise<OwnerLookup> {
  const source = inputName(file);
  // Through the serializer: the size, UTF-8 and nesting limits of a PAT file, before anything is parsed.
  const decoded = decodeJsonValues(await readInput(file), { source });
  if (!decoded.ok) {
    const [first] = decoded.errors;
    throw usageError(
      `${source} is not JSON or NDJSON: ${first === undefined ? 'unreadable' : `${formatLocation(first)}: ${first.message}`}`,
      'patkit export --with-identities FILE writes one',
    );
  }
  const items = decoded.value;
  const byId = new Map<string, OwnerIdentity>();
  for (const item of items) {
    const identity = ownerIdentity(item);
    if (identity !== undefined) byId.set(identity.id, identity);
  }
  if (byId.size === 0 && items.length > 0)
    throw usageError(
      `${inputName(file)} holds no identities (objects with an id)`,
      'patkit export --with-identities FILE writes one',
    );
  return async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as OwnerIdentity]] : [])));
}

const skipped = `${labelList(ownerCodes, 'and')} PATs`;

/** Where the PATs come from, and how their owners are looked up. */
async function sources(
  options: AuditOptions,
  tally: Tally,
): Promise<{ pats: AsyncIterable<GetPersonalAccessTokenResponse[]>; lookup: OwnerLookup | undefined }> {
  const file = options.identities === undefined ? undefined : await identitiesFile(options.identities);
  if (file !== undefined) tally.owners = { checked: true, note: `from ${inputName(options.identities as string)}` };
  if (options.from !== undefined) {
    if (file === undefined)
      tally.owners = {
        checked: false,
        note: 'give --identities FILE, which patkit export --with-identities FILE writes',
      };
    return { pats: fromFile(options.from, options.strict === true, tally), lookup: file };
  }
  const { client } = await connect(options);
  const owner = options.owner ?? 'me';
  const met: MetOwners = new Map();
  const pats = patBatches(client, owner, met);
  if (file !== undefined) return { pats, lookup: file };
  if (owner === 'me') {
    tally.owners = { checked: false, note: 'not needed: they are your own PATs' };
    return { pats, lookup: undefined };
  }
  tally.owners = { checked: true, note: "with ISC's identities API" };
  return { pats, lookup: identitiesLookup(client, met) };
}

const order = (a: FindingRow, b: FindingRow) =>
  severities.indexOf(b.severity) - severities.indexOf(a.severity) || a.name.localeCompare(b.name);

const columns = ['severity', 'finding', 'name', 'owner', 'id', 'detail'] as const;

/** Owners shown in the text report: those with the most findings. */
const shownOwners = 10;

function moreOwners(byOwner: Record<string, number>): string {
  const more = Object.keys(byOwner).length - shownOwners;
  return more > 0 ? ` and ${more} more owner(s) (-o json lists all)` : '';
}

/** What the report says besides the counts: the stale threshold, whether owners were checked, what was skipped. */
function notes(s: AuditSummary, policy: Policy): string[] {
  return [
    `stale = not used for ${policy.staleDays} days; lastUsed is recorded once a day, so ages are whole days`,
    `owners ${s.owners.checked ? 'checked' : 'not checked'}${s.owners.note === undefined ? '' : ` (${s.owners.note})`}`,
    ...(s.invalid > 0 ? [`${s.invalid} invalid item(s) of the input skipped`] : []),
  ];
}

/** The report for people (text at a terminal, or markdown for a pull request); --fields picks the columns. */
function report(
  s: AuditSummary,
  rows: readonly FindingRow[],
  policy: Policy,
  markdown: boolean,
  fields: readonly string[] = columns,
  style: Style = { colour: false },
  byTenant: readonly string[] = [],
): string {
  // Both numbers said plainly: findings, and how many of the audited PATs have any.
  const head = `${s.findings} finding(s) on ${s.flagged} of ${s.audited} PAT(s): ${s.bySeverity.high} high, ${s.bySeverity.medium} medium, ${s.bySeverity.low} low`;
  const counts = (title: string, map: Record<string, number>) =>
    `${title}: ${
      Object.entries(map)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`;
  const said = notes(s, policy);
  const table =
    rows.length === 0 ? 'No findings.\n' : markdown ? markdownTable(rows, fields) : textTable(rows, fields, style);
  const intro = markdown
    ? [
        '### patkit audit',
        '',
        `**${head}**`,
        '',
        ...(byTenant.length > 0 ? [`- By tenant: ${byTenant.join('; ')}`] : []),
        `- ${counts('By finding', s.byFinding)}`,
        `- ${counts('By owner', Object.fromEntries(topOwners(s.byOwner, shownOwners)))}${moreOwners(s.byOwner)}`,
        ...said.map((note) => `- ${note}`),
      ]
    : [
        `patkit audit: ${head}`,
        ...(byTenant.length > 0 ? [`  by tenant: ${byTenant.join('; ')}`] : []),
        counts('  by finding', s.byFinding),
        `${counts('  by owner', Object.fromEntries(topOwners(s.byOwner, shownOwners)))}${moreOwners(s.byOwner)}`,
        ...said.map((note) => `  ${note}`),
      ];
  return `${intro.join('\n')}\n\n${table}`;
}

/**
 * When the identities API refuses (the PAT lacks idn:identity:read): one
 * warning, and the audit goes on with what it can check.
 */
function ownersRefused(tally: Tally, prefix = ''): (error: unknown) => void {
  return (error) => {
    const why = identitiesRefused(error);
    if (why === undefined) throw error;
    process.stderr.write(
      `patkit: warning: ${prefix}this PAT cannot read identities (403 from GET ${why}; it needs idn:identity:read): ${skipped} were not looked for\n`,
    );
    tally.owners = { checked: false, note: 'the PAT lacks idn:identity:read' };
  };
}

/**
 * patkit audit: classify every PAT into findings with severities, as the
 * PATs stream by; --fail-on gates CI. NDJSON and CSV are written as findings
 * are found; the other formats sort them first, keeping rows, not PATs.
 */
export async function auditCommand(options: AuditOptions & TenantOptions): Promise<number> {
  // Settle the format first: a wrong one is refused before anything is fetched.
  resolveFormat(options, 'findings');
  const failOn = options.failOn as Severity | 'any' | undefined;
  if (failOn !== undefined && failOn !== 'any' && !severities.includes(failOn))
    throw usageError('--fail-on must be high, medium, low or any');
  let policy = options.policy === undefined ? defaultPolicy : await readPolicy(options.policy);
  for (const { flag, field } of thresholds) {
    const value = flag === undefined ? undefined : (options as Record<string, unknown>)[flag.name];
    if (typeof value === 'string') policy = { ...policy, [field]: thresholdValue(field, value, `--${flag?.name}`) };
  }
  if (options.includeManaged) policy = { ...policy, includeManaged: true };
  const now = Date.now();
  if (manyTenants(options)) return auditTenants(options, policy, failOn, now);
  const tally = new Tally(now);
  const { pats, lookup } = await sources(options, tally);
  const writer = recordWriter('findings', options, findingColumns);
  const lines = writer?.lines === undefined ? undefined : new FindingLines(writer.lines);
  // Written as found, the findings come with no summary: nothing to count per owner.
  tally.countOwners = writer === undefined;
  const kept: FindingRow[] = [];
  const owners = new Owners(lookup, ownersRefused(tally));
  const fails = await withProgress(
    auditing(tally, owners, lookup),
    classifyBatches(pats, { policy, now, failOn, owners, tally, maxHeld: heldPats }, (findings) => {
      // The common case of millions, NDJSON as it is: each line made directly, no row object.
      if (lines !== undefined) for (const finding of findings) lines.write(finding);
      else if (writer !== undefined) for (const finding of findings) writer.write(findingRow(finding));
      else for (const finding of findings) kept.push(findingRow(finding));
    }),
  );
  writer?.end();
  // Nothing was a PAT: an error, not an empty report.
  if (tally.audited === 0 && tally.invalid > 0)
    throw new CliError(
      'invalid_input',
      `no PAT could be read from ${inputName(options.from ?? '-')}: ${tally.invalid} invalid item(s)`,
      { hint: 'patkit export writes one' },
    );
  if (writer === undefined) {
    const summary = tally.summary();
    kept.sort(order);
    await printResult(
      {
        kind: 'findings',
        records: kept as unknown as Record<string, unknown>[],
        columns: findingColumns,
        document: (rows) => ({ summary, findings: rows }),
        human: (format, fields, style) =>
          format === 'html'
            ? htmlReport({ summary, rows: kept, notes: notes(summary, policy), generated: new Date(now) })
            : report(summary, kept, policy, format === 'markdown', fields, style),
      },
      options,
    );
  }
  return fails ? exitCodes.failure : exitCodes.ok;
}

/** On a terminal, how far an audit got (in its tenant's line with several); nothing in a pipe or a CI log. */
function auditing(tally: Tally, owners: Owners, lookup: OwnerLookup | undefined): () => string {
  return () =>
    `auditing: ${tally.audited.toLocaleString('en')} PAT(s) audited${lookup === undefined ? '' : `, ${owners.count.toLocaleString('en')} owner(s) looked up`}`;
}

type TenantRow = FindingRow & { readonly tenant: string; readonly host: string };

/**
 * audit of several tenants, at once: each tenant's PATs and owners from its
 * own API, every row with its tenant, the summary per tenant and overall;
 * --fail-on across them all. NDJSON and CSV are written as findings are
 * found, from every tenant at once; the other formats keep rows to sort.
 */
async function auditTenants(
  options: AuditOptions & TenantOptions,
  policy: Policy,
  failOn: Severity | 'any' | undefined,
  now: number,
): Promise<number> {
  if (options.from !== undefined)
    throw usageError(
      '--from audits one export, not several tenants',
      'audit each export on its own, or drop --profiles to audit one tenant',
    );
  checkTenantFile(
    '--identities',
    options.identities,
    `patkit audit --all-profiles --owner all --identities 'identities/${tenantPlaceholder}.json'`,
  );
  const owner = options.owner ?? 'me';
  const writer = recordWriter('findings', options, ['tenant', 'host', ...findingColumns]);
  let fails = false;
  const run = await acrossTenants(
    options,
    async (tenant) => {
      const tally = new Tally(now);
      tally.countOwners = writer === undefined;
      // Each tenant's owners from its own identities file (as export --with-identities wrote it), else its own API.
      const file = options.identities === undefined ? undefined : tenantFile(options.identities, tenant.name);
      const remote = file === undefined && owner !== 'me';
      const met: MetOwners = new Map();
      const lookup: OwnerLookup | undefined =
        file !== undefined ? await identitiesFile(file) : remote ? identitiesLookup(tenant.client, met) : undefined;
      tally.owners =
        file !== undefined
          ? { checked: true, note: `from ${inputName(file)}` }
          : remote
            ? { checked: true, note: "with ISC's identities API" }
            : { checked: false, note: 'not needed: they are your own PATs' };
      const owners = new Owners(lookup, ownersRefused(tally, `tenant ${tenant.name}: `));
      const rows: TenantRow[] = [];
      const lines = writer?.lines === undefined ? undefined : new FindingLines(writer.lines, tenant);
      const batches = patBatches(tenant.client, owner, met);
      // Tenants at once share what is held while owners are looked up.
      const classifying = { policy, now, failOn, owners, tally, maxHeld: Math.floor(heldPats / tenant.atOnce) };
      const classified = classifyBatches(batches, classifying, (findings) => {
        // NDJSON as it is: each line made directly, as for one tenant.
        if (lines !== undefined) for (const finding of findings) lines.write(finding);
        else
          for (const finding of findings) {
            const row = { tenant: tenant.name, host: tenant.host, ...findingRow(finding) };
            if (writer === undefined) rows.push(row);
            else writer.write(row);
          }
      });
      fails ||= await withProgress(auditing(tally, owners, lookup), classified);
      return { rows, audited: tally.audited, summary: writer === undefined ? tally.summary() : undefined };
    },
    ({ audited }) => `done: ${audited.toLocaleString('en')} PAT(s)`,
  );
  writer?.end();
  if (writer === undefined) {
    const tenants = run.done.map(({ tenant, value }) => ({
      tenant: tenant.name,
      host: tenant.host,
      summary: value.summary as AuditSummary,
    }));
    const summary = sumSummaries(tenants.map((one) => one.summary));
    const rows = run.done.flatMap(({ value }) => value.rows).sort(order);
    const byTenant = tenants.map(
      ({ tenant, summary: s }) => `${tenant} ${s.findings} finding(s) on ${s.flagged} of ${s.audited} PAT(s)`,
    );
    await printResult(
      {
        kind: 'findings',
        records: rows as unknown as Record<string, unknown>[],
        columns: ['tenant', 'host', ...findingColumns],
        document: (picked) => ({ summary, tenants, findings: picked }),
        human: (format, fields, style) =>
          format === 'html'
            ? htmlReport({
                summary,
                rows,
                notes: [`by tenant: ${byTenant.join('; ')}`, ...notes(summary, policy)],
                generated: new Date(now),
                tenants,
              })
            : report(summary, rows, policy, format === 'markdown', fields ?? ['tenant', ...columns], style, byTenant),
      },
      options,
    );
  }
  return tenantsExitCode(run, fails ? exitCodes.failure : exitCodes.ok);
}
