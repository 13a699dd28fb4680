import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatRef } from './findings.js';
import { HeldPats } from './held-pats.js';

const owner = (id: string, name = `Owner ${id}`): PatRef['owner'] => ({ type: 'IDENTITY', id, name });

/** What take gives for `ownerId`, as [pat, hadFindings] pairs. */
function taken(held: HeldPats, ownerId: string): [PatRef, boolean][] {
  const pats: [PatRef, boolean][] = [];
  held.take(ownerId, (pat, hadFindings) => pats.push([pat, hadFindings]));
  return pats;
}

describe('HeldPats', () => {
  it('gives back the PATs of an owner in the order held, once', () => {
    const held = new HeldPats();
    const a = owner('a');
    const b = owner('b');
    held.hold('a', { id: '1', name: 'one', owner: a }, false);
    held.hold('b', { id: '2', name: 'two', owner: b }, true);
    held.hold('a', { id: '3', name: 'three', owner: a }, true);
    expect(held.count).toBe(3);
    expect(taken(held, 'a')).toEqual([
      [{ id: '1', name: 'one', owner: a }, false],
      [{ id: '3', name: 'three', owner: a }, true],
    ]);
    expect(held.count).toBe(1);
    expect(taken(held, 'a')).toEqual([]);
    expect(taken(held, 'b')).toEqual([[{ id: '2', name: 'two', owner: b }, true]]);
    expect(held.count).toBe(0);
    held.hold('a', { id: '4', name: 'four', owner: a }, false);
    expect(taken(held, 'a')).toEqual([[{ id: '4', name: 'four', owner: a }, false]]);
  });

  it('keeps every UTF-16 unit of ids and names: Latin-1, emoji, lone surrogates, empty', () => {
    const held = new HeldPats();
    const names = ['', 'café ÿ', 'tōken ✓', '🔑 key', 'lone \ud800 half', '\u0000\u00ff\u0100'];
    for (const [i, name] of names.entries()) held.hold('o', { id: `${name}#${i}`, name, owner: owner('o') }, false);
    expect(taken(held, 'o').map(([pat]) => [pat.id, pat.name])).toEqual(names.map((name, i) => [`${name}#${i}`, name]));
  });

  it('keeps one owner object for the PATs that name it alike, and its own for one that does not', () => {
    const held = new HeldPats();
    const first = owner('o', 'Ann');
    held.hold('o', { id: '1', name: 'a', owner: first }, false);
    held.hold('o', { id: '2', name: 'b', owner: owner('o', 'Ann') }, false);
    held.hold('o', { id: '3', name: 'c', owner: owner('o', 'Ann Lee') }, false);
    const pats = taken(held, 'o').map(([pat]) => pat);
    expect(pats[0]?.owner).toBe(first);
    expect(pats[1]?.owner).toBe(first);
    expect(pats[2]?.owner).toEqual(owner('o', 'Ann Lee'));
  });

  it('uses again the bytes of PATs taken: what it takes follows what is held, not what was', () => {
    const held = new HeldPats(1_024);
    held.hold('kept', { id: 'k', name: 'kept all along', owner: owner('kept') }, false);
    for (let i = 0; i < 10_000; i++) {
      held.hold(`o${i}`, { id: `pat-${i}`, name: `job ${i}`, owner: owner(`o${i}`) }, false);
      expect(taken(held, `o${i}`)).toHaveLength(1);
    }
    expect(held.bytesTaken).toBe(1_024);
    for (let i = 0; i < 1_000; i++)
      held.hold('many', { id: `pat-${i}`, name: `job ${i}`, owner: owner('many') }, false);
    expect(held.bytesTaken).toBeGreaterThan(20_000);
    expect(held.bytesTaken).toBeLessThan(100_000);
  });

  it('goes back to its first bytes once nothing is held, and gives all back when freed', () => {
    const held = new HeldPats(1_024);
    for (let i = 0; i < 1_000; i++)
      held.hold(`o${i % 10}`, { id: `pat-${i}`, name: `job ${i}`, owner: owner(`o${i % 10}`) }, false);
    const grown = held.bytesTaken;
    expect(grown).toBeGreaterThan(20_000);
    for (let o = 0; o < 9; o++) expect(taken(held, `o${o}`)).toHaveLength(100);
    expect(held.bytesTaken).toBe(grown);
    expect(taken(held, 'o9')).toHaveLength(100);
    expect(held.bytesTaken).toBe(1_024);
    held.hold('a', { id: '1', name: 'one', owner: owner('a') }, false);
    held.free();
    expect([held.count, held.bytesTaken]).toEqual([0, 0]);
    expect(taken(held, 'a')).toEqual([]);
    held.hold('a', { id: '2', name: 'two', owner: owner('a') }, true);
    expect(taken(held, 'a')).toEqual([[{ id: '2', name: 'two', owner: owner('a') }, true]]);
  });

  it('gives its bytes back at once when freed, not at the next garbage collection', () => {
    const held = new HeldPats();
    for (let i = 0; i < 20_000; i++)
      held.hold(`o${i}`, { id: `pat-${i}`.padEnd(32, '0'), name: `job ${i}`, owner: owner(`o${i}`) }, false);
    const grown = held.bytesTaken;
    expect(grown).toBeGreaterThan(1_000_000);
    const before = process.memoryUsage().arrayBuffers;
    held.free();
    expect(before - process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(grown);
  });

  it('gives back what it held whatever the order of holds and takes, past many reuses of its bytes', () => {
    const op = fc.oneof(
      fc.record({ hold: fc.nat(40), name: fc.string({ unit: 'binary', maxLength: 100 }), flagged: fc.boolean() }),
      fc.record({ take: fc.nat(40) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3_000 }), (ops) => {
        // Bytes for a few PATs at first: most holds move the others.
        const held = new HeldPats(256);
        const model = new Map<string, [PatRef, boolean][]>();
        for (const [i, step] of ops.entries()) {
          if ('hold' in step) {
            const ownerId = `o${step.hold}`;
            const pat = { id: `${i}-${step.name.slice(0, 5)}`, name: step.name, owner: owner(ownerId) };
            held.hold(ownerId, pat, step.flagged);
            model.set(ownerId, [...(model.get(ownerId) ?? []), [pat, step.flagged]]);
          } else {
            const ownerId = `o${step.take}`;
            expect(taken(held, ownerId)).toEqual(model.get(ownerId) ?? []);
            model.delete(ownerId);
          }
          expect(held.count).toBe([...model.values()].reduce((sum, pats) => sum + pats.length, 0));
        }
        for (const [ownerId, pats] of model) expect(taken(held, ownerId)).toEqual(pats);
      }),
      { numRuns: 60 },
    );
  });
});
