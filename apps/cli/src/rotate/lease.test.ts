import { describe, expect, it } from 'vitest';
import { baseLeaseMs, claimName, claimsOf, describeClaim, leaseEnd, newLease, parseClaim } from './lease.js';

describe('the lease a replacement’s name holds', () => {
  it('is read back from the name it writes, whatever the PAT is called', () => {
    const lease = newLease([5 * 60_000]);
    expect(lease.ms).toBe(baseLeaseMs + 10 * 60_000);
    expect(lease.runId).toMatch(/^[0-9a-f]{8}$/);
    for (const name of [
      'ci',
      'ci (rotating: x)',
      'a (old: delete after 2026-12-01 10:00 UTC, run 1a2b3c4d)',
      ' spaced ',
    ]) {
      const written = claimName(name, lease);
      expect(parseClaim(written)).toEqual({ name, runId: lease.runId, host: lease.host, ms: lease.ms });
    }
    expect(parseClaim('ci')).toBeUndefined();
    expect(parseClaim('ci (old: delete after 2026-12-01 10:00 UTC, run 1a2b3c4d)')).toBeUndefined();
  });

  it("counts from the replacement's created, on ISC's clock; an older patkit's \"(rotated)\" holds a base lease", () => {
    const created = '2026-12-04T10:00:00.000Z';
    const claim = { id: 'r', name: claimName('ci', { runId: '0123abcd', host: 'build-7', ms: 20 * 60_000 }), created };
    expect(leaseEnd(claim)).toBe(Date.parse(created) + 20 * 60_000);
    expect(leaseEnd({ name: 'ci (rotated)', created })).toBe(Date.parse(created) + baseLeaseMs);
    expect(leaseEnd({ name: 'ci', created })).toBeUndefined();
    expect(describeClaim(claim)).toBe(
      'run 0123abcd from build-7, started 2026-12-04T10:00:00.000Z, its lease ends 2026-12-04T10:20:00.000Z',
    );
    const pats = [claim, { name: 'ci', created }, { name: 'ci (rotated)', created }, { name: 'cd (rotated)', created }];
    expect(claimsOf(pats, 'ci').map((pat) => pat.name)).toEqual([claim.name, 'ci (rotated)']);
  });
});
