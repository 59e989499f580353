import * as oidc from 'openid-client'
import { KitError } from '../errors.js'
import type { ProtocolContext } from './context.js'
import { verifyIdToken } from './id-token.js'
import { toKitProtocolError } from './protocol-errors.js'

/** Options of `refreshAccessToken`. */
export interface RefreshOptions {
  /** The `sub` of the session's user; a refreshed ID token for anyone else is rejected. */
  expectedSubject?: string
}

/** New tokens from a refresh. */
export interface RefreshResult {
  accessToken: string
  /** The rotated refresh token (or the same one when the environment does not rotate). */
  refreshToken: string
  idToken?: string
  /** Verified claims of `idToken`, when one was returned. */
  idTokenClaims?: Record<string, unknown>
  expiresIn?: number
}

/**
 * Exchanges a refresh token for new tokens. A refreshed ID token must verify like a
 * login one and keep the same issuer and (when `expectedSubject` is given) subject.
 * An expired or revoked refresh token throws `ERR_KIT_INVALID_GRANT`.
 */
export async function refreshAccessToken(
  ctx: ProtocolContext,
  refreshToken: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new KitError('ERR_KIT_INVALID_GRANT', 'refreshAccessToken: a refresh token is required')
  }
  const endpoints = await ctx.endpoints.load()
  let tokens: oidc.TokenEndpointResponse
  try {
    tokens = await oidc.refreshTokenGrant(await ctx.protocol(), refreshToken)
  } catch (err) {
    throw toKitProtocolError(err, 'token refresh')
  }
  const result: RefreshResult = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? refreshToken,
  }
  if (typeof tokens.expires_in === 'number') result.expiresIn = tokens.expires_in
  if (typeof tokens.id_token === 'string' && tokens.id_token !== '') {
    result.idTokenClaims = await verifyIdToken(tokens.id_token, ctx.getKey, {
      issuer: endpoints.issuer,
      clientId: ctx.config.clientId,
      algorithms: ctx.config.algorithms,
      clockToleranceSeconds: ctx.config.clockToleranceSeconds,
      expectedSubject: options.expectedSubject,
    })
    result.idToken = tokens.id_token
  }
  return result
}
