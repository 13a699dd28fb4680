import { type Finding, findingCodes, type Severity, severities } from './findings.js';

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
}

/** The summary, counted as PATs go by: nothing but counts is kept. */
export class Tally {
  private audited = 0;
  private flagged = 0;
  private findings = 0;
  invalid = 0;
  owners: AuditSummary['owners'] = { checked: false };
  private readonly bySeverity = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  private readonly byFinding = new Map<string, number>();
  private readonly byOwner = new Map<string, number>();

  /** One PAT and its rows. */
  add(rows: readonly FindingRow[]): void {
    this.audited++;
    if (rows.length === 0) return;
    this.flagged++;
    this.findings += rows.length;
    for (const row of rows) {
      this.bySeverity[row.severity]++;
      this.byFinding.set(row.finding, (this.byFinding.get(row.finding) ?? 0) + 1);
      this.byOwner.set(row.owner, (this.byOwner.get(row.owner) ?? 0) + 1);
    }
  }

  summary(): AuditSummary {
    return {
      audited: this.audited,
      flagged: this.flagged,
      findings: this.findings,
      invalid: this.invalid,
      owners: this.owners,
      bySeverity: { ...this.bySeverity },
      // In the rules' order, as the report lists them.
      byFinding: Object.fromEntries(
        findingCodes.filter((code) => this.byFinding.has(code)).map((code) => [code, this.byFinding.get(code) ?? 0]),
      ),
      byOwner: Object.fromEntries(this.byOwner),
    };
  }
}
