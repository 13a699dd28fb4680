// The owners of the PATs being audited, looked up as the PATs stream by:
// in ISC's identities API (50 ids a request) or in an identities file. PATs
// wait in a bounded buffer until their owners are known.
import type { OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import type { OwnerFact } from './findings.js';

/** Where owners are looked up: the ids given that are found, by id. */
export type OwnerLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, OwnerIdentity>>;

export interface OwnedPat {
  readonly pat: GetPersonalAccessTokenResponse;
  readonly owner: OwnerFact;
}

/** Owner ids asked for at once, and the most PATs held while they are looked up. */
const batchIds = 50;
const maxWaiting = 5_000;

/**
 * Each PAT with its owner: the identity, null when the id resolves to none,
 * undefined when owners are not looked up (no lookup, or it failed: then
 * `onFailure` decides — rethrow, or return to go on without owners).
 */
export async function* withOwners(
  pats: AsyncIterable<GetPersonalAccessTokenResponse>,
  lookup: OwnerLookup | undefined,
  onFailure: (error: unknown) => void = (error) => {
    throw error;
  },
): AsyncGenerator<OwnedPat> {
  if (lookup === undefined) {
    for await (const pat of pats) yield { pat, owner: undefined };
    return;
  }
  let active: OwnerLookup | undefined = lookup;
  const known = new Map<string, OwnerIdentity | null>();
  const pending = new Set<string>();
  let waiting: GetPersonalAccessTokenResponse[] = [];
  const ownerOf = (pat: GetPersonalAccessTokenResponse): OwnerFact =>
    active === undefined || pat.owner.id === undefined ? undefined : known.get(pat.owner.id);
  async function resolve(): Promise<void> {
    if (active === undefined || pending.size === 0) return;
    const ids = [...pending];
    pending.clear();
    try {
      const found = await active(ids);
      for (const id of ids) known.set(id, found.get(id) ?? null);
    } catch (error) {
      onFailure(error);
      active = undefined;
    }
  }
  for await (const pat of pats) {
    const id = pat.owner.id;
    if (active !== undefined && id !== undefined && !known.has(id)) pending.add(id);
    waiting.push(pat);
    if (pending.size >= batchIds || waiting.length >= maxWaiting) {
      await resolve();
      for (const held of waiting) yield { pat: held, owner: ownerOf(held) };
      waiting = [];
    }
  }
  await resolve();
  for (const held of waiting) yield { pat: held, owner: ownerOf(held) };
}
