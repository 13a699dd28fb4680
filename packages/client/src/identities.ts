// Owners as ISC's identities API knows them: what audit needs to tell a PAT
// of someone who left. Identities are not PAT models, so they are read here,
// field by field, rather than by the serializer.

/** What patkit reads of an identity. */
export interface OwnerIdentity {
  readonly id: string;
  readonly name?: string;
  readonly alias?: string;
  /** ISC's identityStatus: ACTIVE, DISABLED, DEACTIVATED, TERMINATED, … */
  readonly identityStatus?: string;
  /** The lifecycle state's name: active, inactive, terminated, … */
  readonly lifecycleState?: string;
}

/** Ids per request: the filter `id in (…)` stays a short URL. */
export const identitiesPerRequest = 50;
/** ISC's page size limit for collections. */
export const identitiesPageLimit = 250;

/** The `filters` value that finds these ids. */
export function idsFilter(ids: readonly string[]): string {
  return `id in (${ids.map((id) => JSON.stringify(id)).join(',')})`;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An OwnerIdentity in the shape ISC's identities API gives it (what `ownerIdentity` reads back). */
export function identityJson({ lifecycleState, ...identity }: OwnerIdentity): Record<string, unknown> {
  return { ...identity, ...(lifecycleState === undefined ? {} : { lifecycleState: { stateName: lifecycleState } }) };
}

/** An identity of a response, or undefined when the item has no id. */
export function ownerIdentity(value: unknown): OwnerIdentity | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const item = value as Record<string, unknown>;
  const id = text(item.id);
  if (id === undefined) return undefined;
  const lifecycle = item.lifecycleState as { stateName?: unknown } | null | undefined;
  // The fields that are there, nothing undefined: thousands of owners an audit.
  const identity: { -readonly [K in keyof OwnerIdentity]: OwnerIdentity[K] } = { id };
  const name = text(item.name);
  if (name !== undefined) identity.name = name;
  const alias = text(item.alias);
  if (alias !== undefined) identity.alias = alias;
  const identityStatus = text(item.identityStatus);
  if (identityStatus !== undefined) identity.identityStatus = identityStatus;
  const lifecycleState = text(lifecycle?.stateName);
  if (lifecycleState !== undefined) identity.lifecycleState = lifecycleState;
  return identity;
}
