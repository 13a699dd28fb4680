import type { ServerContext } from '../context.js';
import { errorReply, json } from '../http/responses.js';
import type { PatEndpoint } from '../pats/endpoints.js';
import { identityManage, identityRead, Rights } from '../pats/rights.js';
import { type Identity, loginName } from '../state/store.js';
import { parseIdentityFilter } from './filter.js';
import { type IdentityView, identityView } from './view.js';

/** ISC's collection limit: at most 250 items a page. */
export const maxIdentitiesPerPage = 250;

const sortable: Record<string, (identity: IdentityView) => string> = {
  name: (identity) => identity.name,
  alias: (identity) => identity.alias,
  cloudStatus: (identity) => identity.attributes.cloudStatus,
};

function refused(rights: Rights) {
  return rights.any(identityRead, identityManage)
    ? undefined
    : errorReply(403, ['reading identities needs idn:identity:read (or :manage), held by admins']);
}

// The store replaces its list of identities on every write: the views are kept per list until then.
const views = new WeakMap<
  readonly Identity[],
  { readonly list: readonly IdentityView[]; readonly byId: ReadonlyMap<string, IdentityView> }
>();

/** Identities as the API sees them (one removed from ISC is gone), and by id. */
function visible(ctx: ServerContext) {
  const identities = ctx.store.identities();
  let seen = views.get(identities);
  if (seen === undefined) {
    const list = identities
      .filter((identity) => identity.removed !== true)
      .map((identity) => identityView(identity, loginName(identity)));
    seen = { list, byId: new Map(list.map((view) => [view.id, view])) };
    views.set(identities, seen);
  }
  return seen;
}

function whole(text: string | null, name: string, min: number, max: number, fallback: number): number | string {
  if (text === null) return fallback;
  const value = Number(text);
  return /^\d+$/.test(text) && value >= min && value <= max
    ? value
    : `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`;
}

/** GET …/identities[?filters=][&sorters=][&limit=][&offset=][&count=true] */
export const listIdentities: PatEndpoint = (call, ctx, claims) => {
  const denied = refused(new Rights(claims));
  if (denied !== undefined) return denied;
  const filter = parseIdentityFilter(call.query.get('filters'));
  if (!filter.ok) return errorReply(400, [filter.cause]);
  const limit = whole(call.query.get('limit'), 'limit', 0, maxIdentitiesPerPage, maxIdentitiesPerPage);
  const offset = whole(call.query.get('offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  if (typeof limit === 'string' || typeof offset === 'string')
    return errorReply(400, [typeof limit === 'string' ? limit : (offset as string)]);
  const count = call.query.get('count');
  if (count !== null && count !== 'true' && count !== 'false')
    return errorReply(400, [`count must be true or false, got ${JSON.stringify(count)}`]);
  const defaultFilter = call.query.get('defaultFilter') ?? 'CORRELATED_ONLY';
  if (defaultFilter !== 'CORRELATED_ONLY' && defaultFilter !== 'NONE')
    return errorReply(400, [`defaultFilter must be CORRELATED_ONLY or NONE, got ${JSON.stringify(defaultFilter)}`]);
  let matching = visible(ctx).list.filter(filter.test);
  const sorters = call.query.get('sorters');
  if (sorters !== null && sorters.trim() !== '') {
    const keys = sorters.split(',').map((sorter) => sorter.trim());
    for (const key of keys)
      if (!Object.hasOwn(sortable, key.replace(/^-/, '')))
        return errorReply(400, [
          `sorters: cannot sort by ${key}; use ${Object.keys(sortable).join(', ')} (- first for descending)`,
        ]);
    matching = [...matching].sort((a, b) => {
      for (const key of keys) {
        const get = sortable[key.replace(/^-/, '')] as (identity: IdentityView) => string;
        const order = get(a).localeCompare(get(b)) * (key.startsWith('-') ? -1 : 1);
        if (order !== 0) return order;
      }
      return a.id.localeCompare(b.id);
    });
  }
  const page = matching.slice(offset, offset + limit);
  const headers: Record<string, string> = count === 'true' ? { 'x-total-count': String(matching.length) } : {};
  return json(200, JSON.stringify(page), headers);
};

/** GET …/identities/{id} */
export const getIdentity: PatEndpoint = (call, ctx, claims) => {
  const denied = refused(new Rights(claims));
  if (denied !== undefined) return denied;
  const id = call.params.id as string;
  const found = visible(ctx).byId.get(id);
  return found === undefined ? errorReply(404, [`no identity has the id ${id}`]) : json(200, JSON.stringify(found));
};

/**
 * DELETE …/identities/{id}, as every version's identity file describes it: needs
 * idn:identity:manage. An identity that still owns PATs is refused with a
 * 400 naming them in the spec's IdentityAssociationDetails (deleting it
 * would leave PATs nobody can manage: delete them first); any other is
 * removed, and the identities API no longer finds it.
 */
export const deleteIdentity: PatEndpoint = (call, ctx, claims) => {
  if (!new Rights(claims).any(identityManage))
    return errorReply(403, ['deleting identities needs idn:identity:manage, held by admins']);
  const id = call.params.id as string;
  if (!visible(ctx).byId.has(id)) return errorReply(404, [`no identity has the id ${id}`]);
  const owned = ctx.store.patsOf(id);
  if (owned.length > 0)
    return json(
      400,
      JSON.stringify({
        message: 'Identity cannot be deleted as it is owner of following resources',
        associationDetails: [
          {
            associationType: 'PERSONAL_ACCESS_TOKEN_OWNER',
            entities: owned.map((pat) => ({
              identityEntity: { id: pat.id, name: pat.name, type: 'PERSONAL_ACCESS_TOKEN' },
            })),
          },
        ],
      }),
    );
  ctx.store.updateIdentity(id, { removed: true }, ctx.clock.now());
  return { status: 204 };
};
