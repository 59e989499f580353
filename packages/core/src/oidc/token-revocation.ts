import * as oidc from 'openid-client'
import { KitError } from '../errors.js'
import type { ProtocolContext } from './context.js'
import { toKitProtocolError } from './protocol-errors.js'

/** Options of `revokeToken`. */
export interface RevokeTokenOptions {
  /** Tells the environment which kind of token it is (RFC 7009 `token_type_hint`). */
  tokenTypeHint?: 'refresh_token' | 'access_token'
}

/**
 * Revokes a token at the environment (RFC 7009): the discovered `revocation_endpoint`, or
 * `/oauth/revoke`, with the same client authentication as the token endpoint. Revoking
 * a refresh token ends the grant it belongs to, so a copy of it can no longer refresh.
 * An unknown or already revoked token is a success (the RFC says so); network and
 * server failures throw `ERR_KIT_NETWORK` / `ERR_KIT_OAUTH`.
 */
export async function revokeToken(
  ctx: ProtocolContext,
  token: string,
  options: RevokeTokenOptions = {},
): Promise<void> {
  if (typeof token !== 'string' || token === '') {
    throw new KitError('ERR_KIT_CONFIG', 'revokeToken: a token is required')
  }
  const parameters: Record<string, string> = {}
  if (options.tokenTypeHint) parameters['token_type_hint'] = options.tokenTypeHint
  try {
    await oidc.tokenRevocation(await ctx.protocol(), token, parameters)
  } catch (err) {
    throw toKitProtocolError(err, 'token revocation')
  }
}
