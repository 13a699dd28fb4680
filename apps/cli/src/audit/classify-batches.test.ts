import { identitiesPerRequest, type OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { describe, expect, it } from 'vitest';
import { classifyBatches } from './classify-batches.js';
import { audit, defaultPolicy, type Finding } from './findings.js';
import { lookupsAtOnce, Owners } from './owners.js';
import { findingRow, Tally } from './tally.js';

const now = Date.parse('2026-12-01T00:00:00.000Z');
const day = 86_400_000;

/** A tenant's list: `count` PATs of `owners` owners in a fixed shuffled order, ten PATs each, as the tenants bench seeds them. */
function tenantList(count: number, owners: number): GetPersonalAccessTokenResponse[] {
  const order = Array.from({ length: count }, (_, i) => i % owners);
  for (let i = order.length - 1, seed = 7; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.map((owner, i) => ({
    id: `pat-${i}`,
    name: `job ${i}`,
    owner: { type: 'IDENTITY', id: `o${owner}`, name: `Owner ${owner}` },
    scope: i % 3 === 0 ? ['sp:scopes:all'] : ['idn:identity:read'],
    created: new Date(now - 400 * day).toISOString(),
    lastUsed: i % 4 === 0 ? null : new Date(now - (i % 200) * day).toISOString(),
    expirationDate: i % 5 === 0 ? null : new Date(now + ((i % 60) - 30) * day).toISOString(),
    managed: false,
  })) as GetPersonalAccessTokenResponse[];
}

/** The identities of the owners: every seventh has left, every eleventh is none. */
const identityOf = (id: string): OwnerIdentity | undefined => {
  const n = Number(id.slice(1));
  if (n % 11 === 0) return undefined;
  return { id, name: `Owner ${n}`, ...(n % 7 === 0 ? { identityStatus: 'TERMINATED' } : {}) } as OwnerIdentity;
};
const answer = (ids: readonly string[]) =>
  new Map(ids.flatMap((id) => (identityOf(id) === undefined ? [] : [[id, identityOf(id) as OwnerIdentity]])));

async function* batchesOf(pats: readonly GetPersonalAccessTokenResponse[], size: number, pulled?: { count: number }) {
  for (let at = 0; at < pats.length; at += size) {
    if (pulled !== undefined) pulled.count++;
    yield pats.slice(at, at + size);
  }
}

/** Look-ups answered a round at a time (every one in flight together, as one latency of a slow tenant). */
function roundLookups() {
  const inFlight: (() => void)[] = [];
  const lookup = async (ids: readonly string[]) => {
    await new Promise<void>((resolve) => inFlight.push(resolve));
    return answer(ids);
  };
  /** Answers round after round until `done` settles; how many rounds it took. */
  const answerRounds = async (done: Promise<unknown>, before?: () => void) => {
    let settled = false;
    done.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    let rounds = 0;
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      if (inFlight.length === 0) continue;
      before?.();
      rounds++;
      for (const release of inFlight.splice(0)) release();
    }
    return rounds;
  };
  return { lookup, answerRounds };
}

/** The findings as NDJSON lines, sorted: what was found, whatever the order. */
const lines = (findings: readonly Finding[]) => findings.map((finding) => JSON.stringify(findingRow(finding))).sort();

describe('classifyBatches', () => {
  it("finds what a whole-list audit finds, and a tenant's 1,000 scattered owners take the rounds they need, not more", async () => {
    const pats = tenantList(10_000, 1_000);
    const { lookup, answerRounds } = roundLookups();
    const owners = new Owners(lookup);
    const tally = new Tally(now);
    const found: Finding[] = [];
    const classifying = { policy: defaultPolicy, now, failOn: 'high' as const, owners, tally, maxHeld: 200_000 };
    const run = classifyBatches(batchesOf(pats, 256), classifying, (findings) => found.push(...findings));
    const rounds = await answerRounds(run);
    // 1,000 owners are 20 look-ups of 50, eight at once: 3 rounds (more when a batch waited for its owners).
    expect(Math.ceil(1_000 / identitiesPerRequest / lookupsAtOnce)).toBe(3);
    expect(rounds).toBe(3);
    expect(await run).toBe(true);
    const expected = audit(pats, defaultPolicy, now, (pat) => identityOf(pat.owner.id as string) ?? null);
    expect(expected.some((finding) => finding.code === 'owner_inactive')).toBe(true);
    expect(expected.some((finding) => finding.code === 'owner_missing')).toBe(true);
    expect(lines(found)).toEqual(lines(expected));
    const summary = tally.summary();
    expect(summary.audited).toBe(10_000);
    expect(summary.findings).toBe(expected.length);
    expect(summary.flagged).toBe(new Set(expected.map((finding) => finding.pat.id)).size);
  });

  it('holds at most about maxHeld PATs: past it the list waits for owners, then goes on to the end', async () => {
    const pats = tenantList(3_000, 600);
    const { lookup, answerRounds } = roundLookups();
    const owners = new Owners(lookup);
    const found: Finding[] = [];
    const pulled = { count: 0 };
    const classifying = { policy: defaultPolicy, now, failOn: undefined, owners, tally: new Tally(now), maxHeld: 300 };
    const run = classifyBatches(batchesOf(pats, 100, pulled), classifying, (findings) => found.push(...findings));
    let pulledBeforeFirstAnswer: number | undefined;
    await answerRounds(run, () => {
      pulledBeforeFirstAnswer ??= pulled.count;
    });
    await run;
    // Four batches of 100 PATs, each a new owner's mostly, are more than 300 held: the fifth waits.
    expect(pulledBeforeFirstAnswer).toBe(4);
    expect(pulled.count).toBe(30);
    expect(lines(found)).toEqual(
      lines(audit(pats, defaultPolicy, now, (pat) => identityOf(pat.owner.id as string) ?? null)),
    );
  });

  it('a failed look-up: rethrown by default; or, handled, the audit completes without owner findings', async () => {
    const pats = tenantList(500, 100);
    const down = async () => {
      throw new Error('down');
    };
    const classifying = (owners: Owners) => ({
      policy: defaultPolicy,
      now,
      failOn: undefined,
      owners,
      tally: new Tally(now),
      maxHeld: 1_000,
    });
    await expect(classifyBatches(batchesOf(pats, 100), classifying(new Owners(down)), () => {})).rejects.toThrow(
      'down',
    );
    const handled: unknown[] = [];
    const found: Finding[] = [];
    await classifyBatches(
      batchesOf(pats, 100),
      classifying(new Owners(down, (error) => handled.push(error))),
      (findings) => found.push(...findings),
    );
    expect(handled).toHaveLength(1);
    expect(lines(found)).toEqual(lines(audit(pats, defaultPolicy, now)));
  });
});
