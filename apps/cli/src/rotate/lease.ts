// The lease a rotation holds on a PAT, kept where every machine that may
// rotate it looks: in ISC, as the replacement's name while both PATs exist.
// "ci (rotating: run 1f2e3d4c from build-7, lease 15m)" says which run made
// it, where, and for how long from its `created` (ISC's clock) it is live.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** What every rotation needs besides its --exec commands: ISC's calls with their retries, the keyring, the files. */
export const baseLeaseMs = 10 * 60_000;

/**
 * A run does nothing that cannot be undone with less than this left of its
 * lease (deliver, delete or rename the old PAT, rename the replacement):
 * another run may take the PAT over once the lease has ended.
 */
export const leaseMarginMs = 60_000;

/** The name older patkit gave a replacement; it held no lease, so it counts as holding a base lease. */
const legacySuffix = ' (rotated)';

const pattern = /^(.*) \(rotating: run ([0-9a-f]{8}) from ([A-Za-z0-9._-]{1,40}), lease (\d{1,6})m\)$/;

/** What a PAT's lease is read from: its name and `created`. */
interface Named {
  readonly name: string;
  readonly created: string;
}

export interface Lease {
  readonly runId: string;
  readonly host: string;
  readonly ms: number;
}

/** The replacement's name while the lease is held. */
export function claimName(name: string, lease: Lease): string {
  return `${name} (rotating: run ${lease.runId} from ${lease.host}, lease ${Math.ceil(lease.ms / 60_000)}m)`;
}

/** A new lease: a random run id, this machine's name (as a PAT name can carry it), long enough for the run's commands. */
export function newLease(execTimeoutsMs: readonly number[]): Lease {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 40) || 'unknown';
  // An --exec command may run twice: to deliver, and with the old credentials to undo.
  const ms = baseLeaseMs + 2 * execTimeoutsMs.reduce((sum, timeout) => sum + timeout, 0);
  return { runId: randomBytes(4).toString('hex'), host, ms };
}

export interface Claim extends Partial<Lease> {
  /** The name of the PAT being rotated. */
  readonly name: string;
  readonly ms: number;
}

/** The claim a PAT's name makes, if it is the replacement of a rotation. */
export function parseClaim(patName: string): Claim | undefined {
  const match = pattern.exec(patName);
  if (match !== null)
    return {
      name: match[1] as string,
      runId: match[2] as string,
      host: match[3] as string,
      ms: Number(match[4]) * 60_000,
    };
  if (patName.endsWith(legacySuffix)) return { name: patName.slice(0, -legacySuffix.length), ms: baseLeaseMs };
  return undefined;
}

/** When a replacement's lease ends, on ISC's clock; undefined when the PAT is no replacement. */
export function leaseEnd(pat: Named): number | undefined {
  const claim = parseClaim(pat.name);
  return claim === undefined ? undefined : Date.parse(pat.created) + claim.ms;
}

/** The replacements of rotations of the PAT named `name` among `pats`. */
export function claimsOf<P extends Named>(pats: readonly P[], name: string): P[] {
  return pats.filter((pat) => parseClaim(pat.name)?.name === name);
}

/** How a run is named to a person: "run 1f2e3d4c from build-7". */
export function describeClaim(pat: Named & { readonly id: string }): string {
  const claim = parseClaim(pat.name);
  const who =
    claim?.runId === undefined ? `an older patkit's run (${pat.id})` : `run ${claim.runId} from ${claim.host}`;
  const end = leaseEnd(pat);
  return `${who}, started ${pat.created}${end === undefined ? '' : `, its lease ends ${new Date(end).toISOString()}`}`;
}
