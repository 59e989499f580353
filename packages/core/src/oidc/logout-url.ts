/** Options of `getLogoutUrl`. */
export interface LogoutUrlOptions {
  /** The ID token of the session being ended (lets the environment skip confirmation). */
  idTokenHint?: string
  /** Where the environment sends the browser afterwards (must be registered). */
  postLogoutRedirectUri?: string
  /** Echoed back to `postLogoutRedirectUri`. */
  state?: string
}

/**
 * Builds the RP-initiated logout URL (`/oidc/logout`) without any network call. The
 * `client_id` is always included so the environment can validate the redirect target
 * even without an ID token hint.
 */
export function buildLogoutUrl(
  endSessionEndpoint: string,
  clientId: string,
  options: LogoutUrlOptions = {},
): string {
  const url = new URL(endSessionEndpoint)
  url.searchParams.set('client_id', clientId)
  if (options.idTokenHint) url.searchParams.set('id_token_hint', options.idTokenHint)
  if (options.postLogoutRedirectUri) {
    url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri)
  }
  if (options.state) url.searchParams.set('state', options.state)
  return url.href
}
