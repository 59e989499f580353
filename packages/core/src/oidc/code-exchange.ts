import * as oidc from 'openid-client'
import { KitError } from '../errors.js'
import { type AuthUser, connectionIdOf, userFromClaims } from '../tokens/claims-to-auth.js'
import type { ProtocolContext } from './context.js'
import { verifyIdToken } from './id-token.js'
import { toKitProtocolError } from './protocol-errors.js'

/** Checks bound to the login attempt, as stored when the authorization URL was built. */
export interface AuthenticateWithCodeOptions {
  /** PKCE verifier whose S256 challenge was sent in the authorization request. */
  codeVerifier: string
  /** Nonce sent in the authorization request; the ID token must carry it. */
  nonce: string
  /** `state` of the callback (already compared by the caller with the stored one). */
  state?: string
  /** `iss` parameter of the authorization response, when present (mix-up defence). */
  iss?: string
  /**
   * `max_age` sent in the authorization request, in seconds (a step-up login): the ID
   * token must then carry `auth_time` no older than this, else `ERR_KIT_ID_TOKEN`.
   */
  maxAgeSeconds?: number
}

/** Result of a successful login. */
export interface AuthenticationResult {
  user: AuthUser
  idToken: string
  accessToken: string
  refreshToken?: string
  /** Access token lifetime in seconds, as the token endpoint said. */
  expiresIn?: number
  organizationId?: string
  connectionId?: string
  /** Verified ID token claims. */
  claims: Record<string, unknown>
  /** When the user authenticated (the ID token's `auth_time`), epoch seconds, when it says. */
  authTime?: number
}

function badArgument(message: string): KitError {
  return new KitError('ERR_KIT_CALLBACK', `authenticateWithCode: ${message}`)
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

/**
 * Exchanges an authorization code (with PKCE) at the token endpoint and verifies the ID
 * token (signature, iss, aud, azp, exp, iat, nonce, and `auth_time` against `maxAgeSeconds`
 * for a step-up login). A wrong `iss` response parameter is rejected before any exchange.
 */
export async function authenticateWithCode(
  ctx: ProtocolContext,
  code: string,
  redirectUri: string,
  options: AuthenticateWithCodeOptions,
): Promise<AuthenticationResult> {
  if (!nonEmpty(code)) throw badArgument('code is required')
  if (!options || !nonEmpty(options.codeVerifier)) throw badArgument('codeVerifier is required')
  if (!nonEmpty(options.nonce)) throw badArgument('nonce is required')
  if (
    options.maxAgeSeconds !== undefined &&
    (!Number.isSafeInteger(options.maxAgeSeconds) || options.maxAgeSeconds < 0)
  ) {
    throw badArgument('maxAgeSeconds must be a whole number of seconds >= 0')
  }
  let callbackUrl: URL
  try {
    callbackUrl = new URL(redirectUri)
  } catch {
    throw badArgument('redirectUri must be an absolute URL')
  }
  const endpoints = await ctx.endpoints.load()
  if (options.iss !== undefined && options.iss !== endpoints.issuer) {
    throw new KitError(
      'ERR_KIT_CALLBACK',
      `authorization response "iss" (${options.iss}) is not the environment issuer (mix-up defence)`,
    )
  }
  callbackUrl.search = ''
  callbackUrl.hash = ''
  callbackUrl.searchParams.set('code', code)
  if (options.state !== undefined) callbackUrl.searchParams.set('state', options.state)
  if (options.iss !== undefined) callbackUrl.searchParams.set('iss', options.iss)

  let tokens: oidc.TokenEndpointResponse
  try {
    tokens = await oidc.authorizationCodeGrant(await ctx.protocol(), callbackUrl, {
      pkceCodeVerifier: options.codeVerifier,
      expectedNonce: options.nonce,
      expectedState: options.state ?? oidc.skipStateCheck,
      idTokenExpected: true,
    })
  } catch (err) {
    throw toKitProtocolError(err, 'code exchange')
  }
  const idToken = tokens.id_token
  if (!nonEmpty(idToken)) throw new KitError('ERR_KIT_ID_TOKEN', 'token response has no ID token')
  const claims = await verifyIdToken(idToken, ctx.getKey, {
    issuer: endpoints.issuer,
    clientId: ctx.config.clientId,
    algorithms: ctx.config.algorithms,
    clockToleranceSeconds: ctx.config.clockToleranceSeconds,
    nonce: options.nonce,
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  })
  const result: AuthenticationResult = {
    user: userFromClaims(claims),
    idToken,
    accessToken: tokens.access_token,
    claims,
  }
  if (nonEmpty(tokens.refresh_token)) result.refreshToken = tokens.refresh_token
  if (typeof tokens.expires_in === 'number') result.expiresIn = tokens.expires_in
  if (typeof claims['auth_time'] === 'number') result.authTime = claims['auth_time']
  if (nonEmpty(claims['oid'])) result.organizationId = claims['oid']
  const connectionId = connectionIdOf(claims)
  if (connectionId !== undefined) result.connectionId = connectionId
  return result
}
