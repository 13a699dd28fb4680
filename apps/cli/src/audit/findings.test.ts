import { readFileSync } from 'node:fs';
import type { GetPersonalAccessTokenResponse, IsoDateTime } from '@patkit/model';
import { day } from '@patkit/model/time';
import { describe, expect, it } from 'vitest';
import {
  audit,
  defaultPolicy,
  failsOn,
  findingCodes,
  labelList,
  prunableCodes,
  pruneFlag,
  ruleOf,
  thresholds,
} from './findings.js';

const now = Date.parse('2026-11-29T12:00:00.000Z');

const at = (days: number) => new Date(now + days * day).toISOString() as IsoDateTime;

function pat(name: string, fields: Partial<GetPersonalAccessTokenResponse> = {}): GetPersonalAccessTokenResponse {
  return {
    id: `${name}-id`,
    name,
    scope: ['sp:my-personal-access-tokens:read'],
    owner: { type: 'IDENTITY', id: 'owner-1', name: 'Sam' },
    created: at(-400),
    lastUsed: at(-1),
    managed: false,
    accessTokenValiditySeconds: 3600,
    expirationDate: at(100),
    userAwareTokenNeverExpires: false,
    ...fields,
  } as GetPersonalAccessTokenResponse;
}

function codes(p: GetPersonalAccessTokenResponse, policy = defaultPolicy) {
  return audit([p], policy, now).map((f) => `${f.code}:${f.severity}`);
}

describe('audit findings', () => {
  it('finds nothing wrong with a healthy PAT', () => {
    expect(codes(pat('healthy'))).toEqual([]);
  });

  it('classifies each kind of problem with its default severity', () => {
    expect(codes(pat('stale', { lastUsed: at(-94) }))).toEqual(['stale:medium']);
    expect(codes(pat('fresh-ish', { lastUsed: at(-89) }))).toEqual([]);
    expect(codes(pat('never', { lastUsed: null }))).toEqual(['never_used:medium']);
    expect(codes(pat('new', { lastUsed: null, created: at(-3) }))).toEqual([]);
    expect(codes(pat('forever', { expirationDate: null }))).toEqual(['never_expires:medium']);
    expect(codes(pat('soon', { expirationDate: at(3) }))).toEqual(['expiring_soon:low']);
    expect(codes(pat('gone', { expirationDate: at(-10), lastUsed: at(-200) }))).toEqual(['expired:low']);
    expect(codes(pat('all', { scope: ['sp:scopes:all'] }))).toEqual(['broad_scope:high']);
    expect(codes(pat('admin', { scope: ['sp:all-personal-access-tokens:manage'] }))).toEqual(['broad_scope:high']);
    expect(codes(pat('null scope', { scope: null }))).toEqual(['broad_scope:high']);
    expect(codes(pat('long', { accessTokenValiditySeconds: 43200 }))).toEqual(['long_validity:low']);
  });

  it('says that lastUsed is day-granular', () => {
    expect(audit([pat('stale', { lastUsed: at(-94) })], defaultPolicy, now)[0]?.detail).toBe(
      'not used for 94 days (lastUsed is day-granular)',
    );
  });

  it('skips managed PATs unless asked, and what the allow-lists name', () => {
    expect(codes(pat('workflow', { managed: true, expirationDate: null }))).toEqual([]);
    expect(
      codes(pat('workflow', { managed: true, expirationDate: null }), { ...defaultPolicy, includeManaged: true }),
    ).toEqual(['never_expires:medium']);
    const allow = { ids: ['x-id'], names: [/^ci-/], owners: ['Sam'] };
    expect(codes(pat('ci-deploy', { expirationDate: null }), { ...defaultPolicy, allow })).toEqual([]);
  });

  it('gates on a severity', () => {
    const findings = audit([pat('soon', { expirationDate: at(3) })], defaultPolicy, now);
    expect(failsOn(findings, 'low')).toBe(true);
    expect(failsOn(findings, 'medium')).toBe(false);
    expect(failsOn(findings, 'any')).toBe(true);
    expect(failsOn([], 'any')).toBe(false);
  });
});

/** The README's table of findings, as the rules give it. */
function findingsTable(): string {
  const lines = [
    '| finding | default severity | flags | what it flags | threshold: policy key, default | prune |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const code of findingCodes) {
    const rule = ruleOf(code);
    const { threshold } = rule;
    const flags = threshold?.flag === undefined ? '' : `\`--${threshold.flag.name}\``;
    const policy = threshold === undefined ? '' : `\`${threshold.policyKey}\`, ${threshold.default}`;
    const prune = rule.prunable ? `\`${pruneFlag(code)}\`` : '';
    lines.push(`| \`${code}\` | ${rule.severity} | ${flags} | ${rule.means} | ${policy} | ${prune} |`);
  }
  return lines.join('\n');
}

describe('the findings table', () => {
  // Cells compared with their padding removed: Biome pads the README's table.
  const cells = (table: string) =>
    table
      .trim()
      .split('\n')
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/^-+$/, '---')),
      );

  it('is what the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('| finding ');
    const shown = readme.slice(start, readme.indexOf('\n\n', start));
    expect(cells(shown), 'apps/cli/README.md: paste findingsTable() over its findings table').toEqual(
      cells(findingsTable()),
    );
  });

  it('gives the policy file, prune and the help their keys, flags and words', () => {
    expect(thresholds.map((t) => t.policyKey)).toEqual(['stale', 'neverUsedGrace', 'expiring', 'maxValidity']);
    expect(prunableCodes.map(pruneFlag)).toEqual([
      '--expired',
      '--stale',
      '--never-used',
      '--owner-inactive',
      '--owner-missing',
    ]);
    expect(labelList()).toBe(
      'expired, stale, never used, never expiring, expiring, over-broad, long-lived, owned by someone who left and owned by no identity',
    );
    expect(defaultPolicy).toMatchObject({
      staleDays: 90,
      neverUsedGraceDays: 30,
      expiringDays: 14,
      maxValiditySeconds: 28_800,
    });
  });
});
