import { describe, expect, it } from 'vitest';
import { Journal, journalPath } from './journal.js';

const entry = (n: number, status = 200) => ({ time: `t${n}`, method: 'GET', path: `/p${n}`, status, ms: n });

describe('Journal', () => {
  it('keeps the last entries, oldest first, however often it wraps', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 2; n++) journal.record(entry(n));
    expect(journal.list().map((e) => e.ms)).toEqual([1, 2]);
    for (let n = 3; n <= 8; n++) journal.record(entry(n, n % 2 === 0 ? 200 : 404));
    expect(journal.list().map((e) => e.ms)).toEqual([6, 7, 8]);
    expect(journal.list({ status: 404 }).map((e) => e.ms)).toEqual([7]);
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.record(entry(9));
    expect(journal.list().map((e) => e.ms)).toEqual([9]);
  });

  it('redacts a client_secret in the query', () => {
    expect(journalPath('/oauth/token?client_id=a&client_secret=s3cr3t&x=1')).toBe(
      '/oauth/token?client_id=a&client_secret=[redacted]&x=1',
    );
  });

  it('redacts secret parameters whatever the spelling of their names on the wire', () => {
    for (const name of ['client%5Fsecret', 'client%5fsecret', '%63lient_secret', 'client_secret', 'password'])
      expect(journalPath(`/oauth/token?${name}=s3cr3t&client_id=a`)).toBe(
        `/oauth/token?${name}=[redacted]&client_id=a`,
      );
    expect(journalPath('/oauth/token?client_secret')).toBe('/oauth/token?client_secret=[redacted]');
    expect(journalPath('/oauth/token?%E0%A4%A=x')).toBe('/oauth/token?%E0%A4%A=x');
    expect(journalPath('/v3/personal-access-tokens')).toBe('/v3/personal-access-tokens');
  });
});
