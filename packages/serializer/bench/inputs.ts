// The benches' inputs: the seed's PAT as one text, and a list of 1,000 of them.
import { seedPat } from '@patkit/reference/seed-pat';

const pat = (i: number) => ({
  ...seedPat,
  id: i.toString(16).padStart(32, '0'),
  name: `${seedPat.name} ${i}`,
  expirationDate: '2026-12-31T23:59:59.999Z',
  userAwareTokenNeverExpires: false,
});

export const model = 'GetPersonalAccessTokenResponse';
export const one = JSON.stringify(pat(0));
export const list = JSON.stringify(Array.from({ length: 1000 }, (_, i) => pat(i)));
