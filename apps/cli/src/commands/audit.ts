import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { decodeList, formatLocation } from '@patkit/serializer';
import {
  audit as classify,
  defaultPolicy,
  type Finding,
  failsOn,
  findingCodes,
  type Policy,
  type Severity,
  severities,
  thresholds,
  thresholdValue,
} from '../audit/findings.js';
import { readPolicy } from '../audit/policy.js';
import { CliError, usageError } from '../cli-error.js';
import { type ConnectOptions, connect, listPats } from '../connect.js';
import { exitCodes } from '../exit-codes.js';
import { type OutputOptions, printResult, resolveFormat } from '../output.js';
import { inputName, readInput } from '../read-input.js';
import { markdownTable, type Style, textTable } from '../table.js';

export interface AuditOptions extends ConnectOptions, OutputOptions {
  readonly owner?: string;
  readonly stale?: string;
  readonly expiring?: string;
  readonly includeManaged?: boolean;
  readonly policy?: string;
  readonly from?: string;
  readonly failOn?: string;
}

async function patsFrom(options: AuditOptions): Promise<GetPersonalAccessTokenResponse[]> {
  if (options.from !== undefined) {
    const source = inputName(options.from);
    const result = decodeList('GetPersonalAccessTokenResponse', await readInput(options.from), { source });
    if (!result.ok) {
      const lines = result.errors.map((issue) => `${formatLocation(issue)}: ${issue.message}`);
      throw new CliError('invalid_input', `${source} is not a PAT export:\n${lines.join('\n')}`, {
        hint: 'patkit export writes one',
      });
    }
    return result.value as GetPersonalAccessTokenResponse[];
  }
  const { client } = await connect(options);
  return listPats(client, options.owner ?? 'me');
}

function row(finding: Finding) {
  return {
    severity: finding.severity,
    finding: finding.code,
    id: finding.pat.id,
    name: finding.pat.name,
    owner: finding.pat.owner.name ?? finding.pat.owner.id ?? '',
    detail: finding.detail,
  };
}

function summary(findings: readonly Finding[], audited: number) {
  const bySeverity = Object.fromEntries(severities.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  const byFinding = Object.fromEntries(
    findingCodes.map((c) => [c, findings.filter((f) => f.code === c).length]).filter(([, n]) => n !== 0),
  );
  const byOwner: Record<string, number> = {};
  for (const finding of findings) {
    const owner = row(finding).owner;
    byOwner[owner] = (byOwner[owner] ?? 0) + 1;
  }
  const flagged = new Set(findings.map((finding) => finding.pat.id)).size;
  return { audited, flagged, findings: findings.length, bySeverity, byFinding, byOwner };
}

const order = (a: Finding, b: Finding) =>
  severities.indexOf(b.severity) - severities.indexOf(a.severity) || a.pat.name.localeCompare(b.pat.name);

const columns = ['severity', 'finding', 'name', 'owner', 'id', 'detail'] as const;

/** The report for people (text at a terminal, or markdown for a pull request); --fields picks the columns. */
function report(
  findings: readonly Finding[],
  audited: number,
  policy: Policy,
  markdown: boolean,
  fields: readonly string[] = columns,
  style: Style = { colour: false },
): string {
  const s = summary(findings, audited);
  const rows = [...findings].sort(order).map(row);
  // Both numbers said plainly: findings, and how many of the audited PATs have any.
  const head = `${s.findings} finding(s) on ${s.flagged} of ${audited} PAT(s): ${s.bySeverity.high} high, ${s.bySeverity.medium} medium, ${s.bySeverity.low} low`;
  const counts = (title: string, map: Record<string, number>) =>
    `${title}: ${
      Object.entries(map)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`;
  const note = `stale = not used for ${policy.staleDays} days; lastUsed is recorded once a day, so ages are whole days`;
  const table =
    rows.length === 0 ? 'No findings.\n' : markdown ? markdownTable(rows, fields) : textTable(rows, fields, style);
  const intro = markdown
    ? [
        '### patkit audit',
        '',
        `**${head}**`,
        '',
        `- ${counts('By finding', s.byFinding)}`,
        `- ${counts('By owner', s.byOwner)}`,
        `- ${note}`,
      ]
    : [`patkit audit: ${head}`, counts('  by finding', s.byFinding), counts('  by owner', s.byOwner), `  ${note}`];
  return `${intro.join('\n')}\n\n${table}`;
}

/** patkit audit: classify every PAT into findings with severities; --fail-on gates CI. */
export async function auditCommand(options: AuditOptions): Promise<number> {
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
  const pats = await patsFrom(options);
  const findings = classify(pats, policy, Date.now());
  const sorted = [...findings].sort(order);
  await printResult(
    {
      kind: 'findings',
      records: sorted.map(row),
      columns: ['severity', 'finding', 'id', 'name', 'owner', 'detail'],
      document: (rows) => ({ summary: summary(findings, pats.length), findings: rows }),
      human: (format, fields, style) => report(findings, pats.length, policy, format === 'markdown', fields, style),
    },
    options,
  );
  return failOn !== undefined && failsOn(findings, failOn) ? exitCodes.failure : exitCodes.ok;
}
