import { createLocalJWKSet, type JWK, jwtVerify } from 'jose'
import type { EmulatorContext } from '../context.js'
import { findClient } from './clients.js'
import { isSessionActive } from './user-sessions.js'

/**
 * Verifies an access token this emulator issued: signature against its own keys
 * (active and retired), issuer, expiry, `typ: at+jwt` (an ID token is refused), the
 * client still existing and, for user tokens, the session not revoked or logged out.
 */
export async function verifyAccessToken(
  ctx: EmulatorContext,
  jwks: { keys: JWK[] },
  token: string,
): Promise<Record<string, unknown> | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) return null
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: ctx.issuer,
      algorithms: ['RS256', 'ES256'],
      typ: 'at+jwt',
      currentDate: new Date(ctx.now()),
    })
    const clientId = payload.client_id
    if (typeof clientId !== 'string' || !findClient(ctx.db, clientId)) return null
    if (typeof payload.sid === 'string' && !isSessionActive(ctx, payload.sid)) return null
    return payload as Record<string, unknown>
  } catch {
    return null
  }
}
