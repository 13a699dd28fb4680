// The store's statements on node:sqlite (what the mock uses) and on
// better-sqlite3 13 (the alternative), side by side in one run: the same SQL,
// pragmas and file-backed WAL database, in interleaved rounds (median and
// spread), into the `store-drivers` section of bench/results.json and BENCHMARKS.md.
// Run: pnpm --filter @patkit/mock-server bench:store
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { readResults, resultsFileOf, spread, updateReadme, writeSection } from '../../../scripts/bench-results.mjs';
import { tables, tablesFile } from './tables.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const schema = `CREATE TABLE identities (id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL);
CREATE TABLE pats (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  name TEXT NOT NULL, scope TEXT, created INTEGER NOT NULL, last_used INTEGER, managed INTEGER NOT NULL DEFAULT 0,
  validity INTEGER NOT NULL, expiration INTEGER, user_aware INTEGER NOT NULL DEFAULT 0,
  secret_salt TEXT NOT NULL, secret_hash TEXT NOT NULL, UNIQUE (owner_id, name));
CREATE INDEX pats_by_owner ON pats (owner_id, created);`;
const list =
  'SELECT pats.*, identities.name AS owner_name FROM pats JOIN identities ON identities.id = pats.owner_id WHERE pats.owner_id = ? ORDER BY pats.created, pats.id';
const insert = `INSERT INTO pats (id, owner_id, name, scope, created, last_used, managed, validity, expiration, user_aware, secret_salt, secret_hash)
  VALUES (@id, @owner_id, @name, @scope, @created, @last_used, @managed, @validity, @expiration, @user_aware, @secret_salt, @secret_hash)`;

function row(i) {
  return {
    id: i.toString(16).padStart(32, '0'),
    owner_id: 'owner',
    name: `pat ${i}`,
    scope: '["sp:scopes:all"]',
    created: 1_700_000_000_000 + i,
    last_used: null,
    managed: 0,
    validity: 43200,
    expiration: null,
    user_aware: 1,
    secret_salt: 'salt',
    secret_hash: 'hash',
  };
}

// Both drivers have the calls the benchmark makes: exec, prepare, close; run, all, get.
const drivers = {
  'node:sqlite': (file) => new DatabaseSync(file),
  'better-sqlite3 13': (file) => new BetterSqlite3(file),
};

function measure(open) {
  const dir = mkdtempSync(join(tmpdir(), 'patkit-drivers-'));
  const db = open(join(dir, 'state.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  db.exec(schema);
  db.exec("INSERT INTO identities VALUES ('owner', 'Owner', 'user')");
  const [ins, del, sel, get] = [
    db.prepare(insert),
    db.prepare('DELETE FROM pats WHERE id = ?'),
    db.prepare(list),
    db.prepare('SELECT * FROM pats WHERE id = ?'),
  ];
  for (let i = 0; i < 10; i++) ins.run(row(i));
  const rate = (fn, n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const results = {
    'create+delete (transactions)': rate((i) => {
      db.exec('BEGIN IMMEDIATE');
      ins.run(row(1000 + i));
      db.exec('COMMIT');
      db.exec('BEGIN IMMEDIATE');
      del.run((1000 + i).toString(16).padStart(32, '0'));
      db.exec('COMMIT');
    }, 5_000),
    "list an owner's 10 PATs": rate(() => sel.all('owner'), 50_000),
    'get by id': rate((i) => get.get((i % 10).toString(16).padStart(32, '0')), 200_000),
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

const samples = Object.fromEntries(Object.keys(drivers).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, open] of Object.entries(drivers)) samples[name].push(measure(open));
}
const operations = Object.keys(samples['node:sqlite'][0]);
const app = fileURLToPath(new URL('..', import.meta.url));
writeSection(resultsFileOf(app), 'store-drivers', {
  rounds,
  operations: operations.map((name) => ({
    name,
    drivers: Object.fromEntries(
      Object.keys(drivers).map((driver) => [driver, spread(samples[driver].map((sample) => sample[name]))]),
    ),
  })),
});
updateReadme(join(app, tablesFile), resultsFileOf(app), tables);
console.log(tables['store-drivers'](readResults(resultsFileOf(app))['store-drivers']));
