import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ManualClock, testSeed } from '../mock-server.test-utils.js';
import { loadSeed } from './seed.js';
import { Store } from './store.js';

describe('Store', () => {
  it('migrates a new file once, keeps its data, and refuses a newer schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-store-')), 'state.db');
    const first = new Store(file);
    loadSeed(first, testSeed(), new ManualClock());
    first.close();
    const again = new Store(file);
    expect(again.allPats()).toHaveLength(4);
    again.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: 4 });
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => new Store(file)).toThrow(/schema version 99, newer than this server's 4/);
  });

  it('upgrades a database of an older schema: identities become ACTIVE, active, not removed, with times', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'patkit-store-')), 'state.db');
    const first = new Store(file);
    loadSeed(first, testSeed(), new ManualClock());
    first.close();
    // The file as a server of schema 2 left it.
    const raw = new DatabaseSync(file);
    for (const column of ['email', 'status', 'lifecycle', 'removed', 'created', 'modified', 'last_refresh'])
      raw.exec(`ALTER TABLE identities DROP COLUMN ${column}`);
    raw.exec('PRAGMA user_version = 2');
    raw.close();
    const before = Date.now();
    const upgraded = new Store(file);
    const { created, modified, lastRefresh, ...rest } = upgraded.identity('user-identity') ?? {};
    expect(rest).toEqual({
      id: 'user-identity',
      name: 'Sam User',
      level: 'user',
      identityStatus: 'ACTIVE',
      lifecycleState: 'active',
    });
    // Identities of an older file are created, changed and refreshed when this version opens it.
    expect(Math.abs((created ?? 0) - before)).toBeLessThan(60_000);
    expect([modified, lastRefresh]).toEqual([created, created]);
    expect(upgraded.allPats()).toHaveLength(4);
    upgraded.close();
  });

  it('gives fresh lists after every write', () => {
    const store = new Store();
    loadSeed(store, testSeed(), new ManualClock());
    const before = store.patsOf('user-identity');
    expect(store.patsOf('user-identity')).toBe(before);
    store.touch('b'.repeat(32), 1);
    const after = store.patsOf('user-identity');
    expect(after).not.toBe(before);
    expect(after.find((p) => p.id === 'b'.repeat(32))?.lastUsed).toBe(1);
    store.close();
  });

  it('keeps identities it looked up until one changes, is added, or a transaction rolls back', () => {
    const store = new Store();
    loadSeed(store, testSeed(), new ManualClock());
    const sam = store.identity('user-identity');
    expect(store.identity('user-identity')).toBe(sam);
    const changed = store.updateIdentity('user-identity', { identityStatus: 'TERMINATED' }, 1_800_000_000_000);
    expect(changed).toMatchObject({
      identityStatus: 'TERMINATED',
      modified: 1_800_000_000_000,
      lastRefresh: 1_800_000_000_000,
    });
    expect(store.identity('user-identity')?.identityStatus).toBe('TERMINATED');
    // An unknown id, looked up (and kept as unknown), then added.
    expect(store.identity('newcomer')).toBeUndefined();
    store.addIdentity(
      { id: 'newcomer', name: 'New Comer', level: 'user', created: 1_700_000_000_000 },
      1_800_000_000_000,
    );
    expect(store.identity('newcomer')).toMatchObject({
      name: 'New Comer',
      created: 1_700_000_000_000,
      modified: 1_700_000_000_000,
      lastRefresh: 1_700_000_000_000,
    });
    // Added in a transaction that fails: gone again, from the cache too.
    expect(() =>
      store.transaction(() => {
        store.addIdentity({ id: 'ghost', name: 'Ghost', level: 'user' }, 0);
        expect(store.identity('ghost')?.name).toBe('Ghost');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.identity('ghost')).toBeUndefined();
    store.clear();
    expect(store.identity('user-identity')).toBeUndefined();
    store.close();
  });
});
