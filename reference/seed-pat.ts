// The PAT of the project's seed document (the PowerShell SDK's model page
// for GetPersonalAccessTokenResponse), in canonical form: the tests' and
// benchmarks' one copy of it.
export const seedPat = {
  id: '86f1dc6fe8f54414950454cbb11278fa',
  name: 'NodeJS Integration',
  scope: ['demo:personal-access-token-scope:first', 'demo:personal-access-token-scope:second'],
  owner: { type: 'IDENTITY', id: '2c9180a46faadee4016fb4e018c20639', name: 'Support' },
  created: '2017-07-11T18:45:37.098Z',
  lastUsed: '2017-07-11T18:45:37.098Z',
  managed: false,
  accessTokenValiditySeconds: 43200,
  expirationDate: null,
  userAwareTokenNeverExpires: true,
} as const;
