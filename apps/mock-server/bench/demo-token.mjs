// A token for the demo user (`--seed demo`), as the benchmarks ask for one:
// the request, and minting with it. Imported once dist/ is known to be built.
import { demoCredentials } from '../dist/index.js';

/** fetch's init for `POST /oauth/token` with the demo user's PAT. */
export const demoTokenRequest = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: demoCredentials.user.clientId,
    client_secret: demoCredentials.user.clientSecret,
  }).toString(),
};

/** The demo user's access token from the server at `base`. */
export async function mintDemoToken(base) {
  const response = await fetch(`${base}/oauth/token`, demoTokenRequest);
  if (response.status !== 200) throw new Error(`/oauth/token answered ${response.status}`);
  return (await response.json()).access_token;
}
