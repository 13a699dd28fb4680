// The identities collection of every version that has one (per-service /identities/v1 included) (what audit looks PAT
// owners up in): filters, paging, sorting, rights, leavers — every answer
// validated against the official OpenAPI files of its version.
import { apiVersionTable, identityApiVersions } from '@patkit/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  admin,
  adminPat,
  adminRequest,
  testSeed,
  tokenResponse,
  user,
  userPat,
} from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import type { Seed } from '../src/state/seed.js';
import { specFileProblems } from './official-responses.test-utils.js';

const leaver = { id: 'leaver-identity', name: 'Lee Leaver' };
const gone = { id: 'gone-identity', name: 'Gil Gone' };
let seededAt: number;
const leaverTimes = { created: '2020-02-03T04:05:06.789Z', modified: '2026-10-01T00:00:00.000Z' };
const leaverPat = { clientId: 'e'.repeat(32), clientSecret: 'leaver-secret' };

function seed(): Seed {
  const base = testSeed();
  return {
    identities: [
      ...base.identities,
      {
        ...leaver,
        level: 'user',
        identityStatus: 'TERMINATED',
        lifecycleState: 'terminated',
        email: 'lee@example.com',
        ...leaverTimes,
      },
      { ...gone, level: 'user', removed: true },
      ...Array.from({ length: 300 }, (_, i) => ({
        id: `bulk-${String(i).padStart(3, '0')}`,
        name: `Bulk ${String(i).padStart(3, '0')}`,
        level: 'user' as const,
      })),
    ],
    pats: [
      ...base.pats,
      { id: leaverPat.clientId, secret: leaverPat.clientSecret, name: 'leaver job', ownerId: leaver.id },
      { id: 'f'.repeat(32), secret: 'gone-secret', name: 'orphan', ownerId: gone.id },
    ],
  };
}

let server: MockServer;
let adminToken: string;
beforeAll(async () => {
  seededAt = Date.now();
  server = await startMockServer({ seed: seed() });
  adminToken = await accessToken(server.url, adminPat);
});
afterAll(async () => {
  await server.close();
});

async function get(version: (typeof identityApiVersions)[number], query: string, token = adminToken) {
  const { basePath, specFiles } = apiVersionTable[version].identities;
  const item = query.startsWith('/');
  const response = await fetch(`${server.url}${basePath}${query}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  expect(specFileProblems(item ? specFiles.item : specFiles.list, 'get', response.status, text), text).toEqual([]);
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

const ids = (body: unknown) => (body as { id: string }[]).map((identity) => identity.id);

describe.each(identityApiVersions)('GET /%s/identities', (version) => {
  it('filters by id (eq, in), name and alias (eq, sw), joined by and/or', async () => {
    expect(ids((await get(version, `?filters=${encodeURIComponent(`id eq "${user.id}"`)}`)).body)).toEqual([user.id]);
    const both = await get(version, `?filters=${encodeURIComponent(`id in ("${user.id}", "${leaver.id}", "nobody")`)}`);
    expect(ids(both.body).sort()).toEqual([leaver.id, user.id].sort());
    expect(ids((await get(version, `?filters=${encodeURIComponent('name sw "Sam"')}`)).body)).toEqual([user.id]);
    expect(ids((await get(version, `?filters=${encodeURIComponent('alias eq "sam.user"')}`)).body)).toEqual([user.id]);
    const either = await get(
      version,
      `?filters=${encodeURIComponent('name eq "Ada Admin" or (email sw "lee" and id eq "leaver-identity")')}`,
    );
    expect(ids(either.body).sort()).toEqual([admin.id, leaver.id].sort());
  });

  it('compares strings without regard to case, and takes not (binding tighter than and)', async () => {
    const found = async (filter: string) => ids((await get(version, `?filters=${encodeURIComponent(filter)}`)).body);
    expect(await found('name eq "sam user"')).toEqual([user.id]);
    expect(await found('name sw "sam"')).toEqual([user.id]);
    expect(await found('alias eq "SAM.USER"')).toEqual([user.id]);
    expect(await found(`id in ("${user.id.toUpperCase()}")`)).toEqual([user.id]);
    const notBulk = await found('not name sw "bulk" and not id eq "admin-identity"');
    expect(notBulk.sort()).toEqual([leaver.id, user.id].sort());
    expect((await found('not (name sw "bulk" or name sw "sam")')).sort()).toEqual([admin.id, leaver.id].sort());
    // Operators are lower case only, as the page says.
    expect((await get(version, `?filters=${encodeURIComponent('name EQ "sam user"')}`)).status).toBe(400);
  });

  it('answers count that is not a boolean, fields and sorters of Object.prototype, and deep nesting with 400s', async () => {
    expect((await get(version, '?count=yes')).status).toBe(400);
    expect((await get(version, '?count=false')).headers.get('x-total-count')).toBeNull();
    for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const filtered = await get(version, `?filters=${encodeURIComponent(`${field} eq "x"`)}`);
      expect(filtered.status, field).toBe(400);
      expect(JSON.stringify(filtered.body)).toContain('id (eq, in)');
      expect((await get(version, `?sorters=${field}`)).status, field).toBe(400);
    }
    const deep = await get(
      version,
      `?filters=${encodeURIComponent(`${'('.repeat(1000)}id eq "x"${')'.repeat(1000)}`)}`,
    );
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body)).toContain('nested more than 50 levels deep');
    const negated = await get(version, `?filters=${encodeURIComponent(`${'not '.repeat(1000)}id eq "x"`)}`);
    expect(JSON.stringify(negated.body)).toContain('nested more than 50 levels deep');
  });

  it('pages at most 250 at a time, counts with count=true, sorts by name, alias or cloudStatus', async () => {
    const first = await get(version, '?count=true');
    expect(first.body).toHaveLength(250);
    // The removed identity is gone from ISC: not listed.
    expect(first.headers.get('x-total-count')).toBe('303');
    const rest = await get(version, '?offset=250&limit=100');
    expect(rest.body).toHaveLength(53);
    expect(new Set([...ids(first.body), ...ids(rest.body)]).size).toBe(303);
    expect(ids(first.body)).not.toContain(gone.id);
    const sorted = await get(version, `?filters=${encodeURIComponent('name sw "Bulk"')}&sorters=-name&limit=2`);
    expect(ids(sorted.body)).toEqual(['bulk-299', 'bulk-298']);
    expect((await get(version, '?limit=251')).status).toBe(400);
    expect((await get(version, '?offset=-1')).status).toBe(400);
    expect((await get(version, '?sorters=created')).status).toBe(400);
  });

  it('answers a bad filter with 400 naming what it supports', async () => {
    const unknownField = await get(version, `?filters=${encodeURIComponent('manager eq "x"')}`);
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toContain('id (eq, in)');
    expect((await get(version, `?filters=${encodeURIComponent('name in ("a")')}`)).status).toBe(400);
    expect((await get(version, `?filters=${encodeURIComponent('id eq "unclosed')}`)).status).toBe(400);
  });

  it('gives one identity, with its status and lifecycle state; a removed one is 404', async () => {
    const one = await get(version, `/${leaver.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: leaver.id,
      name: leaver.name,
      identityStatus: 'TERMINATED',
      emailAddress: 'lee@example.com',
      lifecycleState: { stateName: 'terminated', manuallyUpdated: false },
    });
    expect((await get(version, `/${user.id}`)).body).toMatchObject({
      identityStatus: 'ACTIVE',
      lifecycleState: { stateName: 'active' },
    });
    expect((await get(version, `/${gone.id}`)).status).toBe(404);
  });

  it('gives identities created, modified and lastRefresh: seeded, or when added; a change moves the last two', async () => {
    const one = (await get(version, `/${leaver.id}`)).body as Record<string, string>;
    expect(one).toMatchObject({ created: leaverTimes.created, modified: leaverTimes.modified });
    expect(one.lastRefresh).toBe(leaverTimes.modified);
    const sam = (await get(version, `/${user.id}`)).body as Record<string, string>;
    // Seeded without times: the server's clock when it was seeded.
    expect(Math.abs(Date.parse(sam.created as string) - seededAt)).toBeLessThan(60_000);
    expect(sam.lastRefresh).toBe(sam.modified);
    expect(Object.keys(sam).slice(0, 4)).toEqual(['id', 'name', 'created', 'modified']);
    // A change after the seeding (the clock has moved on since): modified and lastRefresh move, created stays.
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.updateIdentity(user.id, { lifecycleState: 'active' });
    const changed = (await get(version, `/${user.id}`)).body as Record<string, string>;
    expect(changed.created).toBe(sam.created);
    expect(Date.parse(changed.modified as string)).toBeGreaterThan(Date.parse(sam.created as string));
    expect(changed.lastRefresh).toBe(changed.modified);
  });

  it('deletes an identity that owns no PATs (idn:identity:manage), refuses one that does, as the spec describes', async () => {
    const { basePath, specFiles } = apiVersionTable[version].identities;
    const remove = async (id: string, token: string | null = adminToken) => {
      const response = await fetch(`${server.url}${basePath}/${id}`, {
        method: 'DELETE',
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      expect(specFileProblems(specFiles.item, 'delete', response.status, text), text).toEqual([]);
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    };
    // Authentication first: no token is a 401, whatever the identity.
    expect((await remove('bulk-000', null)).status).toBe(401);
    expect((await remove('bulk-000', await accessToken(server.url, userPat))).status).toBe(403);
    const owner = await remove(leaver.id);
    expect(owner.status).toBe(400);
    expect(owner.body).toEqual({
      message: 'Identity cannot be deleted as it is owner of following resources',
      associationDetails: [
        {
          associationType: 'PERSONAL_ACCESS_TOKEN_OWNER',
          entities: [{ identityEntity: { id: leaverPat.clientId, name: 'leaver job', type: 'PERSONAL_ACCESS_TOKEN' } }],
        },
      ],
    });
    expect((await remove('bulk-290')).status).toBe(204);
    expect((await get(version, '/bulk-290')).status).toBe(404);
    expect((await remove('bulk-290')).status).toBe(404);
    expect((await remove(gone.id)).status).toBe(404);
    // Back, for the other versions' tests.
    server.updateIdentity('bulk-290', { removed: false });
  });

  it('needs idn:identity:read, held by admins', async () => {
    const userToken = await accessToken(server.url, userPat);
    const refused = await get(version, '', userToken);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('idn:identity:read');
    expect((await get(version, `/${user.id}`, userToken)).status).toBe(403);
  });
});

describe('leavers', () => {
  it("the PATs of a removed owner are listed without the owner's name", async () => {
    const list = await fetch(`${server.url}/v2025/personal-access-tokens`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const orphan = ((await list.json()) as { name: string; owner: object }[]).find((pat) => pat.name === 'orphan');
    expect(orphan?.owner).toEqual({ type: 'IDENTITY', id: gone.id });
  });

  it('keep minting tokens by default; --refuse-inactive-owners refuses them', async () => {
    expect((await tokenResponse(server.url, leaverPat)).status).toBe(200);
    const strict = await startMockServer({ seed: seed(), refuseInactiveOwners: true });
    try {
      const refused = await tokenResponse(strict.url, leaverPat);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('the owner of this PAT is TERMINATED');
      expect((await tokenResponse(strict.url, userPat)).status).toBe(200);
      strict.updateIdentity(user.id, { removed: true });
      expect((await tokenResponse(strict.url, userPat)).status).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('the admin API and the server object make one', async () => {
    const changed = await adminRequest(server.url, `/identities/${user.id}`, {
      method: 'PATCH',
      body: { identityStatus: 'DISABLED', lifecycleState: 'inactive' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: user.id, identityStatus: 'DISABLED', lifecycleState: 'inactive' });
    expect((await get('v2025', `/${user.id}`)).body).toMatchObject({ identityStatus: 'DISABLED' });
    expect(
      (await adminRequest(server.url, `/identities/${user.id}`, { method: 'PATCH', body: { identityStatus: 'GONE' } }))
        .status,
    ).toBe(400);
    expect(
      (await adminRequest(server.url, '/identities/nobody', { method: 'PATCH', body: { removed: true } })).status,
    ).toBe(404);
    expect(server.updateIdentity(user.id, { identityStatus: 'ACTIVE', lifecycleState: 'active' })).toMatchObject({
      identityStatus: 'ACTIVE',
    });
    expect(server.updateIdentity('nobody', { removed: true })).toBeUndefined();
  });
});
