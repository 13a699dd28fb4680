import { describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret, secretMatches } from './ids.js';

describe('ids and secrets', () => {
  it('are hex of their length, and never repeat across refills of the random pool', () => {
    // 8 KiB of pool is 256 ids or 128 secrets: 3,000 draws refill it many times, at every alignment.
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      const secret = newSecret();
      const { salt } = hashSecret(secret);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(salt).toMatch(/^[0-9a-f]{32}$/);
      for (const part of [id, secret.slice(0, 32), secret.slice(32), salt]) {
        expect(seen.has(part)).toBe(false);
        seen.add(part);
      }
    }
  });

  it('checks a secret against its salted hash', () => {
    const secret = newSecret();
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(newSecret(), stored)).toBe(false);
  });
});
