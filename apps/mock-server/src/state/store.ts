import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type IdentityStatus, identityStatuses, inactiveIdentityStatuses } from '@patkit/model/core';
import { MockError } from '../mock-error.js';

export type IdentityLevel = 'user' | 'admin';

export type { IdentityStatus };
export { identityStatuses };

/** What can change about an identity once it exists. */
export type IdentityChange = Partial<Pick<Identity, 'identityStatus' | 'lifecycleState' | 'removed'>>;

const inactiveStatuses: ReadonlySet<IdentityStatus> = new Set(inactiveIdentityStatuses);

/** Whether an identity has left: an inactive status, or removed from ISC. */
export function hasLeft(identity: Identity): boolean {
  return identity.removed === true || inactiveStatuses.has(identity.identityStatus ?? 'ACTIVE');
}

export interface Identity {
  readonly id: string;
  /** The display name. */
  readonly name: string;
  readonly level: IdentityLevel;
  /** The login name (an access token's user_name); derived from the name when not given. */
  readonly alias?: string;
  readonly email?: string;
  /** Default ACTIVE. */
  readonly identityStatus?: IdentityStatus;
  /** The lifecycle state's name; default `active`. */
  readonly lifecycleState?: string;
  /** Deleted from ISC: the identities API no longer finds it, its PATs remain (owner without a name). */
  readonly removed?: boolean;
  /** When ISC created it, changed it and last refreshed it from its sources (epoch ms); default: when it was added. */
  readonly created?: number;
  readonly modified?: number;
  readonly lastRefresh?: number;
}

/** The login name of an identity without an alias: its name in lower case, words joined by dots. */
export function loginName(identity: Identity): string {
  if (identity.alias !== undefined) return identity.alias;
  const derived = identity.name
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join('.')
    .replace(/[^\p{L}\p{N}._-]/gu, '');
  return derived === '' ? identity.id : derived;
}

interface RawIdentity {
  id: string;
  name: string;
  level: IdentityLevel;
  alias: string | null;
  email: string | null;
  status: IdentityStatus;
  lifecycle: string;
  removed: number;
  created: number | null;
  modified: number | null;
  last_refresh: number | null;
}

function identityOf(raw: RawIdentity | undefined): Identity | undefined {
  if (raw === undefined) return undefined;
  return {
    id: raw.id,
    name: raw.name,
    level: raw.level,
    ...(raw.alias === null ? {} : { alias: raw.alias }),
    ...(raw.email === null ? {} : { email: raw.email }),
    identityStatus: raw.status,
    lifecycleState: raw.lifecycle,
    ...(raw.removed === 1 ? { removed: true } : {}),
    ...(raw.created === null ? {} : { created: raw.created }),
    ...(raw.modified === null ? {} : { modified: raw.modified }),
    ...(raw.last_refresh === null ? {} : { lastRefresh: raw.last_refresh }),
  };
}

function rawIdentity(identity: Identity) {
  return {
    id: identity.id,
    name: identity.name,
    level: identity.level,
    alias: identity.alias ?? null,
    email: identity.email ?? null,
    status: identity.identityStatus ?? 'ACTIVE',
    lifecycle: identity.lifecycleState ?? 'active',
    removed: identity.removed === true ? 1 : 0,
    created: identity.created ?? null,
    modified: identity.modified ?? null,
    last_refresh: identity.lastRefresh ?? null,
  };
}

/** A PAT as stored: times in epoch milliseconds, the secret only as a salted hash. */
export interface PatRow {
  readonly id: string;
  readonly ownerId: string;
  /** The owner's display name (joined from identities when read). */
  readonly ownerName?: string;
  readonly name: string;
  readonly scope: readonly string[] | null;
  readonly created: number;
  readonly lastUsed: number | null;
  readonly managed: boolean;
  readonly accessTokenValiditySeconds: number;
  readonly expirationDate: number | null;
  readonly userAwareTokenNeverExpires: boolean;
  readonly secretSalt: string;
  readonly secretHash: string;
}

interface RawPat {
  id: string;
  owner_id: string;
  owner_name?: string | null;
  name: string;
  scope: string | null;
  created: number;
  last_used: number | null;
  managed: number;
  validity: number;
  expiration: number | null;
  user_aware: number;
  secret_salt: string;
  secret_hash: string;
}

// Versioned migrations: user_version counts those applied. Append only.
const migrations: readonly string[] = [
  `CREATE TABLE identities (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     level TEXT NOT NULL CHECK (level IN ('user', 'admin'))
   );
   CREATE TABLE pats (
     id TEXT PRIMARY KEY,
     owner_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     scope TEXT,
     created INTEGER NOT NULL,
     last_used INTEGER,
     managed INTEGER NOT NULL DEFAULT 0,
     validity INTEGER NOT NULL CHECK (validity BETWEEN 15 AND 43200),
     expiration INTEGER,
     user_aware INTEGER NOT NULL DEFAULT 0,
     secret_salt TEXT NOT NULL,
     secret_hash TEXT NOT NULL,
     UNIQUE (owner_id, name)
   );
   CREATE INDEX pats_by_owner ON pats (owner_id, created);`,
  'ALTER TABLE identities ADD COLUMN alias TEXT;',
  `ALTER TABLE identities ADD COLUMN email TEXT;
   ALTER TABLE identities ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTIVE';
   ALTER TABLE identities ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'active';
   ALTER TABLE identities ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;`,
  // Identities of older files get the time they were opened by this version.
  `ALTER TABLE identities ADD COLUMN created INTEGER;
   ALTER TABLE identities ADD COLUMN modified INTEGER;
   ALTER TABLE identities ADD COLUMN last_refresh INTEGER;
   UPDATE identities SET created = CAST(unixepoch('subsec') * 1000 AS INTEGER), modified = CAST(unixepoch('subsec') * 1000 AS INTEGER), last_refresh = CAST(unixepoch('subsec') * 1000 AS INTEGER);`,
];

// node:sqlite is built into Node.js (no compiler, no binary download). Node 22
// prints an ExperimentalWarning when it first loads; the mock is tested on
// 22.13 and the warning says nothing a user can act on, so only it is dropped.
const { DatabaseSync: Database } = (() => {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('SQLite'))
      (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
})();

interface Typed<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

// node:sqlite types rows as plain records; each statement says what its rows hold.
function typed<P extends unknown[], R>(statement: StatementSync): Typed<P, R> {
  return statement as unknown as Typed<P, R>;
}

// A removed owner keeps its row (its PATs refer to it) but no longer has a name to give.
const withOwner =
  'SELECT pats.*, CASE WHEN identities.removed = 0 THEN identities.name END AS owner_name FROM pats JOIN identities ON identities.id = pats.owner_id';

function fromRaw(raw: RawPat): PatRow {
  return {
    id: raw.id,
    ownerId: raw.owner_id,
    ...(raw.owner_name === undefined || raw.owner_name === null ? {} : { ownerName: raw.owner_name }),
    name: raw.name,
    scope: raw.scope === null ? null : (JSON.parse(raw.scope) as string[]),
    created: raw.created,
    lastUsed: raw.last_used,
    managed: raw.managed === 1,
    accessTokenValiditySeconds: raw.validity,
    expirationDate: raw.expiration,
    userAwareTokenNeverExpires: raw.user_aware === 1,
    secretSalt: raw.secret_salt,
    secretHash: raw.secret_hash,
  };
}

function toRaw(row: PatRow): Omit<RawPat, 'owner_name'> {
  return {
    id: row.id,
    owner_id: row.ownerId,
    name: row.name,
    scope: row.scope === null ? null : JSON.stringify(row.scope),
    created: row.created,
    last_used: row.lastUsed,
    managed: row.managed ? 1 : 0,
    validity: row.accessTokenValiditySeconds,
    expiration: row.expirationDate,
    user_aware: row.userAwareTokenNeverExpires ? 1 : 0,
    secret_salt: row.secretSalt,
    secret_hash: row.secretHash,
  };
}

// Beside a file database, who holds it: named when a second server finds it locked.
const holderFile = (file: string) => `${file}-holder`;

function claimHolder(file: string): string {
  const path = holderFile(file);
  writeFileSync(path, `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
  return path;
}

function holderOf(file: string): string {
  try {
    const { pid, since } = JSON.parse(readFileSync(holderFile(file), 'utf8')) as { pid: number; since: string };
    return `process ${pid}, since ${since}`;
  } catch {
    return 'another process';
  }
}

/** Whether the file (or, for a new one, its folder) and the folder its journal goes to can be written. */
function writable(file: string): boolean {
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why a database cannot be used, in one line that says what to do. */
function storageError(file: string, error: unknown): MockError {
  const { errcode: extended, message } = error as { errcode?: number; message: string };
  // SQLite's primary result code, without the extended part (SQLITE_IOERR_WRITE is SQLITE_IOERR).
  const errcode = extended === undefined ? undefined : extended & 0xff;
  const text =
    errcode === 5 || errcode === 6
      ? `the database ${file} is in use by another mock server (${holderOf(file)}); stop it, or give another --db`
      : errcode === 8 || ((errcode === 10 || errcode === 14) && !writable(file))
        ? `the database ${file} cannot be written (${message}); make it and its folder writable, or give another --db`
        : errcode === 11 || errcode === 26
          ? `${file} is not a mock server database, or it is damaged (${message}); move it away, or give another --db`
          : `cannot open the database ${file}: ${message}`;
  return new MockError('storage', text, { cause: error });
}

/**
 * The server's state in SQLite. A file database uses WAL with
 * synchronous=NORMAL: a committed transaction is in the WAL before the
 * response is sent, so it survives the process being killed (kill -9); only
 * an operating-system crash or power loss could lose the last commits, which
 * FULL would prevent at the price of an fsync per write — wrong for a mock.
 */
export class Store {
  private readonly db: DatabaseSync;
  private readonly statements;
  // Prepared for the outer transaction: every write runs one, and exec would parse its SQL each time.
  private readonly outer;
  private open = true;
  private depth = 0;
  // Reads of lists come from memory; any write drops what it may have changed.
  private readonly byOwner = new Map<string, readonly PatRow[]>();
  private everything: readonly PatRow[] | undefined;
  private everyone: readonly Identity[] | undefined;
  // Every API request looks its caller's identity up: kept until an identity changes.
  private readonly identityById = new Map<string, Identity | undefined>();
  private holder: string | undefined;

  constructor(file = ':memory:') {
    try {
      this.db = new Database(file);
      this.outer = {
        begin: this.db.prepare('BEGIN IMMEDIATE'),
        commit: this.db.prepare('COMMIT'),
        rollback: this.db.prepare('ROLLBACK'),
      };
    } catch (error) {
      throw storageError(file, error);
    }
    try {
      if (file !== ':memory:') {
        // One server per file: the lock is taken by the first write below and held until close, so a
        // second server on the same file stops at start-up instead of serving from a stale cache.
        this.db.exec('PRAGMA locking_mode = EXCLUSIVE');
        this.db.exec('PRAGMA journal_mode = WAL');
        this.db.exec('PRAGMA synchronous = NORMAL');
        const check = this.db.prepare('PRAGMA quick_check').get() as { quick_check: string };
        if (check.quick_check !== 'ok') throw Object.assign(new Error(check.quick_check), { errcode: 11 });
      }
      this.db.exec('PRAGMA foreign_keys = ON');
      this.migrate();
      // A write at once: a file that cannot be written fails now, not at the first request.
      this.db.exec('BEGIN IMMEDIATE; COMMIT');
      if (file !== ':memory:') this.holder = claimHolder(file);
    } catch (error) {
      this.db.close();
      this.open = false;
      throw error instanceof MockError ? error : storageError(file, error);
    }
    const db = this.db;
    this.statements = {
      identity: typed<[string], RawIdentity>(db.prepare('SELECT * FROM identities WHERE id = ?')),
      identities: typed<[], RawIdentity>(db.prepare('SELECT * FROM identities ORDER BY name, id')),
      insertIdentity: db.prepare(
        `INSERT INTO identities (id, name, level, alias, email, status, lifecycle, removed, created, modified, last_refresh)
         VALUES (@id, @name, @level, @alias, @email, @status, @lifecycle, @removed, @created, @modified, @last_refresh)`,
      ),
      updateIdentity: db.prepare(
        'UPDATE identities SET status = @status, lifecycle = @lifecycle, removed = @removed, modified = @modified, last_refresh = @last_refresh WHERE id = @id',
      ),
      pat: typed<[string], RawPat>(db.prepare(`${withOwner} WHERE pats.id = ?`)),
      patsOf: typed<[string], RawPat>(
        db.prepare(`${withOwner} WHERE pats.owner_id = ? ORDER BY pats.created, pats.id`),
      ),
      allPats: typed<[], RawPat>(db.prepare(`${withOwner} ORDER BY pats.created, pats.id`)),
      patOwner: typed<[string], { owner_id: string; managed: number }>(
        db.prepare('SELECT owner_id, managed FROM pats WHERE id = ?'),
      ),
      ownerPats: typed<[string, string, string], { n: number; taken: number }>(
        db.prepare(
          'SELECT count(*) AS n, count(CASE WHEN name = ? AND id != ? THEN 1 END) AS taken FROM pats WHERE owner_id = ?',
        ),
      ),
      insertPat: db.prepare(
        `INSERT INTO pats (id, owner_id, name, scope, created, last_used, managed, validity, expiration, user_aware, secret_salt, secret_hash)
         VALUES (@id, @owner_id, @name, @scope, @created, @last_used, @managed, @validity, @expiration, @user_aware, @secret_salt, @secret_hash)`,
      ),
      updatePat: db.prepare(
        'UPDATE pats SET name = @name, scope = @scope, expiration = @expiration, user_aware = @user_aware WHERE id = @id',
      ),
      touch: db.prepare('UPDATE pats SET last_used = ? WHERE id = ?'),
      deletePat: db.prepare('DELETE FROM pats WHERE id = ?'),
    };
  }

  private migrate(): void {
    const applied = (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (applied > migrations.length) {
      throw new MockError(
        'storage',
        `the database has schema version ${applied}, newer than this server's ${migrations.length}`,
      );
    }
    for (let version = applied; version < migrations.length; version++) {
      this.transaction(() => {
        this.db.exec(migrations[version] as string);
        this.db.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
  }

  /**
   * Runs fn in a transaction (BEGIN IMMEDIATE: the write lock is taken at
   * once), or in a savepoint when one is already open; a throw rolls back.
   */
  transaction<T>(fn: () => T): T {
    const savepoint = this.depth > 0 ? `s${this.depth}` : undefined;
    if (savepoint === undefined) this.outer.begin.run();
    else this.db.exec(`SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = fn();
      if (savepoint === undefined) this.outer.commit.run();
      else this.db.exec(`RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      try {
        if (savepoint === undefined) this.outer.rollback.run();
        else this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      } catch {
        // SQLite already rolled back (it does on some errors): nothing is left to undo.
      }
      // A rolled-back transaction may have dropped nothing it should have, or cached a row that is gone.
      this.changed();
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** The identity, or undefined. Shared until it changes: do not change it. */
  identity(id: string): Identity | undefined {
    if (this.identityById.has(id)) return this.identityById.get(id);
    const raw = identityOf(this.statements.identity.get(id));
    const identity = raw === undefined ? undefined : Object.freeze(raw);
    if (this.identityById.size >= 10_000) this.identityById.clear();
    this.identityById.set(id, identity);
    return identity;
  }

  /** Every identity, by name. Shared until the next write: do not change it. */
  identities(): readonly Identity[] {
    this.everyone ??= Object.freeze(this.statements.identities.all().map((raw) => identityOf(raw) as Identity));
    return this.everyone;
  }

  /** Adds an identity; `now` (the server's clock) is its created, modified and lastRefresh where it has none. */
  addIdentity(identity: Identity, now: number): void {
    const created = identity.created ?? now;
    const modified = identity.modified ?? created;
    this.statements.insertIdentity.run(
      rawIdentity({ ...identity, created, modified, lastRefresh: identity.lastRefresh ?? modified }),
    );
    this.changed();
  }

  /** Changes an identity's status, lifecycle state or removal (a leaver, for audits); false when there is no such identity. */
  updateIdentity(id: string, change: IdentityChange, now: number): Identity | undefined {
    const current = this.identity(id);
    if (current === undefined) return undefined;
    // A change is ISC's refresh of the identity from its sources: both times move.
    const next = { ...current, ...change, modified: now, lastRefresh: now };
    const { status, lifecycle, removed, modified, last_refresh } = rawIdentity(next);
    this.statements.updateIdentity.run({ id, status, lifecycle, removed, modified, last_refresh });
    this.changed();
    return this.identity(id);
  }

  pat(id: string): PatRow | undefined {
    const raw = this.statements.pat.get(id);
    return raw === undefined ? undefined : fromRaw(raw);
  }

  /** The owner's PATs, oldest first. The array and its rows are shared: do not change them. */
  patsOf(ownerId: string): readonly PatRow[] {
    let rows = this.byOwner.get(ownerId);
    if (rows === undefined) {
      rows = Object.freeze(this.statements.patsOf.all(ownerId).map(fromRaw));
      this.byOwner.set(ownerId, rows);
    }
    return rows;
  }

  /** Every PAT, oldest first. Shared: do not change it. */
  allPats(): readonly PatRow[] {
    this.everything ??= Object.freeze(this.statements.allPats.all().map(fromRaw));
    return this.everything;
  }

  private changed(ownerId?: string): void {
    this.everything = undefined;
    this.everyone = undefined;
    if (ownerId !== undefined) {
      this.byOwner.delete(ownerId);
      return;
    }
    // Without an owner, anything may have changed, identities too.
    this.byOwner.clear();
    this.identityById.clear();
  }

  /** How many PATs the owner has, and whether one of them (but `exceptId`) is named `name`: one query. */
  ownerPats(ownerId: string, name: string, exceptId = ''): { count: number; nameTaken: boolean } {
    const found = this.statements.ownerPats.get(name, exceptId, ownerId);
    return { count: found?.n ?? 0, nameTaken: (found?.taken ?? 0) > 0 };
  }

  /** Who owns a PAT and whether it is managed, without reading the rest of it. */
  patOwner(id: string): { ownerId: string; managed: boolean } | undefined {
    const found = this.statements.patOwner.get(id);
    return found === undefined ? undefined : { ownerId: found.owner_id, managed: found.managed === 1 };
  }

  insertPat(row: PatRow): void {
    this.changed(row.ownerId);
    this.statements.insertPat.run(toRaw(row));
  }

  updatePat(row: PatRow): void {
    this.changed(row.ownerId);
    const { id, name, scope, expiration, user_aware } = toRaw(row);
    this.statements.updatePat.run({ id, name, scope, expiration, user_aware });
  }

  touch(id: string, when: number): void {
    this.changed(this.patOwner(id)?.ownerId);
    this.statements.touch.run(when, id);
  }

  /** Deletes a PAT; give its owner when known, to save looking the PAT up. */
  deletePat(id: string, ownerId = this.patOwner(id)?.ownerId): boolean {
    this.changed(ownerId);
    return Number(this.statements.deletePat.run(id).changes) > 0;
  }

  /** Removes every identity and PAT. */
  clear(): void {
    this.changed();
    this.db.exec('DELETE FROM pats; DELETE FROM identities;');
  }

  close(): void {
    if (this.open) this.db.close();
    this.open = false;
    if (this.holder !== undefined) rmSync(this.holder, { force: true });
    this.holder = undefined;
  }
}
