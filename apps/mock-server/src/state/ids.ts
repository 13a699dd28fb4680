import { hash, randomFillSync, timingSafeEqual } from 'node:crypto';

// Random bytes are drawn 8 KiB at a time (as crypto.randomUUID does): one call
// into the CSPRNG for 256 ids instead of one per id, which cost more than the
// rest of a create. Every byte is used once.
const pool = Buffer.alloc(8192);
let used = pool.length;

/** `bytes` random bytes as hex, from the pool. */
function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/** 32 hex characters, as ISC's ids and tracking ids. */
export function newId(): string {
  return randomHex(16);
}

/** 64 hex characters, as ISC's PAT secrets. */
export function newSecret(): string {
  return randomHex(32);
}

export interface SecretHash {
  readonly salt: string;
  readonly hash: string;
}

// Secrets are 256 random bits, so a fast salted hash is enough: a slow KDF
// protects guessable passwords, and would only slow every token request.
export function hashSecret(secret: string, salt = randomHex(16)): SecretHash {
  return { salt, hash: hash('sha256', salt + secret, 'hex') };
}

/** Compares in constant time. */
export function secretMatches(secret: string, stored: SecretHash): boolean {
  const candidate = Buffer.from(hashSecret(secret, stored.salt).hash, 'hex');
  const expected = Buffer.from(stored.hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
