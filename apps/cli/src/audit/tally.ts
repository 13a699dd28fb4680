import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { day } from '@patkit/model/time';
import { type Finding, findingCodes, type Severity, severities } from './findings.js';

/** Buckets of days, as the report's charts show PATs: each the upper bound of its range (inclusive). */
const lastUsedBuckets = [
  ['0-30d', 30],
  ['31-90d', 90],
  ['91-180d', 180],
  ['181-365d', 365],
  ['over-365d', Number.POSITIVE_INFINITY],
] as const;
const expiryBuckets = [
  ['0-14d', 14],
  ['15-30d', 30],
  ['31-90d', 90],
  ['91-180d', 180],
  ['over-180d', Number.POSITIVE_INFINITY],
] as const;

/** The keys of the last-used and expiry histograms, in order. */
export const lastUsedKeys = ['never', ...lastUsedBuckets.map(([key]) => key)] as const;
export const expiryKeys = ['expired', ...expiryBuckets.map(([key]) => key), 'never'] as const;

function bucket(buckets: readonly (readonly [string, number])[], days: number): string {
  return (buckets.find(([, upTo]) => days <= upTo) ?? buckets[buckets.length - 1])?.[0] as string;
}

/** A finding as it is printed: one row of the report, one NDJSON line, one CSV row (a type, so that it is a record of strings). */
export type FindingRow = {
  readonly severity: Severity;
  readonly finding: string;
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly detail: string;
};

export function findingRow(finding: Finding): FindingRow {
  return {
    severity: finding.severity,
    finding: finding.code,
    id: finding.pat.id,
    name: finding.pat.name,
    owner: finding.pat.owner.name ?? finding.pat.owner.id ?? '',
    detail: finding.detail,
  };
}

export interface AuditSummary {
  /** PATs audited. */
  readonly audited: number;
  /** PATs with at least one finding. */
  readonly flagged: number;
  readonly findings: number;
  /** Items of the input that were not PATs, skipped. */
  readonly invalid: number;
  /** Whether owners were looked up (owner_inactive, owner_missing), and if not, why. */
  readonly owners: { readonly checked: boolean; readonly note?: string };
  readonly bySeverity: Record<Severity, number>;
  readonly byFinding: Record<string, number>;
  readonly byOwner: Record<string, number>;
  /** PATs by days since last use: never, 0-30d, …, over-365d. */
  readonly byLastUsed: Record<string, number>;
  /** PATs by days until expiry: expired, 0-14d, …, over-180d, never. */
  readonly byExpiry: Record<string, number>;
}

const codeAt = new Map<string, number>(findingCodes.map((code, at) => [code, at]));

/** The summary, counted as PATs go by: nothing but counts is kept. */
export class Tally {
  private audited = 0;
  private flagged = 0;
  private findings = 0;
  invalid = 0;
  owners: AuditSummary['owners'] = { checked: false };
  // Counted in arrays by position, and per owner once per PAT: this runs for every PAT of millions.
  private readonly bySeverity = severities.map(() => 0);
  private readonly byFinding = findingCodes.map(() => 0);
  private readonly byOwner = new Map<string, number>();
  private readonly byLastUsed = new Map<string, number>(lastUsedKeys.map((key) => [key, 0]));
  private readonly byExpiry = new Map<string, number>(expiryKeys.map((key) => [key, 0]));

  constructor(private readonly now: number) {}

  /** One PAT and its rows (all of one owner). */
  add(pat: GetPersonalAccessTokenResponse, rows: readonly FindingRow[]): void {
    this.audited++;
    const used =
      pat.lastUsed === null || pat.lastUsed === undefined
        ? 'never'
        : bucket(lastUsedBuckets, Math.floor((this.now - Date.parse(pat.lastUsed)) / day));
    this.byLastUsed.set(used, (this.byLastUsed.get(used) ?? 0) + 1);
    const expires =
      pat.expirationDate === null || pat.expirationDate === undefined ? undefined : Date.parse(pat.expirationDate);
    const horizon =
      expires === undefined
        ? 'never'
        : expires <= this.now
          ? 'expired'
          : bucket(expiryBuckets, Math.ceil((expires - this.now) / day));
    this.byExpiry.set(horizon, (this.byExpiry.get(horizon) ?? 0) + 1);
    const first = rows[0];
    if (first === undefined) return;
    this.flagged++;
    this.findings += rows.length;
    for (const row of rows) {
      const severity = severities.indexOf(row.severity);
      const code = codeAt.get(row.finding) as number;
      this.bySeverity[severity] = (this.bySeverity[severity] ?? 0) + 1;
      this.byFinding[code] = (this.byFinding[code] ?? 0) + 1;
    }
    this.byOwner.set(first.owner, (this.byOwner.get(first.owner) ?? 0) + rows.length);
  }

  summary(): AuditSummary {
    return {
      audited: this.audited,
      flagged: this.flagged,
      findings: this.findings,
      invalid: this.invalid,
      owners: this.owners,
      bySeverity: Object.fromEntries(severities.map((s, at) => [s, this.bySeverity[at]])) as Record<Severity, number>,
      // In the rules' order, as the report lists them.
      byFinding: Object.fromEntries(
        findingCodes.flatMap((code, at) => (this.byFinding[at] ? [[code, this.byFinding[at]]] : [])),
      ),
      byOwner: Object.fromEntries(this.byOwner),
      byLastUsed: Object.fromEntries(this.byLastUsed),
      byExpiry: Object.fromEntries(this.byExpiry),
    };
  }
}
