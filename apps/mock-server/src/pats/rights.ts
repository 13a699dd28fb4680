import type { AccessClaims } from './jwt.js';

export const myRead = 'sp:my-personal-access-tokens:read';
export const myManage = 'sp:my-personal-access-tokens:manage';
export const allRead = 'sp:all-personal-access-tokens:read';
export const allManage = 'sp:all-personal-access-tokens:manage';
export const identityRead = 'idn:identity:read';
export const identityManage = 'idn:identity:manage';
const everything = 'sp:scopes:all';

export type Right =
  | typeof myRead
  | typeof myManage
  | typeof allRead
  | typeof allManage
  | typeof identityRead
  | typeof identityManage;

// Rights over other people's data: only admins hold them, whatever the scope says.
const adminOnly: ReadonlySet<Right> = new Set([allRead, allManage, identityRead, identityManage]);

/**
 * What a token may do: its PAT's scopes, where `sp:scopes:all` grants every
 * right, capped by the owner's level: only admins hold the "all" rights,
 * read identities and may see managed PATs.
 */
export class Rights {
  readonly admin: boolean;
  private readonly scopes: ReadonlySet<string>;

  constructor(claims: AccessClaims) {
    this.admin = claims.authorities.includes('ORG_ADMIN');
    this.scopes = new Set(claims.scope);
  }

  has(right: Right): boolean {
    if (!this.admin && adminOnly.has(right)) return false;
    return this.scopes.has(everything) || this.scopes.has(right);
  }

  any(...rights: Right[]): boolean {
    return rights.some((right) => this.has(right));
  }

  /** Managed PATs are visible to callers allowed to read them: admins. */
  get readsManaged(): boolean {
    return this.admin;
  }
}
