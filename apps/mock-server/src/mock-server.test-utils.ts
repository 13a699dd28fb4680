import type { Clock } from './clock.js';
import type { Seed } from './seed.js';

/** A clock that moves only when a test says so. */
export class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-11-29T12:00:00.000Z')) {}
  now(): number {
    return this.time;
  }
  advanceDays(days: number): void {
    this.time += days * 86_400_000;
  }
}

export const admin = { id: 'admin-identity', name: 'Ada Admin' };
export const user = { id: 'user-identity', name: 'Sam User' };

export const adminPat = { clientId: 'a'.repeat(32), clientSecret: 'admin-secret' };
export const userPat = { clientId: 'b'.repeat(32), clientSecret: 'user-secret' };
export const readerPat = { clientId: 'c'.repeat(32), clientSecret: 'reader-secret' };

/** Two identities, each with a PAT, plus a read-only PAT and a managed one. */
export function testSeed(): Seed {
  return {
    identities: [
      { ...admin, level: 'admin' },
      { ...user, level: 'user' },
    ],
    pats: [
      {
        id: adminPat.clientId,
        secret: adminPat.clientSecret,
        name: 'admin pat',
        ownerId: admin.id,
        created: '2026-01-01T00:00:00Z',
      },
      {
        id: userPat.clientId,
        secret: userPat.clientSecret,
        name: 'user pat',
        ownerId: user.id,
        created: '2026-02-01T00:00:00Z',
        lastUsed: '2026-11-01T08:00:00Z',
        accessTokenValiditySeconds: 3600,
      },
      {
        id: readerPat.clientId,
        secret: readerPat.clientSecret,
        name: 'reader',
        ownerId: user.id,
        scope: ['sp:my-personal-access-tokens:read'],
        created: '2026-03-01T00:00:00Z',
      },
      { id: 'd'.repeat(32), secret: 'managed-secret', name: 'workflow', ownerId: user.id, managed: true },
    ],
  };
}

/** An access token for a PAT, straight from the token endpoint. */
export async function accessToken(url: string, pat: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: pat.clientId,
      client_secret: pat.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
