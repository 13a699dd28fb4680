import { type ApiVersion, type IsoDateTime, type Model, variantOf } from '@patkit/model';
import type { PatRow } from './store.js';

function iso(ms: number): IsoDateTime {
  return new Date(ms).toISOString() as IsoDateTime;
}

function owner(row: PatRow) {
  return {
    type: 'IDENTITY' as const,
    id: row.ownerId,
    ...(row.ownerName === undefined ? {} : { name: row.ownerName }),
  };
}

/** A stored PAT as the list and patch operations of an API version return it. */
export function patView(row: PatRow, apiVersion: ApiVersion): Model<'GetPersonalAccessTokenResponse', ApiVersion> {
  const common = {
    id: row.id,
    name: row.name,
    scope: row.scope === null ? null : [...row.scope],
    owner: owner(row),
    created: iso(row.created),
    lastUsed: row.lastUsed === null ? null : iso(row.lastUsed),
    managed: row.managed,
    accessTokenValiditySeconds: row.accessTokenValiditySeconds,
  };
  if (variantOf(apiVersion) === 'legacy') {
    // The legacy shape has no never-expiring PATs: no expiry reads as absent.
    return row.expirationDate === null ? common : { ...common, expirationDate: iso(row.expirationDate) };
  }
  return {
    ...common,
    expirationDate: row.expirationDate === null ? null : iso(row.expirationDate),
    userAwareTokenNeverExpires: row.userAwareTokenNeverExpires,
  };
}

/** The answer to a create: the only response that carries the secret. */
export function createdView(row: PatRow, secret: string): Model<'CreatePersonalAccessTokenResponse', ApiVersion> {
  return {
    id: row.id,
    secret,
    scope: row.scope === null ? null : [...row.scope],
    name: row.name,
    owner: owner(row),
    created: iso(row.created),
    accessTokenValiditySeconds: row.accessTokenValiditySeconds,
    expirationDate: row.expirationDate === null ? null : iso(row.expirationDate),
  };
}
