// An audit's classification of PATs as a list streams by, each tenant's
// owners looked up meanwhile: what needs no owner is found at once, and a
// PAT waits only for its own owner, held as little as its findings name.
import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { stdoutReady } from '../output.js';
import {
  type Finding,
  factsOf,
  failsOn,
  findingsOf,
  leftOut,
  ownerFindings,
  type Policy,
  patDates,
  patFindings,
  type Severity,
} from './findings.js';
import { HeldPats } from './held-pats.js';
import type { Owners } from './owners.js';
import type { Tally } from './tally.js';

/** How a tenant's PATs are classified: by the policy, its owners and its tally. */
export interface Classifying {
  readonly policy: Policy;
  readonly now: number;
  readonly failOn: Severity | 'any' | undefined;
  readonly owners: Owners;
  readonly tally: Tally;
  /** PATs held at most while their owners are looked up (the list waits past it). */
  readonly maxHeld: number;
}

/**
 * PATs held while their owners are looked up, shared by the tenants audited
 * at once. Tenants bench, 20 tenants: at 500 ms a request, 20,000 took
 * 1.6-1.8× one tenant, 100,000 took 1.3× at about 200 MB peak RSS; at 1000 ms,
 * 200,000 peaked at up to 271 MB.
 */
export const heldPats = 100_000;

/**
 * Classifies the PATs as their batches come, counting them; whether
 * --fail-on is met. A PAT's findings that need no owner are found at once;
 * a PAT whose owner is still being looked up is held, as little as its
 * findings name, until that owner is known. So the list is read as fast
 * as it comes, every owner is asked for as soon as it is met, and no PAT
 * waits for another's owner: a PAT's owner findings come after the others.
 */
export async function classifyBatches(
  batches: AsyncIterable<GetPersonalAccessTokenResponse[]>,
  { policy, now, failOn, owners, tally, maxHeld }: Classifying,
  found: (findings: readonly Finding[]) => void,
): Promise<boolean> {
  let fails = false;
  const report = (findings: readonly Finding[]) => {
    if (findings.length === 0) return;
    if (failOn !== undefined && !fails) fails = failsOn(findings, failOn);
    found(findings);
  };
  const held = new HeldPats();
  let failure: { error: unknown } | undefined;
  // The list waiting for held PATs to be no more than `fewer`.
  let room: { fewer: number; wake: () => void } | undefined;
  const fewerHeld = (fewer: number) =>
    new Promise<void>((wake) => {
      room = { fewer, wake };
    });
  const release = (id: string) => {
    try {
      held.take(id, (pat, flagged) => {
        const later = ownerFindings(pat, policy, now, owners.of(pat));
        tally.addLater(later, flagged);
        report(later);
      });
    } catch (error) {
      failure ??= { error };
    }
    if (room !== undefined && (held.count <= room.fewer || failure !== undefined)) {
      room.wake();
      room = undefined;
    }
  };
  const stopListening = owners.onKnown((ids) => {
    for (const id of ids) release(id);
  });
  const check = () => {
    if (failure !== undefined) throw failure.error;
    owners.reportFailure();
  };
  try {
    for await (const batch of batches) {
      owners.want(batch);
      for (const pat of batch) {
        const dates = patDates(pat);
        if (leftOut(pat, policy)) {
          tally.add(dates, []);
          continue;
        }
        const pending = owners.isPending(pat);
        const facts = factsOf(now, dates, pending ? undefined : owners.of(pat));
        const findings = pending ? patFindings(pat, policy, facts) : findingsOf(pat, policy, facts);
        tally.add(dates, findings);
        report(findings);
        if (pending) held.hold(pat.owner.id as string, pat, findings.length > 0);
      }
      check();
      if (held.count > maxHeld) {
        // The list waits (in the connection's buffers) until owners come back.
        owners.hurry();
        await fewerHeld(maxHeld / 2);
        check();
      }
      // A batch's findings written, the next waits for the reader.
      await stdoutReady();
    }
    owners.hurry();
    if (held.count > 0) await fewerHeld(0);
    check();
    return fails;
  } finally {
    stopListening();
    held.free();
  }
}
