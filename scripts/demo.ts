// The Quick start's demo: builds the seed document's GetPersonalAccessTokenResponse
// (the PowerShell SDK's Initialize-V2025GetPersonalAccessTokenResponse example)
// and prints its JSON.
import { createGetPersonalAccessTokenResponse } from '@patkit/model';
import { encode } from '@patkit/serializer';

const pat = createGetPersonalAccessTokenResponse({
  id: '86f1dc6fe8f54414950454cbb11278fa',
  name: 'NodeJS Integration',
  scope: ['demo:personal-access-token-scope:first', 'demo:personal-access-token-scope:second'],
  // The seed passes -Owner null, which the spec does not allow; this is the spec's PatOwner example.
  owner: { type: 'IDENTITY', id: '2c9180a46faadee4016fb4e018c20639', name: 'Support' },
  created: '2017-07-11T18:45:37.098Z',
  lastUsed: '2017-07-11T18:45:37.098Z',
  managed: false,
});

console.log(encode('GetPersonalAccessTokenResponse', pat, { indent: 2 }));
