// The owners of the PATs being audited, looked up as batches of PATs stream
// by: in ISC's identities API (50 ids a request) or in an identities file.
// Look-ups start as batches are read (`ahead`), a few at once, while earlier
// batches are classified; a batch waits only until the owners it names are known.
import { ApiError, type OwnerIdentity } from '@patkit/client';
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { readAhead } from '../read-ahead.js';
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

/** Look-ups in flight at once, per tenant: a slow tenant's latency is paid once per round of them. */
const lookupsAtOnce = 4;

/**
 * Batches decoded ahead of the one classified: enough that a list's later
 * owners, a few new ones a batch, still go out in full groups rather than a
 * short group a round (tenants bench, one tenant at 250 ms a request:
 * 8 batches 2.9 s, 16 batches 2.6 s, 24 batches 2.3 s, the whole list 2.25 s),
 * a few MB.
 */
export const batchesAhead = 24;

/** The batches ahead that tenants audited at once share (20 tenants at 250 ms: 6 each took 1.43x one tenant, at 214 MB peak RSS). */
export const sharedBatchesAhead = 32;

/** The owners met so far: an identity, or null when the id resolves to none. */
export class Owners {
  private readonly known = new Map<string, OwnerIdentity | null>();
  /** Ids asked for and not answered yet, each with what its waiters await. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly settle = new Map<string, () => void>();
  /** Ids waiting for a look-up to take them, in order and as a set. */
  private queue: string[] = [];
  private readonly queued = new Set<string>();
  private inFlight = 0;
  /** Whether a batch waits for ids still queued. */
  private urgent = false;
  private failure: { error: unknown } | undefined;
  private reported = false;

  /**
   * `lookup` undefined: owners are not looked up. When a lookup fails,
   * `onFailure` decides: rethrow, or return to go on without owners.
   * `window`: the batches `ahead` reads ahead (tenants audited at once share a budget).
   */
  constructor(
    private lookup: OwnerLookup | undefined,
    private readonly onFailure: (error: unknown) => void = (error) => {
      throw error;
    },
    private readonly window = batchesAhead,
  ) {}

  /** How many owners were looked up so far. */
  get count(): number {
    return this.known.size;
  }

  /** The owner of a PAT; undefined when owners are not (or no longer) looked up. */
  of(pat: GetPersonalAccessTokenResponse): OwnerFact {
    return this.lookup === undefined || pat.owner.id === undefined ? undefined : this.known.get(pat.owner.id);
  }

  /** The batches, read a few ahead of their consumer, their owners asked for as each batch is read. */
  ahead(
    batches: AsyncIterable<GetPersonalAccessTokenResponse[]>,
  ): AsyncGenerator<GetPersonalAccessTokenResponse[], void, undefined> {
    const owners = this;
    return readAhead(
      (async function* () {
        for await (const batch of batches) {
          owners.ask(batch);
          yield batch;
        }
        // The list is read: no fuller group will come, so what is queued goes now.
        owners.urgent = true;
        owners.start();
      })(),
      this.window,
    );
  }

  /** Looks up the owners of a batch that are not known yet, and waits for them. */
  async learn(pats: readonly GetPersonalAccessTokenResponse[]): Promise<void> {
    const { waits, queued } = this.ask(pats);
    if (queued) {
      // Waited for: ids still queued go out even in a group short of 50.
      this.urgent = true;
      this.start();
    }
    if (waits.length > 0) await Promise.all(waits);
    // A failure is reported once, to the first batch that waits after it.
    if (this.failure !== undefined && !this.reported) {
      this.reported = true;
      this.onFailure(this.failure.error);
    }
  }

  /** Queues the unknown owners of `pats` for look-up and starts what may start; what to wait for, and whether some is not sent yet. */
  private ask(pats: readonly GetPersonalAccessTokenResponse[]): { waits: Promise<void>[]; queued: boolean } {
    const waits: Promise<void>[] = [];
    let queued = false;
    if (this.lookup === undefined) return { waits, queued };
    let last: string | undefined;
    for (const pat of pats) {
      const id = pat.owner.id;
      // PATs of one owner often come together.
      if (id === undefined || id === last || this.known.has(id)) continue;
      last = id;
      let wait = this.pending.get(id);
      if (wait === undefined) {
        wait = new Promise<void>((resolve) => {
          this.settle.set(id, resolve);
        });
        this.pending.set(id, wait);
        this.queue.push(id);
        this.queued.add(id);
      }
      if (this.queued.has(id)) queued = true;
      waits.push(wait);
    }
    this.start();
    return { waits, queued };
  }

  /**
   * Sends what is queued, at most `lookupsAtOnce` look-ups at once: groups
   * of 50, or a shorter one when nothing else is in flight or a batch waits for it.
   */
  private start(): void {
    while (
      this.inFlight < lookupsAtOnce &&
      this.queue.length > 0 &&
      (this.queue.length >= idsPerLookup || this.inFlight === 0 || this.urgent)
    ) {
      const lookup = this.lookup;
      const group = this.queue.splice(0, idsPerLookup);
      for (const id of group) this.queued.delete(id);
      if (this.queue.length === 0) this.urgent = false;
      if (lookup === undefined) {
        this.done(group);
        continue;
      }
      this.inFlight++;
      lookup(group).then(
        (found) => {
          for (const id of group) this.known.set(id, found.get(id) ?? null);
          this.finish(group);
        },
        (error: unknown) => {
          // One failure ends the look-ups: what waits goes on without owners (or onFailure throws).
          this.failure ??= { error };
          this.lookup = undefined;
          this.queued.clear();
          this.done(this.queue.splice(0));
          this.finish(group);
        },
      );
    }
  }

  private finish(group: readonly string[]): void {
    this.inFlight--;
    this.done(group);
    this.start();
  }

  private done(ids: readonly string[]): void {
    for (const id of ids) {
      this.settle.get(id)?.();
      this.settle.delete(id);
      this.pending.delete(id);
    }
  }
}
