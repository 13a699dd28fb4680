import * as z from 'zod';
import { named } from './model-registry.js';
import type { ObjectFactory } from './unknown-keys.js';

/**
 * The answer of `POST /oauth/token`. The spec marks nothing required; a
 * response without a token, its type and its lifetime is useless, so those
 * three are. The optional claims after `scope` are what ISC returns besides,
 * as SailPoint's authentication page ("OAuth token response") shows them.
 */
export function buildOAuthTokenResponse(object: ObjectFactory) {
  return named(
    'OAuthTokenResponse',
    object({
      access_token: z.string(),
      token_type: z.string(),
      expires_in: z.int().nonnegative(),
      refresh_token: z.string().exactOptional(),
      scope: z.string().exactOptional(),
      accessType: z.string().exactOptional(),
      tenant_id: z.string().exactOptional(),
      internal: z.boolean().exactOptional(),
      pod: z.string().exactOptional(),
      strong_auth_supported: z.boolean().exactOptional(),
      org: z.string().exactOptional(),
      user_id: z.string().exactOptional(),
      identity_id: z.string().exactOptional(),
      user_name: z.string().exactOptional(),
      strong_auth: z.boolean().exactOptional(),
      enabled: z.boolean().exactOptional(),
      jti: z.string().exactOptional(),
    }),
  );
}
