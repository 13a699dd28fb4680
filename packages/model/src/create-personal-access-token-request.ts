import * as z from 'zod';
import { defaultAccessTokenValiditySeconds } from './access-token-validity.js';
import { accessTokenValiditySecondsField, dateTimeField, scopeField } from './fields.js';
import { named } from './model-registry.js';
import type { ObjectFactory } from './unknown-keys.js';

/**
 * The body of a create call. The rule that a missing or null `expirationDate`
 * needs `userAwareTokenNeverExpires: true` depends on the API version and the
 * clock, so the server enforces it, not this schema.
 */
export function buildCreatePersonalAccessTokenRequest(object: ObjectFactory) {
  const current = named(
    'CreatePersonalAccessTokenRequest',
    object({
      name: z.string(),
      scope: scopeField.exactOptional(),
      accessTokenValiditySeconds: accessTokenValiditySecondsField
        .nullable()
        .exactOptional()
        .meta({ default: defaultAccessTokenValiditySeconds }),
      expirationDate: dateTimeField.nullable().exactOptional(),
      userAwareTokenNeverExpires: z.boolean().nullable().exactOptional().meta({ default: false }),
    }),
  );
  const legacy = named('CreatePersonalAccessTokenRequest', current.omit({ userAwareTokenNeverExpires: true }));
  return { current, legacy };
}
