import { readFileSync } from 'node:fs';
import { day, maxAccessTokenValiditySeconds, normalizePatName } from '@patkit/model/core';
import { parseJson } from '@patkit/serializer';
import { MockError } from '../mock-error.js';
import { maxPatsPerOwner } from '../pats/rules.js';
import type { Clock } from './clock.js';
import { hashSecret } from './ids.js';
import { canonicalSeed, type Seed, seedShapeProblems } from './seed-format.js';
import type { Identity, PatRow, Store } from './store.js';

export type { Seed } from './seed-format.js';

function problem(where: string, message: string): MockError {
  return new MockError('invalid_seed', `Invalid seed${where === '' ? '' : ` ${where}`}: ${message}`);
}

/** What a seed merged into a store meets there. */
export interface SeedContext {
  readonly identities: readonly string[];
  readonly pats: readonly { readonly id: string; readonly ownerId: string; readonly name: string }[];
}

const emptyStore: SeedContext = { identities: [], pats: [] };

/**
 * Checks a seed, naming every bad field (JSON Pointer) and cross-reference:
 * owners that exist, ids used once, names unique per owner, at most 10 PATs
 * per owner — counting what the store holds already when merging into it.
 */
export function checkSeed(value: unknown, where = '', existing: SeedContext = emptyStore): Seed {
  const shape = seedShapeProblems(value);
  if (shape.length > 0) throw problem(where, `${shape.length} problem(s)\n${shape.join('\n')}`);
  const canonical = canonicalSeed(value as Seed);
  // Names are stored and compared as the API stores them.
  const seed = { ...canonical, pats: canonical.pats.map((pat) => ({ ...pat, name: normalizePatName(pat.name) })) };
  const lines: string[] = [];
  const owners = new Set(existing.identities);
  seed.identities.forEach((identity, i) => {
    if (owners.has(identity.id))
      lines.push(
        `  /identities/${i}/id: ${JSON.stringify(identity.id)} is used twice${existing.identities.includes(identity.id) ? ' (the store has it already)' : ''}`,
      );
    owners.add(identity.id);
  });
  const stored = new Set(existing.pats.map((pat) => pat.id));
  const ids = new Set(stored);
  const names = new Set(existing.pats.map((pat) => `${pat.ownerId}\n${pat.name}`));
  const counts = new Map<string, number>();
  for (const pat of existing.pats) counts.set(pat.ownerId, (counts.get(pat.ownerId) ?? 0) + 1);
  seed.pats.forEach((pat, i) => {
    if (pat.name === '') lines.push(`  /pats/${i}/name: must not be blank`);
    if (!owners.has(pat.ownerId))
      lines.push(`  /pats/${i}/ownerId: no identity has the id ${JSON.stringify(pat.ownerId)}`);
    if (ids.has(pat.id))
      lines.push(
        `  /pats/${i}/id: ${JSON.stringify(pat.id)} is used twice${stored.has(pat.id) ? ' (the store has it already)' : ''}`,
      );
    if (names.has(`${pat.ownerId}\n${pat.name}`))
      lines.push(`  /pats/${i}/name: the owner already has a PAT named ${JSON.stringify(pat.name)}`);
    const count = (counts.get(pat.ownerId) ?? 0) + 1;
    if (count === maxPatsPerOwner + 1)
      lines.push(
        `  /pats/${i}/ownerId: ${JSON.stringify(pat.ownerId)} would have more than ${maxPatsPerOwner} PATs, which ISC does not allow`,
      );
    ids.add(pat.id);
    names.add(`${pat.ownerId}\n${pat.name}`);
    counts.set(pat.ownerId, count);
  });
  if (lines.length > 0) throw problem(where, `${lines.length} problem(s)\n${lines.join('\n')}`);
  return seed;
}

/** Reads and checks a seed file. */
export function readSeedFile(file: string): Seed {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MockError('invalid_seed', `cannot read the seed file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = parseJson(content);
  } catch (error) {
    throw problem(`file ${file}`, `not valid JSON: ${(error as Error).message}`);
  }
  return checkSeed(value, `file ${file}`);
}

/** Replaces the store's content with a seed (in one transaction). */
export function loadSeed(store: Store, seed: Seed, clock: Clock, replace = true): void {
  const checked = checkSeed(
    seed,
    '',
    replace ? emptyStore : { identities: store.identities().map((identity) => identity.id), pats: store.allPats() },
  );
  const now = clock.now();
  store.transaction(() => {
    if (replace) store.clear();
    for (const { created, modified, lastRefresh, ...identity } of checked.identities)
      store.addIdentity(
        {
          ...(identity as Identity),
          ...(created === undefined ? {} : { created: Date.parse(created) }),
          ...(modified === undefined ? {} : { modified: Date.parse(modified) }),
          ...(lastRefresh === undefined ? {} : { lastRefresh: Date.parse(lastRefresh) }),
        },
        now,
      );
    for (const pat of checked.pats) {
      const expiration =
        pat.expirationDate === undefined || pat.expirationDate === null ? null : Date.parse(pat.expirationDate);
      const { salt, hash } = hashSecret(pat.secret);
      const row: PatRow = {
        id: pat.id,
        ownerId: pat.ownerId,
        name: pat.name,
        scope: pat.scope === undefined ? ['sp:scopes:all'] : pat.scope,
        created: pat.created === undefined ? now : Date.parse(pat.created),
        lastUsed: pat.lastUsed === undefined || pat.lastUsed === null ? null : Date.parse(pat.lastUsed),
        managed: pat.managed ?? false,
        accessTokenValiditySeconds: pat.accessTokenValiditySeconds ?? maxAccessTokenValiditySeconds,
        expirationDate: expiration,
        userAwareTokenNeverExpires: pat.userAwareTokenNeverExpires ?? expiration === null,
        secretSalt: salt,
        secretHash: hash,
      };
      store.insertPat(row);
    }
  });
}

/** Demo credentials: fixed, so the README and a quick curl can use them. */
export const demoCredentials = {
  admin: { clientId: 'a0000000000000000000000000000001', clientSecret: 'demo-admin-secret-0001' },
  user: { clientId: 'b0000000000000000000000000000001', clientSecret: 'demo-user-secret-0001' },
} as const;

/** A few owners and PATs with varied lastUsed, expiry, managed flag and scope, relative to now. */
export function demoSeed(now: number): Seed {
  const at = (offsetDays: number) => new Date(now + offsetDays * day).toISOString();
  return {
    identities: [
      { id: '2c9180a46faadee4016fb4e018c20639', name: 'Ada Admin', level: 'admin' },
      { id: '2c9180867b50d088017b554662fb281e', name: 'Sam User', level: 'user' },
      { id: '2c91808a7813090a017814121e121518', name: 'Workflows Service', level: 'user' },
    ],
    pats: [
      {
        id: demoCredentials.admin.clientId,
        secret: demoCredentials.admin.clientSecret,
        name: 'Admin automation',
        ownerId: '2c9180a46faadee4016fb4e018c20639',
        scope: ['sp:scopes:all'],
        created: at(-400),
        lastUsed: at(-1),
        expirationDate: null,
        userAwareTokenNeverExpires: true,
      },
      {
        id: demoCredentials.user.clientId,
        secret: demoCredentials.user.clientSecret,
        name: 'NodeJS Integration',
        ownerId: '2c9180867b50d088017b554662fb281e',
        scope: ['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage'],
        created: at(-200),
        lastUsed: at(-2),
        expirationDate: at(180),
      },
      {
        id: 'c0000000000000000000000000000001',
        secret: 'demo-stale-secret-0001',
        name: 'Old reporting job',
        ownerId: '2c9180867b50d088017b554662fb281e',
        created: at(-365),
        lastUsed: at(-94),
        expirationDate: null,
        userAwareTokenNeverExpires: true,
      },
      {
        id: 'c0000000000000000000000000000002',
        secret: 'demo-unused-secret-0002',
        name: 'Never used',
        ownerId: '2c9180867b50d088017b554662fb281e',
        scope: ['sp:my-personal-access-tokens:read'],
        created: at(-120),
        lastUsed: null,
        expirationDate: at(3),
      },
      {
        id: 'c0000000000000000000000000000003',
        secret: 'demo-expired-secret-0003',
        name: 'Expired token',
        ownerId: '2c9180a46faadee4016fb4e018c20639',
        scope: ['sp:all-personal-access-tokens:read'],
        created: at(-200),
        lastUsed: at(-30),
        accessTokenValiditySeconds: 3600,
        expirationDate: at(-10),
      },
      {
        id: 'c0000000000000000000000000000004',
        secret: 'demo-managed-secret-0004',
        name: 'Workflow: Onboarding',
        ownerId: '2c91808a7813090a017814121e121518',
        created: at(-60),
        lastUsed: at(0),
        managed: true,
        expirationDate: null,
        userAwareTokenNeverExpires: true,
      },
    ],
  };
}
