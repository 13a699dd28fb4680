// The owners of the PATs being audited, looked up as batches of PATs stream
// by: in ISC's identities API (50 ids a request) or in an identities file.
// Look-ups start as soon as a batch names an owner not known yet, a few at
// once; what needs an owner waits for that owner only (classify-batches.ts).
import { ApiError, identitiesPerRequest, type OwnerIdentity } from '@patkit/client';
import type { OwnerFact, PatRef } from './findings.js';

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

/**
 * Look-ups in flight at once, per tenant: a slow tenant's latency is paid
 * once per round of them. Eight, not four: a tenant of 1,000 owners takes 3
 * rounds, not 5 (the tenants bench: a third less time at 250 ms and more), a
 * burst well within ISC's 100 requests per 10 s, which the pacer keeps past it.
 */
export const lookupsAtOnce = 8;

/** The owners met so far: an identity, or null when the id resolves to none. */
export class Owners {
  private readonly known = new Map<string, OwnerIdentity | null>();
  /** Ids asked for and not answered yet. */
  private readonly pending = new Set<string>();
  /** What `learn` awaits, for the pending ids it waits for: made only then (an audit's stream waits through onKnown). */
  private readonly waits = new Map<string, PromiseWithResolvers<void>>();
  private readonly listeners = new Set<(ids: readonly string[]) => void>();
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
  of(pat: PatRef): OwnerFact {
    return this.lookup === undefined || pat.owner.id === undefined ? undefined : this.known.get(pat.owner.id);
  }

  /**
   * Asks for the owners of `pats` not known yet: they go out in groups of
   * 50 as they fill up (or at once when nothing else is in flight).
   */
  want(pats: readonly PatRef[]): void {
    this.ask(pats);
  }

  /** Whether a PAT's owner is being looked up (not known yet). */
  isPending(pat: PatRef): boolean {
    const id = pat.owner.id;
    return id !== undefined && this.pending.has(id);
  }

  /** Calls `listener` with the ids of each look-up once answered (or given up), until the returned function is called. */
  onKnown(listener: (ids: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What is queued goes now, even in a group short of 50: nothing more is coming, or the list waits for it. */
  hurry(): void {
    this.urgent = true;
    this.start();
  }

  /** A failed look-up, handed to onFailure once (which may throw it). */
  reportFailure(): void {
    if (this.failure === undefined || this.reported) return;
    this.reported = true;
    this.onFailure(this.failure.error);
  }

  /** Looks up the owners of a batch that are not known yet, and waits for them. */
  async learn(pats: readonly PatRef[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const queued = this.ask(pats, waits);
    // Waited for: ids still queued go out even in a group short of 50.
    if (queued) this.hurry();
    if (waits.length > 0) await Promise.all(waits);
    // A failure is reported once, to the first batch that waits after it.
    this.reportFailure();
  }

  /**
   * Queues the unknown owners of `pats` for look-up and starts what may
   * start. With `waits`: adds what to wait for, and says whether some is not sent yet.
   */
  private ask(pats: readonly PatRef[], waits?: Promise<void>[]): boolean {
    let queued = false;
    if (this.lookup === undefined) return queued;
    let last: string | undefined;
    for (const pat of pats) {
      const id = pat.owner.id;
      // PATs of one owner often come together.
      if (id === undefined || id === last || this.known.has(id)) continue;
      last = id;
      if (!this.pending.has(id)) {
        this.pending.add(id);
        this.queue.push(id);
        this.queued.add(id);
      }
      if (waits === undefined) continue;
      if (this.queued.has(id)) queued = true;
      waits.push(this.waitFor(id));
    }
    this.start();
    return queued;
  }

  /**
   * Sends what is queued, at most `lookupsAtOnce` look-ups at once: groups
   * of 50, or a shorter one when nothing else is in flight or a batch waits for it.
   */
  private start(): void {
    while (
      this.inFlight < lookupsAtOnce &&
      this.queue.length > 0 &&
      (this.queue.length >= identitiesPerRequest || this.inFlight === 0 || this.urgent)
    ) {
      const lookup = this.lookup;
      const group = this.queue.splice(0, identitiesPerRequest);
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

  /** What resolves once `id`, pending, is answered. */
  private waitFor(id: string): Promise<void> {
    let wait = this.waits.get(id);
    if (wait === undefined) {
      wait = Promise.withResolvers<void>();
      this.waits.set(id, wait);
    }
    return wait.promise;
  }

  private done(ids: readonly string[]): void {
    for (const id of ids) {
      this.pending.delete(id);
      this.waits.get(id)?.resolve();
      this.waits.delete(id);
    }
    for (const listener of this.listeners) listener(ids);
  }
}
