import type { Identity } from '../state/store.js';

/** An identity as ISC's identities API returns it (the `Identity` schema of beta, v2025 and v2026). */
export interface IdentityView {
  readonly id: string;
  readonly name: string;
  readonly alias: string;
  readonly emailAddress: string | null;
  readonly processingState: 'OK' | 'ERROR' | null;
  readonly identityStatus: string;
  readonly managerRef: null;
  readonly isManager: boolean;
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
    alias: login,
    emailAddress: email,
    processingState: 'OK',
    identityStatus: status,
    managerRef: null,
    isManager: false,
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
