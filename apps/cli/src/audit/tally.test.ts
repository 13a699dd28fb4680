import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capture } from '../chunked-stdout.test-utils.js';
import { type Finding, findingCodes, severities } from './findings.js';
import { FindingLines, findingRow, sumSummaries, Tally } from './tally.js';

const finding = (
  pat: { id: string; name: string; owner: { name?: string; id?: string } },
  detail: string,
  at: number,
) =>
  ({
    code: findingCodes[at % findingCodes.length],
    severity: severities[at % severities.length],
    pat: { ...pat, owner: { type: 'IDENTITY', ...pat.owner } },
    detail,
  }) as unknown as Finding;

// Any UTF-16 (lone surrogates too), any Unicode, and plain text (which is quoted without escapes).
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(fc.string({ unit: codeUnit }), fc.string({ unit: 'grapheme' }), fc.string());

describe('FindingLines', () => {
  it('writes the bytes JSON.stringify gives for the row and a newline, whatever the strings hold, with or without tenant fields', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.option(text, { nil: undefined }),
        text,
        fc.nat(),
        text,
        (id, name, owner, detail, at, tenant) => {
          const one = finding(
            { id, name, owner: owner === undefined ? { id: 'owner-id' } : { name: owner } },
            detail,
            at,
          );
          const row = findingRow(one);
          expect(capture((out) => new FindingLines(out).write(one))).toBe(`${JSON.stringify(row)}\n`);
          const among = { name: tenant, host: 'acme.api.identitynow.com' };
          expect(capture((out) => new FindingLines(out, among).write(one))).toBe(
            `${JSON.stringify({ tenant, host: 'acme.api.identitynow.com', ...row })}\n`,
          );
        },
      ),
    );
  });

  it('writes a kind of finding with the severity each finding has, when a policy gives it another', () => {
    const pat = { id: 'p1', name: 'ci', owner: { id: 'o1' } };
    const low = finding(pat, 'scope sp:scopes:all', 0);
    const high = { ...low, severity: 'high' } as Finding;
    expect(low.severity).not.toBe('high');
    const written = capture((out) => {
      const lines = new FindingLines(out);
      for (const one of [low, high, low]) lines.write(one);
    });
    expect(written).toBe([low, high, low].map((one) => `${JSON.stringify(findingRow(one))}\n`).join(''));
  });
});

describe('Tally', () => {
  it('counts PATs, findings, severities, kinds and owners, and buckets dates', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    const tally = new Tally(now);
    const pat = { id: 'a', name: 'n', owner: { name: 'Ada' } };
    tally.add({ used: now - 10 * 86_400_000, expires: now - 1 }, [finding(pat, 'd', 0), finding(pat, 'd', 4)]);
    tally.add({ used: undefined, expires: undefined }, []);
    tally.add({ used: now - 400 * 86_400_000, expires: now + 20 * 86_400_000 }, [finding(pat, 'd', 2)]);
    const summary = tally.summary();
    expect(summary).toMatchObject({ audited: 3, flagged: 2, findings: 3, byOwner: { Ada: 3 } });
    expect(Object.values(summary.bySeverity).reduce((a, b) => a + b, 0)).toBe(3);
    expect(summary.byLastUsed).toEqual({
      never: 1,
      '0-30d': 1,
      '31-90d': 0,
      '91-180d': 0,
      '181-365d': 0,
      'over-365d': 1,
    });
    expect(summary.byExpiry).toEqual({
      expired: 1,
      '0-14d': 0,
      '15-30d': 1,
      '31-90d': 0,
      '91-180d': 0,
      'over-180d': 0,
      never: 1,
    });
  });

  it('counts the rest without owners when told not to, and then has no summary to give', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    const tally = new Tally(now);
    tally.countOwners = false;
    tally.add({ used: undefined, expires: undefined }, [
      finding({ id: 'a', name: 'n', owner: { name: 'Ada' } }, 'd', 0),
    ]);
    tally.invalid++;
    expect([tally.audited, tally.invalid]).toEqual([1, 1]);
    expect(() => tally.summary()).toThrow(/owners were not counted/);
  });
});

describe('sumSummaries', () => {
  it('adds every count, keeps every key, and says owners were checked only when all were', () => {
    const now = Date.now();
    const empty = new Tally(now).summary();
    const one = {
      ...empty,
      audited: 3,
      flagged: 2,
      findings: 4,
      bySeverity: { ...empty.bySeverity, high: 1 },
      byFinding: { stale: 2 },
      byOwner: { Sam: 1 },
      owners: { checked: true },
    };
    const two = {
      ...empty,
      audited: 5,
      findings: 1,
      byFinding: { broad_scope: 1, stale: 1 },
      byOwner: { Sam: 2, Ada: 1 },
      owners: { checked: false, note: 'the PAT lacks idn:identity:read' },
    };
    const sum = sumSummaries([one, two]);
    expect(sum).toMatchObject({ audited: 8, flagged: 2, findings: 5, byOwner: { Sam: 3, Ada: 1 }, owners: two.owners });
    expect(sum.bySeverity).toEqual({ ...empty.bySeverity, high: 1 });
    // In the rules' order, as the report lists them.
    expect(sum.byFinding).toEqual({ stale: 3, broad_scope: 1 });
    expect(Object.keys(sum.byFinding)).toEqual(findingCodes.filter((code) => code in sum.byFinding));
    expect(sum.byLastUsed).toEqual(empty.byLastUsed);
  });
});
