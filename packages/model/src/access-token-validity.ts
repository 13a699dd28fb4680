/** The lifetimes, in seconds, a PAT may give its access tokens (the spec's accessTokenValiditySeconds). */
export const minAccessTokenValiditySeconds = 15;
export const maxAccessTokenValiditySeconds = 43_200;
