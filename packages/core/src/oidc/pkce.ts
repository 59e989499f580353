import * as oidc from 'openid-client'

/**
 * A fresh random `state` for one login attempt (binds the callback to the browser that
 * started it).
 *
 * @example
 * ```ts
 * const state = generateState()
 * ```
 */
export function generateState(): string {
  return oidc.randomState()
}

/**
 * A fresh random `nonce` for one login attempt (binds the ID token to the attempt).
 *
 * @example
 * ```ts
 * const nonce = generateNonce()
 * ```
 */
export function generateNonce(): string {
  return oidc.randomNonce()
}

/** A PKCE verifier (kept secret, sent at code exchange) and its S256 challenge. */
export interface Pkce {
  codeVerifier: string
  codeChallenge: string
  codeChallengeMethod: 'S256'
}

/**
 * A fresh PKCE pair (S256 only) for one login attempt.
 *
 * @example
 * ```ts
 * const { codeVerifier, codeChallenge } = await generatePkce()
 * const url = kit.getAuthorizationUrl(redirectUri, { codeChallenge, codeChallengeMethod: 'S256' })
 * ```
 */
export async function generatePkce(): Promise<Pkce> {
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier)
  return { codeVerifier, codeChallenge, codeChallengeMethod: 'S256' }
}
