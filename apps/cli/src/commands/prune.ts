import type { PatClient } from '@patkit/client';
import type { ApiVersion, GetPersonalAccessTokenResponse } from '@patkit/model';
import { checkTrailPath } from '../atomic-file.js';
import {
  audit,
  defaultPolicy,
  type Finding,
  type FindingCode,
  ownerCodes,
  type Policy,
  prunableCodes,
  pruneFlag,
  ruleOf,
  thresholdValue,
} from '../audit/findings.js';
import { identitiesRefused, Owners } from '../audit/owners.js';
import { CliError, usageError } from '../cli-error.js';
import { confirmDeletion } from '../confirm-deletion.js';
import { connect, identitiesLookup, listPats, type MetOwners } from '../connect.js';
import { exitCodes } from '../exit-codes.js';
import { PruneTrail } from '../prune/trail.js';
import { errorLine } from '../report-error.js';
import { acrossTenants, manyTenants, type TenantOptions, tenantsExitCode } from '../tenants.js';

export interface PruneOptions extends TenantOptions {
  readonly owner?: string;
  readonly stale?: string | boolean;
  readonly neverUsed?: boolean;
  readonly expired?: boolean;
  readonly includeManaged?: boolean;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly record?: string;
  readonly concurrency?: string;
}

/** Runs `work` over items, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(workers);
}

/** What prune would delete of one tenant, and why: its PATs (owners looked up when asked for) through audit's rules. */
async function plan(
  client: PatClient<ApiVersion>,
  options: PruneOptions,
  wanted: ReadonlySet<FindingCode>,
  policy: Policy,
): Promise<{ doomed: GetPersonalAccessTokenResponse[]; reasons: Map<string, Finding[]> }> {
  const met: MetOwners = new Map();
  const pats = await listPats(client, options.owner ?? 'me', undefined, met);
  // The owner findings need the owners, from ISC's identities API.
  const owners = new Owners(
    ownerCodes.some((code) => wanted.has(code)) ? identitiesLookup(client, met) : undefined,
    (error) => {
      const path = identitiesRefused(error);
      if (path === undefined) throw error;
      const flags = [...wanted].filter((code) => ownerCodes.includes(code)).map(pruneFlag);
      throw new CliError(
        'forbidden',
        `${flags.join(' and ')} ${flags.length > 1 ? 'need' : 'needs'} to read identities (403 from ${path})`,
        {
          exitCode: exitCodes.auth,
          hint: "use a PAT with idn:identity:read (an admin's), or leave that flag out",
          cause: error,
        },
      );
    },
  );
  await owners.learn(pats);
  const reasons = new Map<string, Finding[]>();
  for (const finding of audit(pats, policy, Date.now(), (pat) => owners.of(pat))) {
    if (!wanted.has(finding.code) || finding.pat.id === client.config.clientId) continue;
    reasons.set(finding.pat.id, [...(reasons.get(finding.pat.id) ?? []), finding]);
  }
  return { doomed: pats.filter((pat) => reasons.has(pat.id)), reasons };
}

/** Deletes the PATs, at most `concurrency` at once, each written to the trail; a line per PAT, then the counts. */
async function deleteAll(
  client: PatClient<ApiVersion>,
  doomed: readonly GetPersonalAccessTokenResponse[],
  reasons: ReadonlyMap<string, Finding[]>,
  concurrency: number,
  trail: PruneTrail | undefined,
  tenant?: string,
): Promise<{ done: number; failed: number }> {
  const label = tenant === undefined ? '' : `[${tenant}] `;
  let failed = 0;
  let done = 0;
  const progress = process.stderr.isTTY
    ? setInterval(() => process.stderr.write(`\r${done}/${doomed.length} deleted`), 1000)
    : undefined;
  await pool(doomed, concurrency, async (pat) => {
    const reasonsFor = (reasons.get(pat.id) ?? []).map((f) => ({ finding: f.code, detail: f.detail }));
    trail?.start({ id: pat.id, name: pat.name, owner: pat.owner, reasons: reasonsFor });
    try {
      await client.delete(pat.id);
      done++;
      trail?.done(pat.id);
      process.stdout.write(`deleted ${label}${pat.id} ${pat.name}\n`);
    } catch (error) {
      failed++;
      trail?.fail(pat.id, errorLine(error));
      process.stderr.write(`patkit: could not delete ${label}${pat.id}: ${errorLine(error)}\n`);
    }
  });
  if (progress !== undefined) {
    clearInterval(progress);
    process.stderr.write('\n');
  }
  process.stderr.write(`patkit: ${label}deleted ${done}, failed ${failed}\n`);
  return { done, failed };
}

/**
 * patkit prune: deletes what audit flags as stale, never used or expired
 * (those asked for), after showing the list; asks on a terminal, needs --yes
 * otherwise; --record writes a JSON trail of what was deleted, when, by whom and why.
 */
export async function prune(options: PruneOptions): Promise<number> {
  // Each prunable finding is asked for by its flag (commander's camelCase key); one with a threshold may set it.
  const wanted = new Set<FindingCode>();
  let policy: Policy = { ...defaultPolicy, includeManaged: options.includeManaged === true };
  for (const code of prunableCodes) {
    const value = (options as Record<string, unknown>)[code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (value === undefined || value === false) continue;
    wanted.add(code);
    const { threshold } = ruleOf(code);
    if (typeof value === 'string' && threshold !== undefined)
      policy = { ...policy, [threshold.field]: thresholdValue(threshold.field, value, pruneFlag(code)) };
  }
  if (wanted.size === 0) {
    const flags = prunableCodes.map(
      (code) => `${pruneFlag(code)}${ruleOf(code).threshold?.flag ? ` [${ruleOf(code).threshold?.default}]` : ''}`,
    );
    throw usageError(`say what to prune: ${flags.slice(0, -1).join(', ')} and/or ${flags.at(-1)}`);
  }
  const concurrency = Number(options.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw usageError('--concurrency must be from 1 to 16');
  if (manyTenants(options)) return pruneTenants(options, wanted, policy, concurrency);
  // --dry-run writes no trail, but its path gets the checks a real run's does.
  if (options.record !== undefined && options.dryRun) checkTrailPath(options.record, 'nothing was deleted');
  const { client, sources } = await connect(options);
  // The trail's file is written before anything is listed or deleted: a path that cannot be written stops here.
  const trail =
    options.record === undefined || options.dryRun
      ? undefined
      : new PruneTrail(options.record, {
          baseUrl: client.config.baseUrl,
          by: client.config.clientId,
          byFrom: sources.clientId,
        });
  const { doomed, reasons } = await plan(client, options, wanted, policy);
  if (doomed.length === 0) {
    trail?.finish('finished');
    process.stderr.write('patkit: nothing to prune\n');
    return exitCodes.ok;
  }
  process.stderr.write(`patkit: ${options.dryRun ? 'would delete' : 'will delete'} ${doomed.length} PAT(s):\n`);
  for (const pat of doomed) {
    const why = (reasons.get(pat.id) ?? []).map((f) => f.detail).join('; ');
    process.stderr.write(`  ${pat.id}  ${pat.name}  (${pat.owner.name ?? pat.owner.id}): ${why}\n`);
  }
  if (options.dryRun) return exitCodes.ok;
  const go = await confirmDeletion(
    options.yes,
    doomed.length,
    `Delete these ${doomed.length} PAT(s)?`,
    'run with --dry-run first, then --yes',
  );
  if (!go) {
    trail?.finish('declined');
    return exitCodes.declined;
  }
  // Ctrl-C mid-run: the trail says so, with what was done up to then.
  const interrupted = () => {
    trail?.finish('interrupted');
    process.stderr.write('\npatkit: interrupted; the trail has what was done\n');
    process.exit(exitCodes.interrupted);
  };
  process.once('SIGINT', interrupted);
  const { failed } = await deleteAll(client, doomed, reasons, concurrency, trail);
  process.removeListener('SIGINT', interrupted);
  trail?.finish('finished');
  return failed === 0 ? exitCodes.ok : exitCodes.failure;
}

/**
 * prune of several tenants: each tenant planned at once, one list naming
 * the tenant of each PAT, one confirmation, then each tenant's deletions.
 */
async function pruneTenants(
  options: PruneOptions,
  wanted: ReadonlySet<FindingCode>,
  policy: Policy,
  concurrency: number,
): Promise<number> {
  if (options.record !== undefined)
    throw usageError('--record keeps the trail of one tenant', 'prune each tenant with --profile NAME --record FILE');
  const run = await acrossTenants(
    options,
    (tenant) => plan(tenant.client, options, wanted, policy),
    ({ doomed }) => `done: ${doomed.length.toLocaleString('en')} to delete`,
  );
  // Profiles or environments of one tenant (one API host) list the same PATs: each is deleted once, by the first.
  const listedBy = new Map<string, string>();
  const planned = run.done
    .map(({ tenant, value }) => {
      const others = new Set<string>();
      const doomed = value.doomed.filter((pat) => {
        const first = listedBy.get(`${tenant.host} ${pat.id}`);
        if (first === undefined) listedBy.set(`${tenant.host} ${pat.id}`, tenant.name);
        else others.add(first);
        return first === undefined;
      });
      if (others.size > 0)
        process.stderr.write(
          `patkit: tenant ${tenant.name}: ${value.doomed.length - doomed.length} of its PAT(s) to delete are listed with tenant ${[...others].join(', ')} (the same API host)\n`,
        );
      return { tenant, value: { ...value, doomed } };
    })
    .filter(({ value }) => value.doomed.length > 0);
  const total = planned.reduce((n, { value }) => n + value.doomed.length, 0);
  if (total === 0) {
    process.stderr.write('patkit: nothing to prune\n');
    return tenantsExitCode(run);
  }
  const tenants = planned.map(({ tenant }) => tenant.name);
  process.stderr.write(
    `patkit: ${options.dryRun ? 'would delete' : 'will delete'} ${total} PAT(s) in ${tenants.length} tenant(s):\n`,
  );
  for (const { tenant, value } of planned)
    for (const pat of value.doomed) {
      const why = (value.reasons.get(pat.id) ?? []).map((f) => f.detail).join('; ');
      process.stderr.write(`  [${tenant.name}] ${pat.id}  ${pat.name}  (${pat.owner.name ?? pat.owner.id}): ${why}\n`);
    }
  if (options.dryRun) return tenantsExitCode(run);
  const go = await confirmDeletion(
    options.yes,
    total,
    `Delete these ${total} PAT(s) in ${tenants.join(', ')}?`,
    'run with --dry-run first, then --yes',
  );
  if (!go) return exitCodes.declined;
  let failed = 0;
  for (const { tenant, value } of planned)
    failed += (await deleteAll(tenant.client, value.doomed, value.reasons, concurrency, undefined, tenant.name)).failed;
  return tenantsExitCode(run, failed === 0 ? exitCodes.ok : exitCodes.failure);
}
