import { parseJson } from '@patkit/serializer';

/** The claims of a JWT access token, or {} when it has none that can be read. */
export function tokenClaims(accessToken: string): Record<string, unknown> {
  try {
    const payload = Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8');
    const claims: unknown = parseJson(payload);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
