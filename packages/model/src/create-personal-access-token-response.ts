import * as z from 'zod';
import { accessTokenValiditySecondsField, dateTimeField, scopeField } from './fields.js';
import { named } from './model-registry.js';
import type { PatOwnerSchema } from './pat-owner.js';
import type { ObjectFactory } from './unknown-keys.js';

/** The answer to a create call: the only place the secret ever appears. */
export function buildCreatePersonalAccessTokenResponse(object: ObjectFactory, owner: PatOwnerSchema) {
  const current = named(
    'CreatePersonalAccessTokenResponse',
    object({
      id: z.string(),
      secret: z.string(),
      scope: scopeField,
      name: z.string(),
      owner,
      created: dateTimeField,
      accessTokenValiditySeconds: accessTokenValiditySecondsField,
      // The spec says non-null, yet v2025 creates never-expiring tokens: null is how they read.
      expirationDate: dateTimeField.nullable(),
    }),
  );
  const legacy = named('CreatePersonalAccessTokenResponse', current.extend({ expirationDate: dateTimeField }));
  return { current, legacy };
}
