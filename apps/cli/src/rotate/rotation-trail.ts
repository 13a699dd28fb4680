import { openTrail, writeFileAtomic } from '../atomic-file.js';

export type RotationStatus = 'running' | 'rotated' | 'not-due' | 'rolled-back' | 'failed' | 'planned';
type DestinationStatus = 'pending' | 'delivered' | 'undone' | 'failed' | 'undo-failed';

interface PatFacts {
  readonly id: string;
  readonly name: string;
  readonly expirationDate: string | null;
}

/**
 * The JSON trail of a rotation (--record): what was rotated, when, by which
 * client id, to which destinations, each step, and how it ended — written
 * whole after every step. Never a secret: ids, names, dates, labels.
 */
export class RotationTrail {
  private readonly startedAt = new Date().toISOString();
  private status: RotationStatus = 'running';
  private old: PatFacts | undefined;
  private replacement: PatFacts | undefined;
  private readonly destinations: Array<{ label: string; status: DestinationStatus; error?: string }>;
  private readonly steps: Array<{ at: string; step: string }> = [];
  private keptUntil: string | undefined;

  constructor(
    private readonly path: string,
    private readonly about: { baseUrl: string; by: string; byFrom: string },
    labels: readonly string[],
  ) {
    this.destinations = labels.map((label) => ({ label, status: 'pending' }));
    openTrail(path, 'nothing was rotated');
    this.write();
  }

  step(step: string, facts: { old?: PatFacts; replacement?: PatFacts; keptUntil?: string } = {}): void {
    if (facts.old) this.old = facts.old;
    if (facts.replacement) this.replacement = facts.replacement;
    if (facts.keptUntil) this.keptUntil = facts.keptUntil;
    this.steps.push({ at: new Date().toISOString(), step });
    this.write();
  }

  destination(at: number, status: DestinationStatus, error?: string): void {
    const entry = this.destinations[at];
    if (entry === undefined) return;
    entry.status = status;
    if (error !== undefined) entry.error = error;
    this.write();
  }

  finish(status: Exclude<RotationStatus, 'running'>, step: string): void {
    this.status = status;
    this.step(step);
  }

  private write(): void {
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
