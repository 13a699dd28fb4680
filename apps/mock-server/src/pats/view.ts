import type { Model } from '@patkit/model';
import { type ApiVersion, type IsoDateTime, type ModelVariant, variantOf } from '@patkit/model/core';
import type { PatRow } from '../state/store.js';

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

type View = Model<'GetPersonalAccessTokenResponse', ApiVersion>;

// Rows are immutable and replaced on every write, so a view can be kept per row.
const views = { current: new WeakMap<PatRow, View>(), legacy: new WeakMap<PatRow, View>() };

/** A stored PAT as the list and patch operations of an API version return it. */
export function patView(row: PatRow, apiVersion: ApiVersion): View {
  const variant = variantOf(apiVersion);
  let view = views[variant].get(row);
  if (view === undefined) {
    view = buildView[variant](row);
    views[variant].set(row, view);
  }
  return view;
}

function common(row: PatRow) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope === null ? null : [...row.scope],
    owner: owner(row),
    created: iso(row.created),
    lastUsed: row.lastUsed === null ? null : iso(row.lastUsed),
    managed: row.managed,
    accessTokenValiditySeconds: row.accessTokenValiditySeconds,
  };
}

const buildView: Record<ModelVariant, (row: PatRow) => View> = {
  current: (row) => ({
    ...common(row),
    expirationDate: row.expirationDate === null ? null : iso(row.expirationDate),
    userAwareTokenNeverExpires: row.userAwareTokenNeverExpires,
  }),
  // The legacy shape has no never-expiring PATs: no expiry reads as absent.
  legacy: (row) =>
    row.expirationDate === null ? common(row) : { ...common(row), expirationDate: iso(row.expirationDate) },
};

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
