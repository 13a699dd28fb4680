import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import type { SchemaNode } from '@patkit/model/core';
import { seedPat as reference } from '@patkit/reference/seed-pat';

// Shared test data: the seed's PAT in canonical form.
export const seedPat = reference as unknown as GetPersonalAccessTokenResponse;

export const seedText = JSON.stringify(seedPat);

/** Whether a node holds free-form JSON or a patch: what the fast paths leave to the general one. */
export function hasGeneralOnly(node: SchemaNode): boolean {
  if (node.kind === 'json' || node.kind === 'pat-patch-operation' || node.kind === 'pat-patch-document') return true;
  if (node.kind === 'array') return hasGeneralOnly(node.item);
  if (node.kind === 'object') return node.fields.some((field) => hasGeneralOnly(field.node));
  return false;
}
