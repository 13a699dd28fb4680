import type { TokenKey, TokenStore } from './token-store.js';

export interface MintedToken {
  readonly accessToken: string;
  /** Lifetime in seconds, from `expires_in`. */
  readonly expiresIn: number;
}

/**
 * Holds one access token: minted on first use, shared by concurrent callers
 * (one request in flight), renewed shortly before it expires (10% of its
 * lifetime, at most a minute) and after the API refused it. With a store,
 * a token an earlier run kept is used first, and a minted one is kept.
 */
export class TokenCache {
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private looked = false;

  constructor(
    private readonly mint: () => Promise<MintedToken>,
    private readonly now: () => number,
    private readonly kept?: { readonly store: TokenStore; readonly key: () => TokenKey },
  ) {}

  get(): Promise<string> {
    if (this.current === undefined && this.kept !== undefined && !this.looked) {
      // Once a run: a token refused or renewed later is not read back.
      this.looked = true;
      const stored = this.kept.store.read(this.kept.key());
      if (stored !== undefined) this.current = { token: stored.accessToken, renewAt: stored.renewAt };
    }
    if (this.current !== undefined && this.now() < this.current.renewAt) return Promise.resolve(this.current.token);
    this.pending ??= this.mint()
      .then(({ accessToken, expiresIn }) => {
        const lifetime = expiresIn * 1000;
        this.current = { token: accessToken, renewAt: this.now() + lifetime - Math.min(60_000, lifetime * 0.1) };
        this.kept?.store.write(this.kept.key(), { accessToken, renewAt: this.current.renewAt });
        return accessToken;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Forgets a token the API refused, unless a newer one replaced it already (here or in the store). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
    if (this.kept !== undefined && this.kept.store.read(this.kept.key())?.accessToken === token)
      this.kept.store.remove(this.kept.key());
  }

  /** Forgets the token, here and in the store: its PAT is gone. */
  forget(): void {
    this.current = undefined;
    if (this.kept !== undefined) this.kept.store.remove(this.kept.key());
  }
}
