/** The lifetimes, in seconds, a PAT may give its access tokens (the spec's accessTokenValiditySeconds). */
export const minAccessTokenValiditySeconds = 15;
export const maxAccessTokenValiditySeconds = 43_200;
/** What the spec gives a PAT that names none (the model's default for the key). */
export const defaultAccessTokenValiditySeconds = 43_200;
