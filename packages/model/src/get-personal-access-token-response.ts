import * as z from 'zod';
import { defaultAccessTokenValiditySeconds } from './access-token-validity.js';
import { accessTokenValiditySecondsField, dateTimeField, scopeField } from './fields.js';
import { named } from './model-registry.js';
import type { PatOwnerSchema } from './pat-owner.js';
import type { ObjectFactory } from './unknown-keys.js';

/** One PAT as the list and patch operations return it. */
export function buildGetPersonalAccessTokenResponse(object: ObjectFactory, owner: PatOwnerSchema) {
  const current = named(
    'GetPersonalAccessTokenResponse',
    object({
      id: z.string(),
      name: z.string(),
      scope: scopeField,
      owner,
      created: dateTimeField,
      lastUsed: dateTimeField.nullable().exactOptional(),
      managed: z.boolean().exactOptional().meta({ default: false }),
      accessTokenValiditySeconds: accessTokenValiditySecondsField
        .exactOptional()
        .meta({ default: defaultAccessTokenValiditySeconds }),
      expirationDate: dateTimeField.nullable().exactOptional(),
      userAwareTokenNeverExpires: z.boolean().exactOptional().meta({ default: false }),
    }),
  );
  // v3, beta and v2024 know no never-expiring tokens. beta's file lets expirationDate be null; one legacy
  // shape reads it for all three (v3 and v2024 never send null).
  const legacy = named('GetPersonalAccessTokenResponse', current.omit({ userAwareTokenNeverExpires: true }));
  return { current, legacy };
}
