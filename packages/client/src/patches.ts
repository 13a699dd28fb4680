import type { PatPatchOperation as PatchOperation } from '@patkit/model';
import { toIsoDateTime } from '@patkit/model/core';
import { ClientError } from './client-error.js';

/** Ready-made patches for the changes people make to PATs. */
export const patches = {
  rename(name: string): PatchOperation[] {
    return [{ op: 'replace', path: '/name', value: name }];
  },
  setScope(scope: readonly string[]): PatchOperation[] {
    return [{ op: 'replace', path: '/scope', value: [...scope] }];
  },
  addScope(scope: string): PatchOperation[] {
    return [{ op: 'add', path: '/scope/-', value: scope }];
  },
  /** Needs the PAT's current scopes, as ISC patches scopes by position. */
  removeScope(current: readonly string[] | null, scope: string): PatchOperation[] {
    const index = current?.indexOf(scope) ?? -1;
    if (index < 0) throw new ClientError('invalid_argument', `the PAT has no scope ${JSON.stringify(scope)}`);
    return [
      { op: 'test', path: `/scope/${index}`, value: scope },
      { op: 'remove', path: `/scope/${index}` },
    ];
  },
  setExpiration(date: Date | string): PatchOperation[] {
    try {
      return [{ op: 'replace', path: '/expirationDate', value: toIsoDateTime(date) }];
    } catch (error) {
      throw new ClientError('invalid_argument', `setExpiration needs a date: ${(error as Error).message}`, {
        cause: error,
      });
    }
  },
  /** v2025 and later: the expiry is cleared with the never-expires acknowledgement. */
  neverExpires(): PatchOperation[] {
    return [
      { op: 'replace', path: '/expirationDate', value: null },
      { op: 'replace', path: '/userAwareTokenNeverExpires', value: true },
    ];
  },
};
