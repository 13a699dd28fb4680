export interface MintedToken {
  readonly accessToken: string;
  /** Lifetime in seconds, from `expires_in`. */
  readonly expiresIn: number;
}

/**
 * Holds one access token: minted on first use, shared by concurrent callers
 * (one request in flight), renewed shortly before it expires (10% of its
 * lifetime, at most a minute) and after the API refused it.
 */
export class TokenCache {
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly mint: () => Promise<MintedToken>,
    private readonly now: () => number,
  ) {}

  get(): Promise<string> {
    if (this.current !== undefined && this.now() < this.current.renewAt) return Promise.resolve(this.current.token);
    this.pending ??= this.mint()
      .then(({ accessToken, expiresIn }) => {
        const lifetime = expiresIn * 1000;
        this.current = { token: accessToken, renewAt: this.now() + lifetime - Math.min(60_000, lifetime * 0.1) };
        return accessToken;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Forgets a token the API refused, unless a newer one replaced it already. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }
}
