import { DEFAULT_SCOPES } from '../client-options.js'
import { KitError } from '../errors.js'

/** Options of `getAuthorizationUrl`; each maps to one authorization request parameter. */
export interface AuthorizationUrlOptions {
  /** Requested scopes (default `openid profile email offline_access`). */
  scopes?: string[]
  state?: string
  nonce?: string
  /** Pre-fills the user's email (`login_hint`). */
  loginHint?: string
  /** Routes to the organization owning this email domain (`domain_hint`). */
  domainHint?: string
  /** Sends the user straight to one SSO connection (`connection_id`). */
  connectionId?: string
  /** Sends the user to the SSO of one organization (`organization_id`). */
  organizationId?: string
  /** Social provider, e.g. `google` (`provider`). */
  provider?: string
  /** OIDC `prompt`, e.g. `login`, `consent`, `create`. */
  prompt?: string
  /**
   * OIDC `max_age`, in seconds: the environment must make the user authenticate again
   * when their last authentication is older, and report `auth_time` in the ID token.
   * Pass the same value as `maxAgeSeconds` to `authenticateWithCode`, which checks it.
   */
  maxAgeSeconds?: number
  /** PKCE S256 challenge of the verifier kept for `authenticateWithCode`. */
  codeChallenge?: string
  /** Only `S256` is accepted. */
  codeChallengeMethod?: 'S256'
}

const PARAMS: Array<[Exclude<keyof AuthorizationUrlOptions, 'maxAgeSeconds' | 'scopes'>, string]> =
  [
    ['state', 'state'],
    ['nonce', 'nonce'],
    ['loginHint', 'login_hint'],
    ['domainHint', 'domain_hint'],
    ['connectionId', 'connection_id'],
    ['organizationId', 'organization_id'],
    ['provider', 'provider'],
    ['prompt', 'prompt'],
    ['codeChallenge', 'code_challenge'],
  ]

function invalid(message: string): KitError {
  return new KitError('ERR_KIT_CONFIG', `getAuthorizationUrl: ${message}`)
}

/**
 * Builds the authorization request URL without any network call. Rejects a relative
 * or non-http(s) redirect URI, a non-S256 PKCE method and scopes without `openid`.
 */
export function buildAuthorizationUrl(
  authorizationEndpoint: string,
  clientId: string,
  redirectUri: string,
  options: AuthorizationUrlOptions = {},
): string {
  let redirect: URL
  try {
    redirect = new URL(redirectUri)
  } catch {
    throw invalid(`redirectUri must be an absolute URL, got "${String(redirectUri)}"`)
  }
  if (redirect.protocol !== 'https:' && redirect.protocol !== 'http:') {
    throw invalid('redirectUri must use http or https')
  }
  const scopes = options.scopes ?? DEFAULT_SCOPES
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || /\s/.test(s) || !s)) {
    throw invalid('scopes must be an array of non-empty names without spaces')
  }
  if (!scopes.includes('openid')) throw invalid('scopes must include "openid"')
  if (options.codeChallengeMethod !== undefined && options.codeChallengeMethod !== 'S256') {
    throw invalid('codeChallengeMethod must be "S256"')
  }
  const url = new URL(authorizationEndpoint)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', clientId)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('scope', scopes.join(' '))
  for (const [option, param] of PARAMS) {
    const value = options[option]
    if (value === undefined || value === '') continue
    if (typeof value !== 'string') throw invalid(`${option} must be a string`)
    url.searchParams.set(param, value)
  }
  if (options.codeChallenge) url.searchParams.set('code_challenge_method', 'S256')
  if (options.maxAgeSeconds !== undefined) {
    if (!Number.isSafeInteger(options.maxAgeSeconds) || options.maxAgeSeconds < 0) {
      throw invalid('maxAgeSeconds must be a whole number of seconds >= 0')
    }
    url.searchParams.set('max_age', String(options.maxAgeSeconds))
  }
  return url.href
}
