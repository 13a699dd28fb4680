import type { GetPersonalAccessTokenResponse } from '@patkit/model';
import { seedPat as reference } from '@patkit/reference/seed-pat';

// Shared test data: the seed's PAT in canonical form.
export const seedPat = reference as unknown as GetPersonalAccessTokenResponse;

export const seedText = JSON.stringify(seedPat);
