import { KitError } from '../errors.js'
import type { KeyResolver } from './jwks-cache.js'
import { decodeJwt } from './jwt-parse.js'
import { verifyJwt } from './verify-jwt.js'

/** The `events` member that makes a JWT a back-channel logout token. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

/**
 * Oldest logout token accepted (seconds since its `iat`). Bounds how long a token's
 * `jti` must be remembered to refuse a replay, whatever `exp` the token claims.
 */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 600

/** Options of `verifyLogoutToken`. */
export interface LogoutTokenOptions {
  /** Seconds of clock skew tolerated (default: the client's `clockToleranceSeconds`). */
  clockToleranceSeconds?: number
}

/** What a verified logout token asks to end. At least one of `sid` and `sub` is set. */
export interface LogoutTokenClaims {
  /** The identity provider's session id: end that session only. */
  sid?: string
  /** The user: without `sid`, end every session of this user. */
  sub?: string
  /** Unique id of the token, for replay detection. */
  jti: string
  /** Issue time, epoch seconds. */
  iat: number
  /** Expiry, epoch seconds. */
  exp: number
}

/** Keys, issuer and policy a logout token is checked against. */
export interface LogoutTokenContext {
  getKey: KeyResolver
  issuer: () => Promise<string>
  clientId: string
  algorithms: string[]
  clockToleranceSeconds: number
}

const reject = (why: string) => new KitError('ERR_KIT_JWT_CLAIM', `invalid logout token: ${why}`)

function optionalId(claims: Record<string, unknown>, name: 'sid' | 'sub'): string | undefined {
  const value = claims[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw reject(`"${name}" is not a non-empty string`)
  return value
}

/**
 * Verifies an OIDC Back-Channel Logout 1.0 logout token (section 2.6): signature against
 * the environment's keys with the allowed algorithms, `typ` `logout+jwt`, `iss`, `aud`
 * naming this client, `exp`, `iat` present and neither in the future nor older than
 * {@link LOGOUT_TOKEN_MAX_AGE_SECONDS}, a `jti`, an `events` object carrying the
 * back-channel logout member as an object, no `nonce` (so an ID token can never pass),
 * and a `sid` or `sub`. Replay of the `jti` is the caller's to refuse (it needs a store).
 * Every failure is a `KitError` (`ERR_KIT_JWT_*`).
 *
 * The explicit `typ` is required: Back-Channel Logout recommends it, the emulator and
 * oidc-provider send it, and it keeps any other token of the environment (same issuer,
 * key and audience) from being taken for a logout token.
 */
export async function verifyLogoutToken(
  ctx: LogoutTokenContext,
  token: string,
  options: LogoutTokenOptions = {},
): Promise<LogoutTokenClaims> {
  if (typeof token !== 'string' || token === '') {
    throw new KitError('ERR_KIT_JWT_INVALID', 'malformed token: not a non-empty string')
  }
  // Malformed input is refused before the issuer or the keys are loaded (no network).
  decodeJwt(token)
  const clockToleranceSeconds = options.clockToleranceSeconds ?? ctx.clockToleranceSeconds
  const { payload } = await verifyJwt(token, ctx.getKey, {
    issuer: await ctx.issuer(),
    audience: ctx.clientId,
    algorithms: ctx.algorithms,
    clockToleranceSeconds,
    typ: 'logout+jwt',
    requiredClaims: ['iat'],
  })
  const claims = payload as Record<string, unknown>
  const now = Math.floor(Date.now() / 1000)
  const iat = claims['iat'] as number
  if (iat > now + clockToleranceSeconds) throw reject('"iat" is in the future')
  if (now - iat > LOGOUT_TOKEN_MAX_AGE_SECONDS + clockToleranceSeconds)
    throw reject('"iat" is too old')
  const jti = claims['jti']
  if (typeof jti !== 'string' || jti === '') throw reject('"jti" is not a non-empty string')
  const events = claims['events']
  if (events === null || typeof events !== 'object' || Array.isArray(events)) {
    throw reject('"events" is not an object')
  }
  const event = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT]
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw reject(`"events" has no "${BACKCHANNEL_LOGOUT_EVENT}" object`)
  }
  if ('nonce' in claims) throw reject('it carries a nonce, as an ID token does')
  const sid = optionalId(claims, 'sid')
  const sub = optionalId(claims, 'sub')
  if (sid === undefined && sub === undefined) throw reject('it names neither "sid" nor "sub"')
  const result: LogoutTokenClaims = { jti, iat, exp: claims['exp'] as number }
  if (sid !== undefined) result.sid = sid
  if (sub !== undefined) result.sub = sub
  return result
}
