import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Seed } from '@patkit/mock-server';
import { day } from '@patkit/model/time';

type SeedPat = Seed['pats'][number];

/** A tenant for rotation tests: one identity (a user, "CI Robot") and its PAT `name`, of every scope, expiring in 100 days (`fields` change it), and `more` PATs. */
export function robotTenant(
  pat: { clientId: string; clientSecret: string; name: string },
  fields: Partial<SeedPat> = {},
  more: readonly SeedPat[] = [],
): Seed {
  return {
    identities: [{ id: 'robot', name: 'CI Robot', level: 'user' }],
    pats: [
      {
        id: pat.clientId,
        secret: pat.clientSecret,
        name: pat.name,
        ownerId: 'robot',
        scope: null,
        expirationDate: new Date(Date.now() + 100 * day).toISOString(),
        ...fields,
      },
      ...more,
    ],
  };
}

/** Whether credentials mint a token from the server at `url`. */
export async function mints(url: string, clientId: string | undefined, clientSecret: string | undefined) {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId ?? '',
      client_secret: clientSecret ?? '',
    }),
  });
  return response.ok;
}

/** The client id and secret of the profile patkit keeps under XDG_CONFIG_HOME `configHome` (there is one). */
export function profileCredentials(configHome: string): { clientId: string; secret: string } {
  const config = readFileSync(join(configHome, 'patkit', 'config.yaml'), 'utf8');
  const file = /clientSecretFile: (\S+)/.exec(config)?.[1] ?? '';
  return { clientId: /clientId: (\S+)/.exec(config)?.[1] ?? '', secret: readFileSync(file, 'utf8').trim() };
}
