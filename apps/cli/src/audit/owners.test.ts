import type { OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { describe, expect, it } from 'vitest';
import { Owners } from './owners.js';

const pat = (owner: string) => ({ id: `pat-of-${owner}`, owner: { id: owner } }) as GetPersonalAccessTokenResponse;
const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => pat(`o${from + i}`));
const identity = (id: string) => ({ id, name: id }) as OwnerIdentity;

/** A look-up held until released (then answering at once), recording what it was asked and how many were in flight. */
function heldLookup() {
  const asked: string[][] = [];
  const waiting: (() => void)[] = [];
  let held = true;
  let inFlight = 0;
  let most = 0;
  const lookup = async (ids: readonly string[]) => {
    asked.push([...ids]);
    most = Math.max(most, ++inFlight);
    if (held) await new Promise<void>((resolve) => waiting.push(resolve));
    else await Promise.resolve();
    inFlight--;
    return new Map(ids.filter((id) => id !== 'o3').map((id) => [id, identity(id)]));
  };
  const release = () => {
    held = false;
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { lookup, asked, release, most: () => most };
}

async function* batches(...all: GetPersonalAccessTokenResponse[][]) {
  yield* all;
}

describe('Owners', () => {
  it('asks for the owners of batches read ahead before the first is classified, 50 ids and 4 look-ups at most at once', async () => {
    const held = heldLookup();
    const owners = new Owners(held.lookup);
    const read = owners.ahead(batches(batch(0, 30), batch(30, 130), batch(130, 400)));
    const first = (await read.next()).value as GetPersonalAccessTokenResponse[];
    await new Promise((resolve) => setTimeout(resolve, 0));
    // All three batches were read: the first 30 ids went at once, the rest 50 at a time, four in flight.
    expect(held.asked.map((ids) => ids.length)).toEqual([30, 50, 50, 50]);
    expect(held.asked[1]?.[0]).toBe('o30');
    const learnt = owners.learn(first);
    held.release();
    await learnt;
    expect(owners.of(pat('o1'))).toEqual(identity('o1'));
    expect(owners.of(pat('o3'))).toBeNull();
    for await (const rest of read) await owners.learn(rest);
    expect(held.asked.flat()).toHaveLength(400);
    expect(new Set(held.asked.flat()).size).toBe(400);
    expect(held.most()).toBe(4);
    expect(owners.count).toBe(400);
  });

  it("a tenant's list (10,000 PATs of 1,000 scattered owners, batches of 256) waits on no more rounds of look-ups than they need", async () => {
    // Owners in a fixed shuffled order, ten PATs each, as the tenants bench seeds them.
    const order = Array.from({ length: 10_000 }, (_, i) => `o${Math.floor(i / 10)}`);
    for (let i = order.length - 1, seed = 7; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j] as string, order[i] as string];
    }
    const list = Array.from({ length: 40 }, (_, at) => order.slice(at * 256, (at + 1) * 256).map(pat));
    // A round: every look-up in flight is answered together, as one latency of a slow tenant.
    const inFlight: (() => void)[] = [];
    const owners = new Owners(async (ids) => {
      await new Promise<void>((resolve) => inFlight.push(resolve));
      return new Map(ids.map((id) => [id, identity(id)]));
    });
    let classified = 0;
    const audit = (async () => {
      for await (const read of owners.ahead(batches(...list))) {
        await owners.learn(read);
        classified++;
      }
    })();
    let rounds = 0;
    for (let done = false; !done; ) {
      await new Promise((resolve) => setImmediate(resolve));
      if (inFlight.length > 0) {
        rounds++;
        for (const answer of inFlight.splice(0)) answer();
      } else done = classified === list.length;
    }
    await audit;
    // 1,000 owners are 20 look-ups of 50, four at once: 5 rounds (7 when 8 batches were read ahead).
    expect(owners.count).toBe(1000);
    expect(rounds).toBe(5);
  });

  it('a failed look-up is handed to onFailure once, and the audit goes on without owners', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const owners = new Owners(
      async () => {
        calls++;
        throw new Error('refused');
      },
      (error) => failures.push(error),
    );
    await owners.learn(batch(0, 120));
    await owners.learn(batch(120, 130));
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('refused');
    expect(calls).toBeLessThanOrEqual(3);
    expect(owners.of(pat('o1'))).toBeUndefined();
  });

  it('onFailure that throws rejects the batch that waited', async () => {
    const owners = new Owners(async () => {
      throw new Error('down');
    });
    await expect(owners.learn(batch(0, 2))).rejects.toThrow('down');
  });
});
