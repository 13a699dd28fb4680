import { describe, expect, it } from 'vitest';
import { patchablePaths } from './pat-patch-rules.js';
import { validateModel } from './validate.js';

function issues(input: unknown, apiVersion: 'v2025' | 'v3' = 'v2025') {
  const result = validateModel('PatPatchDocument', input, { apiVersion });
  return result.ok ? [] : result.errors.map((issue) => `${issue.code} ${issue.path}: ${issue.message}`);
}

describe('PAT patch documents', () => {
  it('accept the spec example', () => {
    const result = validateModel('PatPatchDocument', [
      { op: 'replace', path: '/name', value: 'New name' },
      { op: 'replace', path: '/scope', value: ['sp:scopes:all'] },
      { op: 'replace', path: '/expirationDate', value: '2027-12-31T23:59:59.999Z' },
    ]);
    expect(result.success).toBe(true);
  });

  it('list the patchable paths per variant', () => {
    expect(patchablePaths('current')).toEqual([
      '/name',
      '/scope',
      '/scope/-',
      '/scope/<index>',
      '/expirationDate',
      '/userAwareTokenNeverExpires',
    ]);
    expect(patchablePaths('legacy')).toEqual(['/name', '/scope', '/scope/-', '/scope/<index>']);
  });

  it('normalize date-times in values', () => {
    const result = validateModel('PatPatchDocument', [
      { op: 'replace', path: '/expirationDate', value: '2027-01-01T02:00:00+02:00' },
    ]);
    const value = [{ op: 'replace', path: '/expirationDate', value: '2027-01-01T00:00:00.000Z' }];
    // The serializer's words, and zod's for a release.
    expect(result).toEqual({ ok: true, value, success: true, data: value });
  });

  it('add and remove single scopes', () => {
    expect(
      issues([
        { op: 'add', path: '/scope/-', value: 'sp:my-personal-access-tokens:read' },
        { op: 'remove', path: '/scope/0' },
      ]),
    ).toEqual([]);
    expect(issues([{ op: 'remove', path: '/scope/01' }])).toEqual([
      `invalid_value /0/path: "/scope/01" cannot be patched; patchable paths: /name, /scope, /scope/-, /scope/<index>, /expirationDate, /userAwareTokenNeverExpires`,
    ]);
  });

  it('say which path, op or value is wrong and what would be right', () => {
    expect(
      issues([
        { op: 'replace', path: '/owner', value: {} },
        { op: 'move', path: '/name', from: '/scope' },
        { op: 'replace', path: '/name' },
        { op: 'replace', path: '/scope', value: 'sp:scopes:all' },
        { op: 'replace', path: '/expirationDate', value: '2027-02-29T00:00:00Z' },
        { op: 'replace', path: '/userAwareTokenNeverExpires', value: 'yes' },
      ]),
    ).toEqual([
      'invalid_value /0/path: "/owner" cannot be patched; patchable paths: /name, /scope, /scope/-, /scope/<index>, /expirationDate, /userAwareTokenNeverExpires',
      'invalid_value /1/op: "move" is not supported: ISC\'s JSON Patch operation has no "from" key, so it cannot say what to move; use "add" or "replace" or "test" with the value itself',
      'missing_key /2/value: "replace" on /name needs a "value"',
      'invalid_type /3/value: expected an array of strings or null, got the string "sp:scopes:all"',
      'invalid_datetime /4/value: "2027-02-29T00:00:00Z" is not a valid date-time: day 29 does not exist in 2027-02 (expected e.g. 2017-07-11T18:45:37.098Z)',
      'invalid_type /5/value: expected true or false, got the string "yes"',
    ]);
  });

  it('need the never-expires acknowledgement to clear the expiry', () => {
    expect(issues([{ op: 'replace', path: '/expirationDate', value: null }])).toEqual([
      'invalid_value /0/value: a null /expirationDate (never expires) needs {"op":"replace","path":"/userAwareTokenNeverExpires","value":true} in the same patch',
    ]);
    expect(
      issues([
        { op: 'replace', path: '/expirationDate', value: null },
        { op: 'replace', path: '/userAwareTokenNeverExpires', value: true },
      ]),
    ).toEqual([]);
  });

  it('refuse the v2025 paths in the legacy variant, saying why', () => {
    expect(issues([{ op: 'replace', path: '/expirationDate', value: '2027-01-01T00:00:00Z' }], 'v3')).toEqual([
      'invalid_value /0/path: "/expirationDate" cannot be patched (it needs v2025 or later); patchable paths: /name, /scope, /scope/-, /scope/<index>',
    ]);
  });

  it('refuse an empty patch', () => {
    expect(issues([])).toHaveLength(1);
    expect(issues({})).toEqual([
      'invalid_type : expected an array whose items are each a PatPatchOperation object, got an object',
    ]);
  });
});
