import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  readonly tenant_id: string;
  readonly client_id: string;
  readonly identity_id: string;
  /** The login name (the identity's alias). */
  readonly user_name: string;
  readonly user_id: string;
  readonly strong_auth: boolean;
  readonly strong_auth_supported: boolean;
  /** What ISC's token response says beside the claims, as its authentication page shows them. */
  readonly enabled: boolean;
  readonly accessType: string;
  readonly scope: readonly string[];
  /** ORG_ADMIN for admins: what lets a token use the "all" rights. */
  readonly authorities: readonly string[];
  readonly exp: number;
  readonly jti: string;
  readonly iat: number;
  readonly internal: boolean;
  readonly org: string;
  readonly pod: string;
}

const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(input: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/** An HS256 JWT of the claims. */
export function signJwt(claims: AccessClaims, secret: Buffer): string {
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${signature(body, secret)}`;
}

export type JwtCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

/** Verifies the signature and expiry; says why a token is refused, as ISC's gateway does. */
export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'JWT validation failed: malformed token' };
  const [head = '', body = '', sig = ''] = parts;
  const expected = Buffer.from(signature(`${head}.${body}`, secret));
  const given = Buffer.from(sig);
  if (head !== header || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'JWT validation failed: invalid signature' };
  }
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'JWT validation failed: malformed token' };
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds)
    return { ok: false, reason: 'JWT validation failed: JWT is expired' };
  return { ok: true, claims };
}

/** Remembers tokens already verified, until they expire: the HMAC is checked once per token. */
export class VerifiedTokens {
  private readonly known = new Map<string, AccessClaims>();

  constructor(
    private readonly secret: Buffer,
    private readonly limit = 10_000,
  ) {}

  check(token: string, nowSeconds: number): JwtCheck {
    const claims = this.known.get(token);
    if (claims !== undefined) {
      if (claims.exp > nowSeconds) return { ok: true, claims };
      this.known.delete(token);
    }
    const checked = verifyJwt(token, this.secret, nowSeconds);
    if (checked.ok) {
      if (this.known.size >= this.limit) this.known.clear();
      this.known.set(token, checked.claims);
    }
    return checked;
  }
}
