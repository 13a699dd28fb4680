// A mock of your own tenant: the PATs `patkit export` wrote (and the owners
// `--with-identities` wrote beside them) as a seed, each PAT with a fresh
// secret, since an export never holds one. The secrets go to a file of their
// own, created 0600 and never overwritten; nothing else ever shows them.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { decodeJsonValues, decodeList, formatLocation } from '@patkit/serializer';
import { MockError } from '../mock-error.js';
import type { Seed } from './seed.js';
import { identityStatuses } from './store.js';

type SeedIdentity = Seed['identities'][number];

const problem = (message: string) => new MockError('invalid_seed', message);

function read(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw problem(`${flag} ${file} cannot be read: ${(error as Error).message}`);
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** An identity of ISC's identities API (as `export --with-identities` writes it) in the seed's shape. */
function seedIdentity(value: unknown, admin: boolean): SeedIdentity | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const item = value as Record<string, unknown>;
  const id = text(item.id);
  if (id === undefined) return undefined;
  const status = text(item.identityStatus);
  const lifecycle = item.lifecycleState as { stateName?: unknown } | undefined;
  const stateName = text(lifecycle?.stateName);
  const time = (key: 'created' | 'modified' | 'lastRefresh') => {
    const at = text(item[key]);
    return at !== undefined && !Number.isNaN(Date.parse(at)) ? { [key]: new Date(at).toISOString() } : {};
  };
  return {
    id,
    name: text(item.name) ?? id,
    level: admin ? 'admin' : 'user',
    ...(text(item.alias) === undefined ? {} : { alias: text(item.alias) as string }),
    ...(text(item.emailAddress) === undefined ? {} : { email: text(item.emailAddress) as string }),
    ...(status !== undefined && (identityStatuses as readonly string[]).includes(status)
      ? { identityStatus: status as SeedIdentity['identityStatus'] & string }
      : {}),
    ...(stateName === undefined ? {} : { lifecycleState: stateName }),
    ...time('created'),
    ...time('modified'),
    ...time('lastRefresh'),
  };
}

function identitiesOf(file: string): unknown[] {
  const decoded = decodeJsonValues(read(file, '--identities'), { source: file });
  if (decoded.ok) return decoded.value;
  const [first] = decoded.errors;
  throw problem(
    `--identities ${file} is not JSON or NDJSON: ${first ? `${formatLocation(first)}: ${first.message}` : ''}`,
  );
}

/** An owner holds the tenant-wide rights of an admin when one of its PATs has an "all" scope. */
const allScopes = /^sp:(scopes:all|all-personal-access-tokens:(read|manage))$/;

/**
 * The seed of an export: every PAT as it was (id, name, scope, owner,
 * created, lastUsed, managed, validity, expiry) with a fresh secret; every
 * owner from the identities file (or, missing there, an identity ISC no
 * longer has, so its PATs are owned by no identity as in the tenant).
 */
export function seedFromExport(
  patsFile: string,
  identitiesFile: string | undefined,
): { seed: Seed; secrets: Record<string, string> } {
  const decoded = decodeList('GetPersonalAccessTokenResponse', read(patsFile, '--seed-from-export'), {
    apiVersion: 'v2025',
    source: patsFile,
  });
  if (!decoded.ok) {
    const [first] = decoded.errors;
    throw problem(
      `--seed-from-export ${patsFile} is not a PAT list as patkit export writes it: ${first ? `${formatLocation(first)}: ${first.message}` : ''}`,
    );
  }
  const pats: readonly GetPersonalAccessTokenResponse[] = decoded.value;
  const admins = new Set(
    pats
      .filter((pat) => (pat.scope ?? ['sp:scopes:all']).some((scope) => allScopes.test(scope)))
      .map((pat) => pat.owner.id),
  );
  const identities = new Map<string, SeedIdentity>();
  for (const item of identitiesFile === undefined ? [] : identitiesOf(identitiesFile)) {
    const id = text((item as { id?: unknown } | null)?.id);
    const identity = seedIdentity(item, id !== undefined && admins.has(id));
    if (identity !== undefined) identities.set(identity.id, identity);
  }
  for (const pat of pats) {
    const id = pat.owner.id;
    if (id === undefined || identities.has(id)) continue;
    identities.set(id, { id, name: pat.owner.name ?? id, level: admins.has(id) ? 'admin' : 'user', removed: true });
  }
  const secrets: Record<string, string> = {};
  const seedPats = pats.map((pat) => {
    const secret = randomBytes(32).toString('hex');
    secrets[pat.id] = secret;
    return {
      id: pat.id,
      secret,
      name: pat.name,
      ownerId: pat.owner.id ?? '',
      scope: pat.scope,
      created: pat.created,
      lastUsed: pat.lastUsed ?? null,
      managed: pat.managed ?? false,
      ...(pat.accessTokenValiditySeconds === undefined
        ? {}
        : { accessTokenValiditySeconds: pat.accessTokenValiditySeconds }),
      expirationDate: pat.expirationDate ?? null,
      ...(pat.userAwareTokenNeverExpires === undefined
        ? {}
        : { userAwareTokenNeverExpires: pat.userAwareTokenNeverExpires }),
    };
  });
  return { seed: { identities: [...identities.values()], pats: seedPats }, secrets };
}

/** Writes the fresh secrets (PAT id → secret) to a new file, 0600 from its first byte; an existing file is never replaced. */
export function writeSecrets(file: string, secrets: Record<string, string>): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (error) {
    throw problem(
      (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? `--secrets-file ${file} exists already; give a new path (the secrets of an earlier run are not replaced)`
        : `--secrets-file ${file} cannot be created: ${(error as Error).message}`,
    );
  }
  try {
    writeSync(fd, `${JSON.stringify(secrets, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}
