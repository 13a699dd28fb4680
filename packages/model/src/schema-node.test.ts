import { describe, expect, it } from 'vitest';
import { schemaNode } from './schema-node.js';
import { getSchema } from './schemas.js';

describe('schemaNode', () => {
  it('describes a PAT field by field, with defaults and ranges', () => {
    const node = schemaNode(getSchema('GetPersonalAccessTokenResponse'));
    if (node.kind !== 'object') throw new Error('not an object');
    expect(node.name).toBe('GetPersonalAccessTokenResponse');
    expect(node.fields.map((f) => [f.key, f.node.kind, f.node.nullable, f.optional, f.default])).toEqual([
      ['id', 'string', false, false, undefined],
      ['name', 'string', false, false, undefined],
      ['scope', 'array', true, false, undefined],
      ['owner', 'object', false, false, undefined],
      ['created', 'date-time', false, false, undefined],
      ['lastUsed', 'date-time', true, true, undefined],
      ['managed', 'boolean', false, true, false],
      ['accessTokenValiditySeconds', 'integer', false, true, 43200],
      ['expirationDate', 'date-time', true, true, undefined],
      ['userAwareTokenNeverExpires', 'boolean', false, true, false],
    ]);
    expect(node.fields[7]?.node).toEqual({ kind: 'integer', min: 15, max: 43200, nullable: false });
  });

  it('gives the PAT patch kinds of its own, per variant', () => {
    expect(schemaNode(getSchema('PatPatchDocument'))).toEqual({
      kind: 'pat-patch-document',
      variant: 'current',
      nullable: false,
    });
    expect(schemaNode(getSchema('PatPatchOperation', { apiVersion: 'v3' }))).toEqual({
      kind: 'pat-patch-operation',
      variant: 'legacy',
      nullable: false,
    });
    expect(schemaNode(getSchema('LocaleOrigin'))).toEqual({
      kind: 'enum',
      values: ['DEFAULT', 'REQUEST'],
      nullable: true,
    });
  });
});
