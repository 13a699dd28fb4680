import Database from 'better-sqlite3';
import { MockError } from './mock-error.js';

export type IdentityLevel = 'user' | 'admin';

export interface Identity {
  readonly id: string;
  readonly name: string;
  readonly level: IdentityLevel;
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
  owner_name?: string;
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
];

const withOwner =
  'SELECT pats.*, identities.name AS owner_name FROM pats JOIN identities ON identities.id = pats.owner_id';

function fromRaw(raw: RawPat): PatRow {
  return {
    id: raw.id,
    ownerId: raw.owner_id,
    ...(raw.owner_name === undefined ? {} : { ownerName: raw.owner_name }),
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

/**
 * The server's state in SQLite. A file database uses WAL with
 * synchronous=NORMAL: a committed transaction is in the WAL before the
 * response is sent, so it survives the process being killed (kill -9); only
 * an operating-system crash or power loss could lose the last commits, which
 * FULL would prevent at the price of an fsync per write — wrong for a mock.
 */
export class Store {
  private readonly db: Database.Database;
  private readonly statements;
  // Reads of lists come from memory; any write drops what it may have changed.
  private readonly byOwner = new Map<string, readonly PatRow[]>();
  private everything: readonly PatRow[] | undefined;

  constructor(file = ':memory:') {
    try {
      this.db = new Database(file);
    } catch (error) {
      throw new MockError('storage', `cannot open the database ${file}: ${(error as Error).message}`, { cause: error });
    }
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    this.migrate();
    const db = this.db;
    this.statements = {
      identity: db.prepare<[string], Identity>('SELECT id, name, level FROM identities WHERE id = ?'),
      identities: db.prepare<[], Identity>('SELECT id, name, level FROM identities ORDER BY name, id'),
      insertIdentity: db.prepare('INSERT INTO identities (id, name, level) VALUES (@id, @name, @level)'),
      pat: db.prepare<[string], RawPat>(`${withOwner} WHERE pats.id = ?`),
      patsOf: db.prepare<[string], RawPat>(`${withOwner} WHERE pats.owner_id = ? ORDER BY pats.created, pats.id`),
      allPats: db.prepare<[], RawPat>(`${withOwner} ORDER BY pats.created, pats.id`),
      countOf: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM pats WHERE owner_id = ?'),
      nameTaken: db.prepare<[string, string, string], { n: number }>(
        'SELECT count(*) AS n FROM pats WHERE owner_id = ? AND name = ? AND id != ?',
      ),
      insertPat: db.prepare(
        `INSERT INTO pats (id, owner_id, name, scope, created, last_used, managed, validity, expiration, user_aware, secret_salt, secret_hash)
         VALUES (@id, @owner_id, @name, @scope, @created, @last_used, @managed, @validity, @expiration, @user_aware, @secret_salt, @secret_hash)`,
      ),
      updatePat: db.prepare(
        'UPDATE pats SET name = @name, scope = @scope, expiration = @expiration, user_aware = @user_aware WHERE id = @id',
      ),
      touch: db.prepare<[number, string]>('UPDATE pats SET last_used = ? WHERE id = ?'),
      deletePat: db.prepare<[string]>('DELETE FROM pats WHERE id = ?'),
    };
  }

  private migrate(): void {
    const applied = this.db.pragma('user_version', { simple: true }) as number;
    if (applied > migrations.length) {
      throw new MockError(
        'storage',
        `the database has schema version ${applied}, newer than this server's ${migrations.length}`,
      );
    }
    for (let version = applied; version < migrations.length; version++) {
      this.db.transaction(() => {
        this.db.exec(migrations[version] as string);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      // A rolled-back transaction may have dropped nothing it should have, or cached a row that is gone.
      this.changed();
      throw error;
    }
  }

  identity(id: string): Identity | undefined {
    return this.statements.identity.get(id);
  }

  identities(): Identity[] {
    return this.statements.identities.all();
  }

  addIdentity(identity: Identity): void {
    this.statements.insertIdentity.run(identity);
    this.changed();
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
    if (ownerId === undefined) this.byOwner.clear();
    else this.byOwner.delete(ownerId);
  }

  countOf(ownerId: string): number {
    return this.statements.countOf.get(ownerId)?.n ?? 0;
  }

  nameTaken(ownerId: string, name: string, exceptId = ''): boolean {
    return (this.statements.nameTaken.get(ownerId, name, exceptId)?.n ?? 0) > 0;
  }

  insertPat(row: PatRow): void {
    this.changed(row.ownerId);
    this.statements.insertPat.run(toRaw(row));
  }

  updatePat(row: PatRow): void {
    this.changed(row.ownerId);
    this.statements.updatePat.run(toRaw(row));
  }

  touch(id: string, when: number): void {
    this.changed(this.pat(id)?.ownerId);
    this.statements.touch.run(when, id);
  }

  deletePat(id: string): boolean {
    this.changed(this.pat(id)?.ownerId);
    return this.statements.deletePat.run(id).changes > 0;
  }

  /** Removes every identity and PAT. */
  clear(): void {
    this.changed();
    this.db.exec('DELETE FROM pats; DELETE FROM identities;');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
