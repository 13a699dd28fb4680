import { checkTrailPath, writeFileAtomic } from '../atomic-file.js';

export interface TrailEntry {
  readonly id: string;
  readonly name: string;
  readonly owner: unknown;
  readonly reasons: readonly { readonly finding: string; readonly detail: string }[];
}

type Status = 'running' | 'finished' | 'interrupted' | 'declined';

/**
 * The JSON trail of a prune, on disk before the first deletion and after
 * each one: a PAT is `pending` while its DELETE is in flight (it may be gone
 * if the run stops then), then `deleted` or `failed`. An interrupted run
 * leaves a trail that says so, with everything that happened up to then.
 */
export class PruneTrail {
  private readonly pending = new Map<string, TrailEntry>();
  private readonly deleted: Array<TrailEntry & { deletedAt: string }> = [];
  private readonly failed: Array<TrailEntry & { error: string }> = [];
  private status: Status = 'running';
  private readonly startedAt = new Date().toISOString();

  /** Checks the path (no link, a folder that can be written) and writes the file now: a bad path stops the run before it starts. */
  constructor(
    private readonly path: string,
    private readonly about: { baseUrl: string; by: string; byFrom: string },
  ) {
    checkTrailPath(path, 'nothing was deleted');
    this.write();
  }

  start(entry: TrailEntry): void {
    this.pending.set(entry.id, entry);
    this.write();
  }

  done(id: string): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    this.deleted.push({ ...entry, deletedAt: new Date().toISOString() });
    this.write();
  }

  fail(id: string, error: string): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    this.failed.push({ ...entry, error });
    this.write();
  }

  finish(status: Exclude<Status, 'running'>): void {
    this.status = status;
    this.write();
  }

  /** Written whole to a temporary file, flushed, then renamed over the trail: never half a document. */
  private write(): void {
    const document = {
      tool: 'patkit prune',
      ...this.about,
      startedAt: this.startedAt,
      at: new Date().toISOString(),
      status: this.status,
      deleted: this.deleted,
      failed: this.failed,
      pending: [...this.pending.values()],
    };
    writeFileAtomic(this.path, `${JSON.stringify(document, null, 2)}\n`);
  }
}
