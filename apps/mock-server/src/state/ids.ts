import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 hex characters, as ISC's ids and tracking ids. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** 64 hex characters, as ISC's PAT secrets. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export interface SecretHash {
  readonly salt: string;
  readonly hash: string;
}

// Secrets are 256 random bits, so a fast salted hash is enough: a slow KDF
// protects guessable passwords, and would only slow every token request.
export function hashSecret(secret: string, salt = randomBytes(16).toString('hex')): SecretHash {
  return { salt, hash: createHash('sha256').update(salt).update(secret).digest('hex') };
}

/** Compares in constant time. */
export function secretMatches(secret: string, stored: SecretHash): boolean {
  const candidate = Buffer.from(hashSecret(secret, stored.salt).hash, 'hex');
  const expected = Buffer.from(stored.hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
