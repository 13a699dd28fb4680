import type { ApiVersion, Pat } from '@patkit/model';
import { day, sixMonthsAfter } from '@patkit/model/time';
import { describe, expect, it } from 'vitest';
import { replacementExpiry } from './rotation.js';

const now = Date.parse('2026-11-30T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const old = (created: number, expires: number | null) =>
  ({ created: iso(created), expirationDate: expires === null ? null : iso(expires) }) as Pat<ApiVersion>;

describe('replacementExpiry', () => {
  it("gives the old PAT's lifetime from now, capped at six months on the legacy versions", () => {
    const lived = old(now - 300 * day, now - 100 * day);
    expect(replacementExpiry(lived, { kind: 'same' }, 'v2025', now)).toEqual({ expirationDate: iso(now + 200 * day) });
    expect(replacementExpiry(lived, { kind: 'same' }, 'v3', now)).toEqual({ expirationDate: iso(sixMonthsAfter(now)) });
    const short = old(now - 40 * day, now - 10 * day);
    expect(replacementExpiry(short, { kind: 'same' }, 'beta', now)).toEqual({ expirationDate: iso(now + 30 * day) });
  });

  it('keeps a never-expiring PAT never-expiring where the version allows it, else six months', () => {
    const forever = old(now - 10 * day, null);
    expect(replacementExpiry(forever, { kind: 'same' }, 'v2026', now)).toEqual({
      expirationDate: null,
      userAwareTokenNeverExpires: true,
    });
    expect(replacementExpiry(forever, { kind: 'same' }, 'v2024', now)).toEqual({
      expirationDate: iso(sixMonthsAfter(now)),
    });
  });

  it('takes --expires, and refuses what the version cannot have', () => {
    const pat = old(now - 10 * day, now + 10 * day);
    const at = (ms: number) => ({ kind: 'at' as const, ms, flag: '--expires x' });
    expect(replacementExpiry(pat, at(now + 400 * day), 'v2025', now)).toEqual({ expirationDate: iso(now + 400 * day) });
    expect(() => replacementExpiry(pat, at(now + 400 * day), 'v3', now)).toThrow(/more than six months away/);
    expect(() => replacementExpiry(pat, at(now - day), 'v2025', now)).toThrow(/must be in the future/);
    expect(() => replacementExpiry(pat, { kind: 'never' }, 'beta', now)).toThrow(/cannot be made never-expiring/);
    // A duration counts from ISC's now, the one given.
    expect(replacementExpiry(pat, { kind: 'in', ms: 180 * day, flag: '--expires 180d' }, 'v2025', now)).toEqual({
      expirationDate: iso(now + 180 * day),
    });
  });
});
