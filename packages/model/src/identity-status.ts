// @patkit/model/identities: what ISC says of an identity's status (the Identity schema's
// identityStatus), and which statuses mean that the person has left: their
// PATs keep their rights until someone deletes them.

/** ISC's identityStatus values. */
export const identityStatuses = [
  'UNREGISTERED',
  'REGISTERED',
  'PENDING',
  'WARNING',
  'DISABLED',
  'ACTIVE',
  'DEACTIVATED',
  'TERMINATED',
  'ERROR',
  'LOCKED',
] as const;

export type IdentityStatus = (typeof identityStatuses)[number];

/** The statuses of someone who has left. */
export const inactiveIdentityStatuses: readonly IdentityStatus[] = ['DISABLED', 'DEACTIVATED', 'TERMINATED'];

/** The lifecycle states that mean the same by default (a policy may name others). */
export const inactiveLifecycleStates: readonly string[] = ['inactive', 'terminated'];
