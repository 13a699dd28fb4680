import { checkTrailPath, writeFileAtomic } from '../atomic-file.js';

export type RotationStatus =
  | 'running'
  | 'rotated'
  | 'not-due'
  | 'rolled-back'
  | 'failed'
  | 'planned'
  | 'busy'
  | 'interrupted';
type DestinationStatus = 'pending' | 'delivered' | 'undone' | 'failed' | 'undo-failed';

interface PatFacts {
  readonly id: string;
  readonly name: string;
  readonly expirationDate: string | null;
}

interface DestinationEntry {
  label: string;
  status: DestinationStatus;
  /** The client id it holds, as far as this run knows (never a secret). */
  holds?: string;
  error?: string;
}

/**
 * The JSON trail of a rotation (--record): what was rotated, when, by which
 * client id, to which destinations (and what each holds), each step, and
 * how it ended — written whole after every step. Never a secret: ids,
 * names, dates, labels. A --dry-run writes nothing.
 */
export class RotationTrail {
  private readonly startedAt = new Date().toISOString();
  private status: RotationStatus = 'running';
  private old: PatFacts | undefined;
  private replacement: PatFacts | undefined;
  private readonly destinations: DestinationEntry[];
  private readonly steps: Array<{ at: string; step: string }> = [];
  private keptUntil: string | undefined;

  /** Checks the path first (no link, no destination's file, a folder that can be written); creates it unless `dryRun`. */
  constructor(
    private readonly path: string,
    private readonly about: { baseUrl: string; by: string; byFrom: string; run: string },
    labels: readonly string[],
    destinationFiles: readonly string[],
    private readonly dryRun = false,
  ) {
    this.destinations = labels.map((label) => ({ label, status: 'pending' }));
    checkTrailPath(path, 'nothing was rotated', destinationFiles);
    this.write();
  }

  /** Whether the rotation has ended (any status but running). */
  get ended(): boolean {
    return this.status !== 'running';
  }

  step(step: string, facts: { old?: PatFacts; replacement?: PatFacts; keptUntil?: string } = {}): void {
    if (facts.old) this.old = facts.old;
    if (facts.replacement) this.replacement = facts.replacement;
    if (facts.keptUntil) this.keptUntil = facts.keptUntil;
    this.steps.push({ at: new Date().toISOString(), step });
    this.write();
  }

  destination(at: number, status: DestinationStatus, details: { holds?: string; error?: string } = {}): void {
    const entry = this.destinations[at];
    if (entry === undefined) return;
    entry.status = status;
    if (details.holds !== undefined) entry.holds = details.holds;
    if (details.error !== undefined) entry.error = details.error;
    this.write();
  }

  /** Ends the trail; a trail ends once. */
  finish(status: Exclude<RotationStatus, 'running'>, step: string): void {
    if (this.ended) return;
    this.status = status;
    this.step(step);
  }

  private write(): void {
    if (this.dryRun) return;
    const document = {
      tool: 'patkit rotate',
      ...this.about,
      startedAt: this.startedAt,
      at: new Date().toISOString(),
      status: this.status,
      old: this.old ?? null,
      replacement: this.replacement ?? null,
      ...(this.keptUntil === undefined ? {} : { deleteOldAfter: this.keptUntil }),
      destinations: this.destinations,
      steps: this.steps,
    };
    writeFileAtomic(this.path, `${JSON.stringify(document, null, 2)}\n`);
  }
}
