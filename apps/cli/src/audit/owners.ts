// The owners of the PATs being audited, looked up as batches of PATs stream
// by: in ISC's identities API (50 ids a request) or in an identities file.
// A batch waits until the owners it names are known.
import { ApiError, type OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import type { OwnerFact } from './findings.js';

/** Where owners are looked up: the ids given that are found, by id. */
export type OwnerLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, OwnerIdentity>>;

/**
 * When an error is ISC refusing to show identities (a 403: the PAT lacks
 * idn:identity:read), the path it refused, without its query; undefined for
 * any other error.
 */
export function identitiesRefused(error: unknown): string | undefined {
  return error instanceof ApiError && error.status === 403 ? error.path.split('?')[0] : undefined;
}

/** Owner ids asked for at once. */
const idsPerLookup = 50;

/** Look-ups in flight at once: well within ISC's 100 requests per 10 s. */
const lookupsAtOnce = 4;

/** The owners met so far: an identity, or null when the id resolves to none. */
export class Owners {
  private readonly known = new Map<string, OwnerIdentity | null>();

  /**
   * `lookup` undefined: owners are not looked up. When a lookup fails,
   * `onFailure` decides: rethrow, or return to go on without owners.
   */
  constructor(
    private lookup: OwnerLookup | undefined,
    private readonly onFailure: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  /** How many owners were looked up so far. */
  get count(): number {
    return this.known.size;
  }

  /** The owner of a PAT; undefined when owners are not (or no longer) looked up. */
  of(pat: GetPersonalAccessTokenResponse): OwnerFact {
    return this.lookup === undefined || pat.owner.id === undefined ? undefined : this.known.get(pat.owner.id);
  }

  /** Looks up the owners of a batch that are not known yet. */
  async learn(pats: readonly GetPersonalAccessTokenResponse[]): Promise<void> {
    if (this.lookup === undefined) return;
    const unknown = new Set<string>();
    for (const pat of pats) if (pat.owner.id !== undefined && !this.known.has(pat.owner.id)) unknown.add(pat.owner.id);
    const ids = [...unknown];
    const groups: string[][] = [];
    for (let at = 0; at < ids.length; at += idsPerLookup) groups.push(ids.slice(at, at + idsPerLookup));
    // A few look-ups at once: a slow tenant's latency is paid once per round, not once per 50 owners.
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      for (let group = groups.shift(); group !== undefined && failure === undefined; group = groups.shift()) {
        const lookup = this.lookup;
        if (lookup === undefined) return;
        try {
          const found = await lookup(group);
          for (const id of group) this.known.set(id, found.get(id) ?? null);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(lookupsAtOnce, groups.length) }, worker));
    if (failure !== undefined) {
      this.lookup = undefined;
      this.onFailure(failure.error);
    }
  }
}
