import { describe, expect, it } from 'vitest';
import { ManualClock, testSeed, userPat } from '../mock-server.test-utils.js';
import { checkSeed, demoSeed, loadSeed, type Seed } from './seed.js';
import { Store } from './store.js';

describe('seeds', () => {
  it('name every bad field and reference', () => {
    const seed = testSeed();
    const bad = {
      identities: [...seed.identities, { id: 'x', name: '', level: 'root' }],
      pats: [
        ...seed.pats,
        { id: 'p1', secret: 's', name: 'n', ownerId: 'nobody', accessTokenValiditySeconds: 5, created: 'yesterday' },
      ],
    };
    expect(() => checkSeed(bad)).toThrow(/\/identities\/2\/level: expected one of "user", "admin"/);
    try {
      checkSeed(bad);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('/identities/2/name');
      expect(message).toContain(
        '/pats/4/accessTokenValiditySeconds: 5 is out of range; use an integer from 15 to 43200',
      );
      expect(message).toContain('/pats/4/created: "yesterday" is not a valid date-time');
    }
    const orphan = { identities: seed.identities, pats: [{ id: 'p', secret: 's', name: 'n', ownerId: 'nobody' }] };
    expect(() => checkSeed(orphan)).toThrow(/\/pats\/0\/ownerId: no identity has the id "nobody"/);
    expect(() => checkSeed({ ...seed, extra: 1 })).toThrow(/"extra" is not a key/);
  });

  it('check every key as the format says, without zod', () => {
    const seed = testSeed();
    const one = { id: 'p', secret: 's', name: 'n', ownerId: seed.identities[0]?.id as string };
    const problems = (pat: Record<string, unknown>) => {
      try {
        checkSeed({ identities: seed.identities, pats: [pat] });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problems({ id: 'p', name: 'n', ownerId: one.ownerId })).toContain(
      '/pats/0/secret: required key is missing; add a non-empty string',
    );
    // A key set to undefined is not a key left out (JSON has no undefined).
    expect(problems({ ...one, managed: undefined })).toContain('/pats/0/managed: expected true or false, got nothing');
    expect(problems({ ...one, scope: ['ok', '', 'bad\uD800'] })).toMatch(
      /^ {2}\/pats\/0\/scope\/2: is not well-formed Unicode/m,
    );
    expect(problems({ ...one, scope: 'sp:scopes:all' })).toContain(
      '/pats/0/scope: expected an array of strings or null, got the string "sp:scopes:all"',
    );
    expect(problems({ ...one, accessTokenValiditySeconds: 15.5 })).toContain(
      '/pats/0/accessTokenValiditySeconds: expected an integer from 15 to 43200, got the number 15.5',
    );
    expect(problems({ ...one, lastUsed: null, expirationDate: null, scope: null })).toBe('');
    expect(() => checkSeed([])).toThrow('(root): expected a seed, got an array');
    // Date-times are stored as the API writes them.
    const checked = checkSeed({
      identities: seed.identities,
      pats: [{ ...one, created: '2024-01-02T03:04:05+01:00' }],
    });
    expect(checked.pats[0]?.created).toBe('2024-01-02T02:04:05.000Z');
  });

  it('load with the API defaults and hash the secrets', () => {
    const store = new Store();
    const clock = new ManualClock();
    loadSeed(store, testSeed(), clock);
    const managed = store.pat('d'.repeat(32));
    expect(managed).toMatchObject({
      scope: ['sp:scopes:all'],
      created: clock.time,
      lastUsed: null,
      managed: true,
      accessTokenValiditySeconds: 43200,
      expirationDate: null,
      userAwareTokenNeverExpires: true,
    });
    expect(JSON.stringify(store.allPats())).not.toContain('managed-secret');
    store.close();
  });

  it('include a valid demo', () => {
    const store = new Store();
    loadSeed(store, demoSeed(Date.now()), new ManualClock());
    expect(
      store
        .identities()
        .map((i) => i.level)
        .sort(),
    ).toEqual(['admin', 'user', 'user']);
    expect(store.allPats().some((p) => p.managed)).toBe(true);
    store.close();
  });
});

describe('merged seeds', () => {
  it('may name owners the store already has', () => {
    const store = new Store();
    loadSeed(store, testSeed(), new ManualClock());
    loadSeed(
      store,
      { identities: [], pats: [{ id: 'z'.repeat(32), secret: 's', name: 'more', ownerId: 'user-identity' }] },
      new ManualClock(),
      false,
    );
    expect(store.patsOf('user-identity').map((p) => p.name)).toContain('more');
    expect(() =>
      loadSeed(
        store,
        { identities: [], pats: [{ id: 'y', secret: 's', name: 'n', ownerId: 'nobody' }] },
        new ManualClock(),
        false,
      ),
    ).toThrow(/no identity has the id "nobody"/);
    store.close();
  });

  it('may not reuse what the store has: identity ids, PAT ids, names of an owner', () => {
    // Found by the admin API fuzzer: each of these answered 500 (a SQLite constraint) instead of naming the problem.
    const store = new Store();
    loadSeed(store, testSeed(), new ManualClock());
    const merge = (seed: Seed) => () => loadSeed(store, seed, new ManualClock(), false);
    const pat = { secret: 's', ownerId: 'user-identity' };
    expect(merge({ identities: [{ id: 'user-identity', name: 'Again', level: 'user' }], pats: [] })).toThrow(
      '/identities/0/id: "user-identity" is used twice (the store has it already)',
    );
    expect(merge({ identities: [], pats: [{ ...pat, id: userPat.clientId, name: 'fresh' }] })).toThrow(
      `/pats/0/id: "${userPat.clientId}" is used twice (the store has it already)`,
    );
    expect(merge({ identities: [], pats: [{ ...pat, id: 'fresh', name: 'user pat' }] })).toThrow(
      '/pats/0/name: the owner already has a PAT named "user pat"',
    );
    expect(store.allPats()).toHaveLength(4);
    store.close();
  });
});

describe('limits in seeds', () => {
  it('refuses an identity id twice, and more than 10 PATs for an owner, counting those in the store', () => {
    const one = { id: 'i', name: 'I', level: 'user' as const };
    expect(() => checkSeed({ identities: [one, one], pats: [] })).toThrow('/identities/1/id: "i" is used twice');
    const pats = (n: number, from = 0) =>
      Array.from({ length: n }, (_, k) => ({ id: `p${from + k}`, secret: 's', name: `n${from + k}`, ownerId: 'i' }));
    expect(checkSeed({ identities: [one], pats: pats(10) }).pats).toHaveLength(10);
    expect(() => checkSeed({ identities: [one], pats: pats(11) })).toThrow(
      '/pats/10/ownerId: "i" would have more than 10 PATs, which ISC does not allow',
    );
    const store = new Store();
    loadSeed(store, { identities: [one], pats: pats(8) }, new ManualClock());
    expect(() => loadSeed(store, { identities: [], pats: pats(3, 8) }, new ManualClock(), false)).toThrow(
      '/pats/2/ownerId',
    );
    expect(store.ownerPats('i', '').count).toBe(8);
    store.close();
  });
});
