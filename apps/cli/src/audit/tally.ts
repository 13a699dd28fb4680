import { day } from '@patkit/model/time';
import type { JsonPieces } from '../chunked-stdout.js';
import { type Finding, findingCodes, type PatDates, type Severity, severities } from './findings.js';

/** Buckets of days, as the report's charts show PATs: each key, and the last day it holds. */
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

const lastUsedBounds = lastUsedBuckets.map(([, days]) => days);
const expiryBounds = expiryBuckets.map(([, days]) => days);

/** The position of the first bucket that holds `days` (the last one holds the rest). */
function bucketAt(bounds: readonly number[], days: number): number {
  let at = 0;
  while (at < bounds.length - 1 && days > (bounds[at] as number)) at++;
  return at;
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

/** The owner as findings name it: the display name, else the id. */
export function ownerLabel(finding: Finding): string {
  return finding.pat.owner.name ?? finding.pat.owner.id ?? '';
}

/** A row's columns, in the order of its NDJSON keys and CSV columns. */
export const findingColumns = ['severity', 'finding', 'id', 'name', 'owner', 'detail'] as const;

export function findingRow(finding: Finding): FindingRow {
  return {
    severity: finding.severity,
    finding: finding.code,
    id: finding.pat.id,
    name: finding.pat.name,
    owner: ownerLabel(finding),
    detail: finding.detail,
  };
}

/**
 * Findings as NDJSON lines, each the text `JSON.stringify(findingRow(finding))`
 * and a newline give, written in pieces: no row object, no line as a string.
 * Tenants among several: their `tenant` and `host` fields come first. What
 * starts a line up to the PAT's id is the same for every finding of a kind,
 * and is encoded once.
 */
export class FindingLines {
  private readonly first: string;
  private readonly starts = new Map<string, { readonly severity: Severity; readonly bytes: Uint8Array }>();

  constructor(
    private readonly out: JsonPieces,
    tenant?: { readonly name: string; readonly host: string },
  ) {
    this.first =
      tenant === undefined ? '' : `"tenant":${JSON.stringify(tenant.name)},"host":${JSON.stringify(tenant.host)},`;
  }

  write(finding: Finding): void {
    const { out } = this;
    const { pat } = finding;
    let start = this.starts.get(finding.code);
    // A policy gives each kind its severity: encoded again only if it did not.
    if (start?.severity !== finding.severity) {
      const text = `{${this.first}"severity":${JSON.stringify(finding.severity)},"finding":${JSON.stringify(finding.code)},"id":`;
      start = { severity: finding.severity, bytes: Buffer.from(text) };
      this.starts.set(finding.code, start);
    }
    out.bytes(start.bytes);
    out.json(pat.id);
    out.write(',"name":');
    out.json(pat.name);
    out.write(',"owner":');
    out.json(ownerLabel(finding));
    out.write(',"detail":');
    out.json(finding.detail);
    out.write('}\n');
  }
}

/** The owners with the most findings, most first (then by name). */
export function topOwners(
  byOwner: Readonly<Record<string, number>>,
  count: number,
): [owner: string, findings: number][] {
  return Object.entries(byOwner)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, count);
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
  audited = 0;
  private flagged = 0;
  private findings = 0;
  invalid = 0;
  owners: AuditSummary['owners'] = { checked: false };
  // Counted in arrays by position, and per owner once per PAT: this runs for every PAT of millions.
  private readonly bySeverity = severities.map(() => 0);
  private readonly byFinding = findingCodes.map(() => 0);
  private readonly byOwner = new Map<string, number>();
  // By position in lastUsedKeys and expiryKeys.
  private readonly byLastUsed = lastUsedKeys.map(() => 0);
  private readonly byExpiry = expiryKeys.map(() => 0);

  /**
   * Whether to count findings per owner: the one count that costs (a lookup
   * in a map of as many owners as the tenant has, about 1 s a million PATs).
   * Formats that print no summary (NDJSON, CSV) turn it off.
   */
  countOwners = true;

  constructor(private readonly now: number) {}

  /** One PAT (its dates) and its findings. */
  add({ used, expires }: PatDates, findings: readonly Finding[]): void {
    this.audited++;
    const age = used === undefined ? 0 : 1 + bucketAt(lastUsedBounds, Math.floor((this.now - used) / day));
    this.byLastUsed[age] = (this.byLastUsed[age] ?? 0) + 1;
    const horizon =
      expires === undefined
        ? expiryKeys.length - 1
        : expires <= this.now
          ? 0
          : 1 + bucketAt(expiryBounds, Math.ceil((expires - this.now) / day));
    this.byExpiry[horizon] = (this.byExpiry[horizon] ?? 0) + 1;
    this.addLater(findings, false);
  }

  /** Findings of a PAT added before, found since (once its owner was known); `flagged`: whether it had findings then. */
  addLater(findings: readonly Finding[], flagged: boolean): void {
    const first = findings[0];
    if (first === undefined) return;
    if (!flagged) this.flagged++;
    this.findings += findings.length;
    for (const finding of findings) {
      const severity = severities.indexOf(finding.severity);
      const code = codeAt.get(finding.code) as number;
      this.bySeverity[severity] = (this.bySeverity[severity] ?? 0) + 1;
      this.byFinding[code] = (this.byFinding[code] ?? 0) + 1;
    }
    if (!this.countOwners) return;
    const owner = ownerLabel(first);
    this.byOwner.set(owner, (this.byOwner.get(owner) ?? 0) + findings.length);
  }

  summary(): AuditSummary {
    if (!this.countOwners) throw new Error('Tally.summary: owners were not counted (countOwners is false)');
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
      byLastUsed: Object.fromEntries(lastUsedKeys.map((key, at) => [key, this.byLastUsed[at] ?? 0])),
      byExpiry: Object.fromEntries(expiryKeys.map((key, at) => [key, this.byExpiry[at] ?? 0])),
    };
  }
}

/** Several tenants' summaries as one: counts added; owners said checked only when every tenant's were. */
export function sumSummaries(parts: readonly AuditSummary[]): AuditSummary {
  const add = (records: readonly Record<string, number>[], keys: readonly string[] = []) => {
    const sum: Record<string, number> = Object.fromEntries(keys.map((key) => [key, 0]));
    for (const record of records) for (const [key, n] of Object.entries(record)) sum[key] = (sum[key] ?? 0) + n;
    return sum;
  };
  const total = (key: 'audited' | 'flagged' | 'findings' | 'invalid') => parts.reduce((n, part) => n + part[key], 0);
  const byFinding = add(parts.map((part) => part.byFinding));
  return {
    audited: total('audited'),
    flagged: total('flagged'),
    findings: total('findings'),
    invalid: total('invalid'),
    owners: parts.find((part) => !part.owners.checked)?.owners ?? parts[0]?.owners ?? { checked: false },
    bySeverity: add(
      parts.map((part) => part.bySeverity),
      severities,
    ) as Record<Severity, number>,
    // In the rules' order, as the report lists them.
    byFinding: Object.fromEntries(findingCodes.flatMap((code) => (byFinding[code] ? [[code, byFinding[code]]] : []))),
    byOwner: add(parts.map((part) => part.byOwner)),
    byLastUsed: add(parts.map((part) => part.byLastUsed)),
    byExpiry: add(parts.map((part) => part.byExpiry)),
  };
}
