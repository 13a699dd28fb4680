// A mock tenant for the online benchmarks: `count` PATs of the seeded
// generator, ten per owner, one owner in 50 terminated, and an admin PAT
// that reads them all. Written as a seed file of the mock server.
import { writeFileSync } from 'node:fs';
import { generatePats } from './generate-pats.mjs';

/** Writes the seed to `file`; the admin PAT's credentials and the number of owners. */
export function writeTenantSeed(file, count, seed = 2) {
  const owners = Math.ceil(count / 10);
  const pats = [...generatePats(count, { seed })].map((pat, i) => ({
    id: pat.id,
    secret: `secret-${i}`,
    name: pat.name,
    ownerId: `owner-${Math.floor(i / 10)}`,
    scope: pat.scope,
    created: pat.created,
    lastUsed: pat.lastUsed,
    managed: pat.managed,
    accessTokenValiditySeconds: pat.accessTokenValiditySeconds,
    expirationDate: pat.expirationDate,
    userAwareTokenNeverExpires: pat.userAwareTokenNeverExpires,
  }));
  const admin = { id: 'f'.repeat(32), secret: 'bench-admin-secret' };
  writeFileSync(
    file,
    JSON.stringify({
      identities: [
        { id: 'admin', name: 'Bench Admin', level: 'admin' },
        ...Array.from({ length: owners }, (_, i) => ({
          id: `owner-${i}`,
          name: `Owner ${i}`,
          level: 'user',
          ...(i % 50 === 0 ? { identityStatus: 'TERMINATED' } : {}),
        })),
      ],
      pats: [...pats, { id: admin.id, secret: admin.secret, name: 'bench admin', ownerId: 'admin' }],
    }),
  );
  return { admin, owners };
}
