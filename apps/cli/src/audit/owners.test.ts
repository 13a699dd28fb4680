import { identitiesPerRequest, type OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { describe, expect, it } from 'vitest';
import { lookupsAtOnce, Owners } from './owners.js';

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

describe('Owners', () => {
  it('asks for the owners of batches as they are read, 50 ids a look-up and at most lookupsAtOnce (8) at once', async () => {
    const held = heldLookup();
    const owners = new Owners(held.lookup);
    owners.want(batch(0, 30));
    owners.want(batch(30, 130));
    owners.want(batch(130, 400));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The first 30 ids went at once (nothing was in flight), the rest 50 at a time, eight in flight.
    expect([identitiesPerRequest, lookupsAtOnce]).toEqual([50, 8]);
    expect(held.asked.map((ids) => ids.length)).toEqual([30, 50, 50, 50, 50, 50, 50, 50]);
    expect(held.asked[1]?.[0]).toBe('o30');
    expect(owners.isPending(pat('o1'))).toBe(true);
    const answered: string[] = [];
    const stop = owners.onKnown((ids) => answered.push(...ids));
    const learnt = owners.learn(batch(0, 30));
    held.release();
    await learnt;
    stop();
    expect(owners.isPending(pat('o1'))).toBe(false);
    // The ids of each look-up answered, in the order they were answered.
    const heard = answered.length;
    expect(heard).toBeGreaterThanOrEqual(180);
    expect(answered).toEqual(held.asked.flat().slice(0, heard));
    expect(owners.of(pat('o1'))).toEqual(identity('o1'));
    expect(owners.of(pat('o3'))).toBeNull();
    // Nothing more comes: the last short group goes too.
    owners.hurry();
    await owners.learn(batch(0, 400));
    expect(held.asked.flat()).toHaveLength(400);
    expect(new Set(held.asked.flat()).size).toBe(400);
    expect(held.most()).toBe(8);
    expect(owners.count).toBe(400);
    // None after the listener stopped.
    expect(answered).toHaveLength(heard);
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
