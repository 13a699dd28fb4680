import type { OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { inactiveIdentityStatuses, inactiveLifecycleStates } from '@patkit/model/identities';
import { day, defaultAccessTokenValiditySeconds, isoToMs, relativeTime, staleAfterDays } from '@patkit/model/time';
import { parseSeconds } from '../durations.js';

export const severities = ['low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

/** A policy's thresholds: days, except maxValiditySeconds. */
export interface Thresholds {
  /** Days without use before a PAT is stale (lastUsed is day-granular). */
  readonly staleDays: number;
  /** Days a never-used PAT may exist before it is flagged. */
  readonly neverUsedGraceDays: number;
  /** Days before expiry that count as soon. */
  readonly expiringDays: number;
  /** Access-token lifetimes above this many seconds are flagged. */
  readonly maxValiditySeconds: number;
}

export interface Policy extends Thresholds {
  readonly severities: Readonly<Record<FindingCode, Severity>>;
  readonly allow: {
    readonly ids: readonly string[];
    readonly names: readonly RegExp[];
    readonly owners: readonly string[];
  };
  readonly includeManaged: boolean;
  /** Lifecycle states that mean the owner has left (besides the inactive identityStatus values). */
  readonly inactiveLifecycleStates: readonly string[];
}

/**
 * The owner of a PAT as ISC's identities API gave it; null when its id
 * resolves to no identity; undefined when owners were not looked up.
 */
export type OwnerFact = OwnerIdentity | null | undefined;

/** What a rule knows about a PAT beyond its fields: its dates parsed once. */
export interface Facts {
  readonly now: number;
  /** Expiry in epoch ms; undefined: never expires (or not given). */
  readonly expires: number | undefined;
  readonly expired: boolean;
  /** lastUsed in epoch ms; undefined: never used. */
  readonly used: number | undefined;
  readonly owner: OwnerFact;
}

export interface FindingRule {
  /** The default severity. */
  readonly severity: Severity;
  /** In a sentence: "find stale, never used … PATs". */
  readonly label: string;
  /** What it flags, for the README. */
  readonly means: string;
  /** What it flags, in a flag's help. */
  readonly help: string;
  /** The threshold it uses: its key in a policy file and in Policy, its default, and its flag where there is one. */
  readonly threshold?: {
    readonly policyKey: string;
    readonly field: keyof Thresholds;
    readonly default: string;
    /** The flag of audit (and of prune, where the finding is prunable) that sets it, with its help. */
    readonly flag?: { readonly name: string; readonly help: string };
  };
  /** Whether `patkit prune` can delete what it flags (with the flag --code-with-dashes). */
  readonly prunable: boolean;
  /**
   * It needs the owners looked up in ISC's identities API (idn:identity:read),
   * or an identities file. Such a rule reads only the PAT's id, name and
   * owner, and the facts' now and owner: nothing else of a PAT is kept
   * while its owner is looked up.
   */
  readonly needsOwners?: true;
  /** The finding's detail, or undefined when the PAT does not have it. */
  readonly check: (pat: GetPersonalAccessTokenResponse, policy: Policy, facts: Facts) => string | undefined;
}

const broad = /^(sp:scopes:all|sp:all-[a-z-]+:manage)$/;

function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / day);
}

// A threshold without a flag of its own, named in its rule's help.
const neverUsedGrace = '30d';

/** Every audit finding, in the order a PAT is checked. The one place a finding is defined. */
export const findingRules = {
  expired: {
    severity: 'low',
    label: 'expired',
    means: 'its expiry date has passed',
    help: 'expired PATs',
    prunable: true,
    check: (_pat, _policy, { now, expired, expires }) =>
      // In the words every table uses for the same moment ("3 days ago").
      expired ? `expired ${relativeTime(expires, now)}` : undefined,
  },
  stale: {
    severity: 'medium',
    label: 'stale',
    means: 'not used for `stale` days (lastUsed is recorded once a day, so ages are whole days)',
    help: 'PATs not used for this long',
    threshold: {
      policyKey: 'stale',
      field: 'staleDays',
      default: `${staleAfterDays}d`,
      flag: { name: 'stale', help: 'not used for this long is stale' },
    },
    prunable: true,
    check: (_pat, policy, { now, expired, used }) => {
      if (used === undefined || expired) return undefined;
      const idle = daysBetween(used, now);
      return idle >= policy.staleDays ? `not used for ${idle} days (lastUsed is day-granular)` : undefined;
    },
  },
  never_used: {
    severity: 'medium',
    label: 'never used',
    means: 'never minted a token, and older than `neverUsedGrace`',
    help: `PATs that never minted a token (older than ${neverUsedGrace})`,
    threshold: { policyKey: 'neverUsedGrace', field: 'neverUsedGraceDays', default: neverUsedGrace },
    prunable: true,
    check: (pat, policy, { now, expired, used }) => {
      if (used !== undefined || expired) return undefined;
      const age = daysBetween(isoToMs(pat.created), now);
      return age >= policy.neverUsedGraceDays ? `never used in the ${age} days since it was created` : undefined;
    },
  },
  never_expires: {
    severity: 'medium',
    label: 'never expiring',
    means: 'has no expiry date',
    help: 'PATs without an expiry date',
    prunable: false,
    check: (pat, _policy, { expires }) =>
      expires === undefined && pat.expirationDate !== undefined ? 'never expires' : undefined,
  },
  expiring_soon: {
    severity: 'low',
    label: 'expiring',
    means: 'expires within `expiring`',
    help: 'PATs that expire soon',
    threshold: {
      policyKey: 'expiring',
      field: 'expiringDays',
      default: '14d',
      flag: { name: 'expiring', help: 'expiring within this is soon' },
    },
    prunable: false,
    check: (_pat, policy, { now, expires, expired }) =>
      expires !== undefined && !expired && expires - now <= policy.expiringDays * day
        ? `expires ${relativeTime(expires, now)}`
        : undefined,
  },
  broad_scope: {
    severity: 'high',
    label: 'over-broad',
    means: 'a scope that grants everything: `sp:scopes:all` (also when created without scope) or `sp:all-*:manage`',
    help: 'PATs with sp:scopes:all or sp:all-*:manage',
    prunable: false,
    check: (pat) => {
      const wide = (pat.scope ?? ['sp:scopes:all']).filter((scope) => broad.test(scope));
      return wide.length > 0 ? `scope ${wide.join(', ')}` : undefined;
    },
  },
  long_validity: {
    severity: 'low',
    label: 'long-lived',
    means: 'its access tokens live longer than `maxValidity`',
    help: 'PATs whose access tokens live long',
    threshold: { policyKey: 'maxValidity', field: 'maxValiditySeconds', default: '8h' },
    prunable: false,
    check: (pat, policy) => {
      const validity = pat.accessTokenValiditySeconds ?? defaultAccessTokenValiditySeconds;
      return validity > policy.maxValiditySeconds ? `access tokens live ${validity / 3600} h` : undefined;
    },
  },
  owner_inactive: {
    severity: 'high',
    label: 'owned by someone who left',
    means:
      "its owner's identityStatus is DISABLED, DEACTIVATED or TERMINATED, or its lifecycle state is one of `inactiveLifecycleStates` (inactive, terminated); a PAT keeps its owner's rights",
    help: 'PATs whose owner is disabled, deactivated or terminated',
    prunable: true,
    needsOwners: true,
    check: (_pat, policy, { owner }) => {
      if (owner === undefined || owner === null) return undefined;
      if (
        owner.identityStatus !== undefined &&
        (inactiveIdentityStatuses as readonly string[]).includes(owner.identityStatus)
      )
        return `owner is ${owner.identityStatus}`;
      if (owner.lifecycleState !== undefined && policy.inactiveLifecycleStates.includes(owner.lifecycleState))
        return `owner's lifecycle state is ${owner.lifecycleState}`;
      return undefined;
    },
  },
  owner_missing: {
    severity: 'high',
    label: 'owned by no identity',
    means: 'its owner id no longer resolves to an identity',
    help: 'PATs whose owner id resolves to no identity',
    prunable: true,
    needsOwners: true,
    check: (pat, _policy, { owner }) =>
      owner === null ? `owner ${pat.owner.id ?? '(no id)'} is not an identity of the tenant` : undefined,
  },
} as const satisfies Record<string, FindingRule>;

export type FindingCode = keyof typeof findingRules;
export const findingCodes = Object.keys(findingRules) as readonly FindingCode[];
const rules = Object.entries(findingRules) as ReadonlyArray<[FindingCode, FindingRule]>;

/** A finding's rule, as a FindingRule. */
export function ruleOf(code: FindingCode): FindingRule {
  return findingRules[code];
}

/** The findings `patkit prune` can act on. */
export const prunableCodes = rules.filter(([, rule]) => rule.prunable).map(([code]) => code);

/** The findings that need the owners looked up. */
export const ownerCodes = rules.filter(([, rule]) => rule.needsOwners === true).map(([code]) => code);

/** The thresholds of the rules that have one. */
export const thresholds = rules.flatMap(([, rule]) => (rule.threshold === undefined ? [] : [rule.threshold]));

/** The flag that selects a finding in `patkit prune`: never_used → --never-used. */
export function pruneFlag(code: FindingCode): string {
  return `--${code.replace(/_/g, '-')}`;
}

/** "stale, never used, … and long-lived": the rules' labels as a list. */
export function labelList(codes: readonly FindingCode[] = findingCodes, and = 'and'): string {
  const labels = codes.map((code) => findingRules[code].label);
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} ${and} ${labels.at(-1)}`;
}

/** What a finding tells of its PAT: its id, name and owner. */
export type PatRef = Pick<GetPersonalAccessTokenResponse, 'id' | 'name' | 'owner'>;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly pat: PatRef;
  readonly detail: string;
}

/** A threshold's value in its Policy field: days, or seconds for maxValiditySeconds. */
export function thresholdValue(field: keyof Thresholds, text: string, where: string): number {
  const seconds = parseSeconds(text, where);
  return field === 'maxValiditySeconds' ? seconds : (seconds * 1000) / day;
}

export const defaultPolicy: Policy = {
  ...(Object.fromEntries(
    thresholds.map(({ field, default: text }) => [field, thresholdValue(field, text, 'default')]),
  ) as unknown as Thresholds),
  severities: Object.fromEntries(rules.map(([code, rule]) => [code, rule.severity])) as Record<FindingCode, Severity>,
  allow: { ids: [], names: [], owners: [] },
  includeManaged: false,
  inactiveLifecycleStates,
};

/** Whether a policy's allow-list exempts a PAT. */
export function allowed(pat: GetPersonalAccessTokenResponse, policy: Policy): boolean {
  return (
    policy.allow.ids.includes(pat.id) ||
    policy.allow.names.some((pattern) => pattern.test(pat.name)) ||
    (pat.owner.id !== undefined && policy.allow.owners.includes(pat.owner.id)) ||
    (pat.owner.name !== undefined && policy.allow.owners.includes(pat.owner.name))
  );
}

/** A PAT's dates in epoch ms, parsed once for the rules and the summary; undefined: never (or not given). */
export interface PatDates {
  readonly used: number | undefined;
  readonly expires: number | undefined;
}

export function patDates(pat: GetPersonalAccessTokenResponse): PatDates {
  return {
    used: pat.lastUsed === undefined || pat.lastUsed === null ? undefined : isoToMs(pat.lastUsed),
    expires: pat.expirationDate === undefined || pat.expirationDate === null ? undefined : isoToMs(pat.expirationDate),
  };
}

/** Whether the policy leaves a PAT out: managed (unless included) or allowed. */
export function leftOut(pat: GetPersonalAccessTokenResponse, policy: Policy): boolean {
  return (pat.managed === true && !policy.includeManaged) || allowed(pat, policy);
}

/** What the rules know of a PAT at a moment (its owner undefined while it is not known). */
export function factsOf(now: number, { used, expires }: PatDates, owner: OwnerFact = undefined): Facts {
  return { now, expires, expired: expires !== undefined && expires <= now, used, owner };
}

// The rules that need no owner, then those that do: a PAT's findings come in this order.
const patRules = rules.filter(([, rule]) => rule.needsOwners !== true);
const ownerRules = rules.filter(([, rule]) => rule.needsOwners === true);

function check(
  found: Finding[],
  chosen: typeof rules,
  pat: GetPersonalAccessTokenResponse,
  policy: Policy,
  facts: Facts,
): Finding[] {
  for (const [code, rule] of chosen) {
    const detail = rule.check(pat, policy, facts);
    if (detail !== undefined) found.push({ code, severity: policy.severities[code], pat, detail });
  }
  return found;
}

/** All of a PAT's findings, its owner as `facts` say (of a PAT the policy does not leave out). */
export function findingsOf(pat: GetPersonalAccessTokenResponse, policy: Policy, facts: Facts): Finding[] {
  return check(check([], patRules, pat, policy, facts), ownerRules, pat, policy, facts);
}

/** A PAT's findings that need no owner (of a PAT the policy does not leave out). */
export function patFindings(pat: GetPersonalAccessTokenResponse, policy: Policy, facts: Facts): Finding[] {
  return check([], patRules, pat, policy, facts);
}

/**
 * A PAT's findings that need its owner, once the owner is known: of the PAT
 * as a finding names it, since the rules that need owners read only that.
 */
export function ownerFindings(pat: PatRef, policy: Policy, now: number, owner: OwnerFact): Finding[] {
  const facts = factsOf(now, { used: undefined, expires: undefined }, owner);
  return check([], ownerRules, pat as GetPersonalAccessTokenResponse, policy, facts);
}

/** Everything wrong with one PAT under a policy, at a moment; [] for a PAT the policy leaves out. */
export function classify(
  pat: GetPersonalAccessTokenResponse,
  policy: Policy,
  now: number,
  owner: OwnerFact = undefined,
  dates: PatDates = patDates(pat),
): Finding[] {
  return leftOut(pat, policy) ? [] : findingsOf(pat, policy, factsOf(now, dates, owner));
}

/** Everything wrong with the PATs under a policy, at a moment; owners by id when they were looked up. */
export function audit(
  pats: readonly GetPersonalAccessTokenResponse[],
  policy: Policy,
  now: number,
  ownerOf: (pat: GetPersonalAccessTokenResponse) => OwnerFact = () => undefined,
): Finding[] {
  return pats.flatMap((pat) => classify(pat, policy, now, ownerOf(pat)));
}

/** Whether findings reach the `--fail-on` level. */
export function failsOn(findings: readonly Finding[], level: Severity | 'any'): boolean {
  if (level === 'any') return findings.length > 0;
  const floor = severities.indexOf(level);
  return findings.some((finding) => severities.indexOf(finding.severity) >= floor);
}
