import { describe, expect, it } from 'vitest';
import { lastUsed } from './filters.js';
import { patches } from './patches.js';

describe('patches', () => {
  it('build the operations ISC expects', () => {
    expect(patches.rename('n')).toEqual([{ op: 'replace', path: '/name', value: 'n' }]);
    expect(patches.setScope(['a'])).toEqual([{ op: 'replace', path: '/scope', value: ['a'] }]);
    expect(patches.addScope('a')).toEqual([{ op: 'add', path: '/scope/-', value: 'a' }]);
    expect(patches.setExpiration(new Date(Date.UTC(2027, 0, 1)))).toEqual([
      { op: 'replace', path: '/expirationDate', value: '2027-01-01T00:00:00.000Z' },
    ]);
  });

  it('say what is wrong with their arguments', () => {
    expect(() => patches.removeScope(['a'], 'b')).toThrow(/the PAT has no scope "b"/);
    expect(() => patches.removeScope(null, 'b')).toThrow(/no scope/);
    expect(() => patches.setExpiration('soon')).toThrow(/setExpiration needs a date/);
  });
});

describe('filters', () => {
  it('write the two filters ISC supports', () => {
    expect(String(lastUsed.le('2023-02-05T11:59:27.214+01:00'))).toBe('lastUsed le 2023-02-05T10:59:27.214Z');
    expect(lastUsed.isNull().expression).toBe('lastUsed isnull');
    expect(() => lastUsed.le('last week')).toThrow(/lastUsed.le needs a date/);
  });
});
