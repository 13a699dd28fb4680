// Random sequences of plausible PAT operations, in every API version: never a
// 5xx, every answer as the official OpenAPI files describe it for its status,
// and ISC's rules hold throughout.

import { fc, test } from '@fast-check/vitest';
import { apiVersions, apiVersionTable } from '@patkit/model';
import { day } from '@patkit/model/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  accessToken,
  admin,
  readerPat,
  stateProblems,
  testSeed,
  user,
  userPat,
} from '../src/mock-server.test-utils.js';
import { type MockServer, startMockServer } from '../src/server.js';
import { type SpecOperation, specProblems } from './official-responses.test-utils.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: testSeed() });
});
afterAll(() => server.close());

const version = fc.constantFrom(...apiVersions);
const name = fc.constantFrom('user pat', 'reader', 'ci', 'ci 2', 'nightly', 'x'.repeat(128), 'ünïcode ✓');
const scope = fc.constantFrom(
  ['sp:scopes:all'],
  ['sp:my-personal-access-tokens:read'],
  ['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage'],
  [],
  null,
  ['bogus'],
);
// Days from now: in the past, soon, within ISC's six months, beyond them.
const expiresIn = fc.constantFrom(-1, 1, 30, 179, 200, 3650);
const validity = fc.constantFrom(14, 15, 3600, 43200, 43201, 1.5);
// Which PAT an item operation names: one this run created (by index), a seeded one, or none.
const target = fc.oneof(fc.nat(5), fc.constantFrom(readerPat.clientId, 'd'.repeat(32), 'nope'));

const create = fc
  .record(
    { name, scope, validity, expiresIn: fc.option(expiresIn, { nil: null }), neverExpires: fc.boolean() },
    { requiredKeys: ['name'] },
  )
  .map((fields) => ({ kind: 'create' as const, fields }));
const patchOp = fc.oneof(
  name.map((value) => ({ op: 'replace', path: '/name', value })),
  scope.map((value) => ({ op: 'replace', path: '/scope', value })),
  fc.option(expiresIn, { nil: null }).map((days) => ({ op: 'replace', path: '/expirationDate', days })),
  fc.boolean().map((value) => ({ op: 'replace', path: '/userAwareTokenNeverExpires', value })),
  fc.constantFrom(
    { op: 'remove', path: '/name' },
    { op: 'replace', path: '/id', value: 'x' },
    { op: 'add', path: '/owner', value: { id: user.id } },
    { op: 'test', path: '/name', value: 'ci' },
  ),
);
const patch = fc
  .record({ target, ops: fc.array(patchOp, { minLength: 1, maxLength: 2 }) })
  .map((fields) => ({ kind: 'patch' as const, ...fields }));
const remove = target.map((id) => ({ kind: 'delete' as const, target: id }));
const list = fc
  .record({
    owner: fc.constantFrom('me', user.id, admin.id, 'nobody', undefined),
    filter: fc.constantFrom(undefined, 'lastUsed isnull', 'lastUsed le 2026-06-01T00:00:00.000Z', 'lastUsed eq x'),
  })
  .map((fields) => ({ kind: 'list' as const, ...fields }));
const operation = fc.tuple(version, fc.oneof({ weight: 3, arbitrary: create }, patch, remove, list));

describe('random PAT operations', () => {
  test.prop([fc.array(operation, { minLength: 1, maxLength: 8 })], { numRuns: process.env.CI ? 150 : 40 })(
    'answer as the official files say, never with a 5xx, and keep the rules',
    async (operations) => {
      server.reset();
      const token = await accessToken(server.url, userPat);
      const created: string[] = [];
      const now = server.clock.now();
      const at = (days: number) => new Date(now + days * day).toISOString();
      const pick = (t: number | string) => (typeof t === 'number' ? (created[t] ?? 'nope') : t);
      for (const [v, op] of operations) {
        const base = apiVersionTable[v].basePath;
        let path: string = base;
        let method: SpecOperation = 'get';
        let body: string | undefined;
        let contentType = 'application/json';
        if (op.kind === 'list') {
          const query = new URLSearchParams();
          if (op.owner !== undefined) query.set('owner-id', op.owner);
          if (op.filter !== undefined) query.set('filters', op.filter);
          path = `${base}?${query}`;
        } else if (op.kind === 'create') {
          method = 'post';
          const { fields } = op;
          body = JSON.stringify({
            name: fields.name,
            ...('scope' in fields ? { scope: fields.scope } : {}),
            ...('validity' in fields ? { accessTokenValiditySeconds: fields.validity } : {}),
            ...('expiresIn' in fields
              ? { expirationDate: fields.expiresIn === null ? null : at(fields.expiresIn as number) }
              : {}),
            ...('neverExpires' in fields ? { userAwareTokenNeverExpires: fields.neverExpires } : {}),
          });
        } else if (op.kind === 'patch') {
          method = 'patch';
          path = `${base}/${pick(op.target)}`;
          contentType = 'application/json-patch+json';
          body = JSON.stringify(
            op.ops.map((o) =>
              'days' in o ? { op: o.op, path: o.path, value: o.days === null ? null : at(o.days) } : o,
            ),
          );
        } else {
          method = 'delete';
          path = `${base}/${pick(op.target)}`;
        }
        const response = await fetch(server.url + path, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          ...(body === undefined ? {} : { body }),
        });
        const text = await response.text();
        const what = `${v} ${method.toUpperCase()} ${path} ${body ?? ''} → ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, what).toBeLessThan(500);
        const kind = method === 'patch' || method === 'delete' ? 'item' : 'list';
        expect(specProblems(v, kind, method, response.status, text), what).toEqual([]);
        if (op.kind === 'create' && response.status === 200) created.push((JSON.parse(text) as { id: string }).id);
      }
      expect(stateProblems(server.store)).toEqual([]);
    },
  );
});
