import type { GetPersonalAccessTokenResponse } from '@patkit/model';

export const severities = ['low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

export const findingCodes = [
  'expired',
  'stale',
  'never_used',
  'never_expires',
  'expiring_soon',
  'broad_scope',
  'long_validity',
] as const;
export type FindingCode = (typeof findingCodes)[number];

export interface Policy {
  /** Days without use before a PAT is stale (lastUsed is day-granular). */
  readonly staleDays: number;
  /** Days a never-used PAT may exist before it is flagged. */
  readonly neverUsedGraceDays: number;
  /** Days before expiry that count as soon. */
  readonly expiringDays: number;
  /** Access-token lifetimes above this many seconds are flagged. */
  readonly maxValiditySeconds: number;
  readonly severities: Readonly<Record<FindingCode, Severity>>;
  readonly allow: {
    readonly ids: readonly string[];
    readonly names: readonly RegExp[];
    readonly owners: readonly string[];
  };
  readonly includeManaged: boolean;
}

export const defaultPolicy: Policy = {
  staleDays: 90,
  neverUsedGraceDays: 30,
  expiringDays: 14,
  maxValiditySeconds: 8 * 3600,
  severities: {
    expired: 'low',
    stale: 'medium',
    never_used: 'medium',
    never_expires: 'medium',
    expiring_soon: 'low',
    broad_scope: 'high',
    long_validity: 'low',
  },
  allow: { ids: [], names: [], owners: [] },
  includeManaged: false,
};

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly pat: GetPersonalAccessTokenResponse;
  readonly detail: string;
}

const day = 86_400_000;
const broad = /^(sp:scopes:all|sp:all-[a-z-]+:manage)$/;

function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / day);
}

/** Whether a policy's allow-list exempts a PAT. */
export function allowed(pat: GetPersonalAccessTokenResponse, policy: Policy): boolean {
  return (
    policy.allow.ids.includes(pat.id) ||
    policy.allow.names.some((pattern) => pattern.test(pat.name)) ||
    (pat.owner.id !== undefined && policy.allow.owners.includes(pat.owner.id)) ||
    (pat.owner.name !== undefined && policy.allow.owners.includes(pat.owner.name))
  );
}

/** Everything wrong with the PATs under a policy, at a moment. */
export function audit(pats: readonly GetPersonalAccessTokenResponse[], policy: Policy, now: number): Finding[] {
  const findings: Finding[] = [];
  for (const pat of pats) {
    if ((pat.managed === true && !policy.includeManaged) || allowed(pat, policy)) continue;
    const add = (code: FindingCode, detail: string) =>
      findings.push({ code, severity: policy.severities[code], pat, detail });
    const expires =
      pat.expirationDate === undefined || pat.expirationDate === null ? undefined : Date.parse(pat.expirationDate);
    const expired = expires !== undefined && expires <= now;
    if (expired) add('expired', `expired ${daysBetween(expires, now)} days ago`);
    if (pat.lastUsed === undefined || pat.lastUsed === null) {
      const age = daysBetween(Date.parse(pat.created), now);
      if (age >= policy.neverUsedGraceDays && !expired)
        add('never_used', `never used in the ${age} days since it was created`);
    } else {
      const idle = daysBetween(Date.parse(pat.lastUsed), now);
      if (idle >= policy.staleDays && !expired) add('stale', `not used for ${idle} days (lastUsed is day-granular)`);
    }
    if (expires === undefined && pat.expirationDate !== undefined) add('never_expires', 'never expires');
    if (expires !== undefined && !expired && expires - now <= policy.expiringDays * day) {
      add('expiring_soon', `expires in ${Math.max(0, daysBetween(now, expires))} days`);
    }
    const wide = (pat.scope ?? ['sp:scopes:all']).filter((scope) => broad.test(scope));
    if (wide.length > 0) add('broad_scope', `scope ${wide.join(', ')}`);
    const validity = pat.accessTokenValiditySeconds ?? 43_200;
    if (validity > policy.maxValiditySeconds) add('long_validity', `access tokens live ${validity / 3600} h`);
  }
  return findings;
}

/** Whether findings reach the `--fail-on` level. */
export function failsOn(findings: readonly Finding[], level: Severity | 'any'): boolean {
  if (level === 'any') return findings.length > 0;
  const floor = severities.indexOf(level);
  return findings.some((finding) => severities.indexOf(finding.severity) >= floor);
}
