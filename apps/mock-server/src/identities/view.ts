import type { Identity } from '../state/store.js';

/** An identity as ISC's identities API returns it (the `Identity` schema of each version that has identities), in the schema's key order. */
export interface IdentityView {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  readonly modified: string;
  readonly alias: string;
  readonly emailAddress: string | null;
  readonly processingState: 'OK' | 'ERROR' | null;
  readonly identityStatus: string;
  readonly managerRef: null;
  readonly isManager: boolean;
  readonly lastRefresh: string;
  readonly attributes: {
    readonly uid: string;
    readonly displayName: string;
    readonly firstname: string;
    readonly lastname: string;
    readonly email: string | null;
    readonly cloudStatus: string;
    readonly cloudLifecycleState: string;
  };
  readonly lifecycleState: { readonly stateName: string; readonly manuallyUpdated: boolean };
}

/** The login name the store derives, passed in so that one function owns it. */
export function identityView(identity: Identity, login: string): IdentityView {
  const words = identity.name.trim().split(/\s+/);
  const lifecycle = identity.lifecycleState ?? 'active';
  const status = identity.identityStatus ?? 'ACTIVE';
  const email = identity.email ?? null;
  return {
    id: identity.id,
    name: identity.name,
    // Every identity the store holds has them (older files get them when opened).
    created: new Date(identity.created ?? 0).toISOString(),
    modified: new Date(identity.modified ?? identity.created ?? 0).toISOString(),
    alias: login,
    emailAddress: email,
    processingState: 'OK',
    identityStatus: status,
    managerRef: null,
    isManager: false,
    lastRefresh: new Date(identity.lastRefresh ?? identity.modified ?? identity.created ?? 0).toISOString(),
    attributes: {
      uid: login,
      displayName: identity.name,
      firstname: words.length > 1 ? words.slice(0, -1).join(' ') : (words[0] ?? ''),
      lastname: words.length > 1 ? (words.at(-1) ?? '') : '',
      email,
      cloudStatus: status,
      cloudLifecycleState: lifecycle,
    },
    lifecycleState: { stateName: lifecycle, manuallyUpdated: false },
  };
}
