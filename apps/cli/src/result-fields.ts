// The fields --fields and --json FIELDS may name, per kind of result: the
// model's for PATs (nested ones dotted, `owner.name`), the table's extra
// columns, audit's row columns, whoami's facts. A field outside them is a
// usage error before any work, never a silent null.
import { modelNodes, type SchemaNode } from '@patkit/model/core';
import { findingColumns } from './audit/tally.js';
import { usageError } from './cli-error.js';
import { parseFieldList } from './flatten.js';
import type { ResultKind } from './formats.js';

/** The CSV columns a model has: its fields, nested objects' fields dotted (`owner.name`). */
export function columnsOf(node: SchemaNode, prefix = ''): string[] {
  if (node.kind !== 'object') return prefix === '' ? [] : [prefix.slice(0, -1)];
  return node.fields.flatMap((field) =>
    field.node.kind === 'object' ? columnsOf(field.node, `${prefix}${field.key}.`) : [`${prefix}${field.key}`],
  );
}

/** A model's top-level keys, then its columns: `owner` picks the object, `owner.name` one of its fields. */
function modelFields(node: SchemaNode): string[] {
  const top = node.kind === 'object' ? node.fields.map((field) => field.key) : [];
  return [...new Set([...top, ...columnsOf(node)])];
}

/** A PAT's CSV columns: the model's fields, nested ones dotted. */
export function patColumns(): string[] {
  return columnsOf(modelNodes.current.GetPersonalAccessTokenResponse);
}

/** What whoami prints (its facts), top-level and dotted. */
const factFields = [
  'baseUrl',
  'clientId',
  'sources',
  'sources.baseUrl',
  'sources.clientId',
  'sources.clientSecret',
  'apiVersion',
  'token',
  'token.user',
  'token.identityId',
  'token.tenantId',
  'token.scope',
  'token.expires',
  'pat',
  'pat.name',
  'pat.owner',
  'pat.expires',
  'pat.lastUsed',
] as const;

/** The fields every record of a run on several tenants carries first: the profile's name and the API host. */
const tenantFields = ['tenant', 'host'] as const;

/** The fields a kind of result has. The current wire shape, a superset of the legacy one. */
export function fieldsOfKind(kind: ResultKind): readonly string[] {
  const { current } = modelNodes;
  switch (kind) {
    case 'pats':
      // `expires` is the table's column: the expiry in words.
      return [...modelFields(current.GetPersonalAccessTokenResponse), 'expires'];
    case 'secret':
      return modelFields(current.CreatePersonalAccessTokenResponse);
    case 'findings':
      return findingColumns;
    case 'facts':
      return factFields;
  }
}

/** Refuses --fields / --json FIELDS that name no field of the result, naming those that exist. */
export function checkFields(
  kind: ResultKind,
  options: {
    readonly json?: boolean | string;
    readonly fields?: string;
    readonly profiles?: string;
    readonly allProfiles?: boolean;
    readonly environments?: string;
    readonly allEnvironments?: boolean;
  },
) {
  const asked = parseFieldList(options.fields ?? (typeof options.json === 'string' ? options.json : undefined));
  if (asked === undefined) return;
  const many = [options.profiles, options.allProfiles, options.environments, options.allEnvironments].some(
    (given) => given !== undefined,
  );
  const known = [...(many ? tenantFields : []), ...fieldsOfKind(kind)];
  const unknown = asked.filter((field) => !known.includes(field));
  if (unknown.length === 0) return;
  const flag = options.fields !== undefined ? '--fields' : '--json';
  throw usageError(
    `${flag}: ${unknown.map((field) => JSON.stringify(field)).join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of what this command prints`,
    `use ${known.join(', ')}`,
  );
}
