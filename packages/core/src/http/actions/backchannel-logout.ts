import { KitError, messageOf } from '../../errors.js'
import { LOGOUT_TOKEN_MAX_AGE_SECONDS, type LogoutTokenClaims } from '../../tokens/logout-token.js'
import type { Engine } from '../engine.js'
import { BodyTooLargeError, readBodyLimited } from '../read-body.js'
import { revokeFromNow, subjectRevocationKey } from '../revocation-keys.js'

/** Largest back-channel logout request accepted: one form field holding one signed JWT. */
export const BACKCHANNEL_LOGOUT_MAX_BYTES = 8 * 1024

/** Replay-store ids of logout tokens, apart from the webhook ids sharing the store. */
const JTI_PREFIX = 'backchannel-logout:'

/**
 * Answers as Back-Channel Logout 1.0 section 2.8 says: a JSON OAuth error (not the kit's
 * error shape: the reader is the identity provider), never cached.
 */
function answer(status: 200 | 400 | 413, error?: string, description?: string): Response {
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (error === undefined) return new Response(null, { status, headers })
  headers.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers,
  })
}

/** The single `logout_token` of a form-encoded body, or an error description. */
async function readLogoutToken(request: Request): Promise<string | { problem: string }> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type.trim())) {
    return { problem: 'Send logout_token as application/x-www-form-urlencoded' }
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(
    await readBodyLimited(request, BACKCHANNEL_LOGOUT_MAX_BYTES),
  )
  const tokens = new URLSearchParams(text).getAll('logout_token')
  if (tokens.length !== 1 || tokens[0] === '') {
    return { problem: 'The body must carry exactly one logout_token' }
  }
  return tokens[0]!
}

/**
 * `POST /auth/backchannel-logout` (OIDC Back-Channel Logout 1.0): the environment posts
 * a logout token when a user's session ends there (signed out at the identity provider,
 * revoked by an admin). The token is verified (`kit.verifyLogoutToken`), its `jti`
 * claimed once in the replay store (a replayed token is refused), then the session is
 * revoked in the revocation store: by `sid` when the token names one, otherwise every
 * session of `sub` created up to now. 200 on success, 400 `invalid_request` for a bad or
 * replayed token, 400 `temporarily_unavailable` when the revocation could not be
 * recorded (the `jti` is released so a retry is processed); never a 500.
 *
 * @example
 * ```ts
 * // Register `${baseUrl}/auth/backchannel-logout` as the client's back-channel logout URI.
 * ```
 */
export async function backchannelLogoutAction(engine: Engine, request: Request): Promise<Response> {
  const { config } = engine
  let token: string | { problem: string }
  try {
    token = await readLogoutToken(request)
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return answer(
        413,
        'invalid_request',
        `The body exceeds ${BACKCHANNEL_LOGOUT_MAX_BYTES} bytes`,
      )
    }
    return answer(400, 'invalid_request', 'The body could not be read as UTF-8 form data')
  }
  if (typeof token !== 'string') return answer(400, 'invalid_request', token.problem)
  let claims: LogoutTokenClaims
  try {
    claims = await config.kit.verifyLogoutToken!(token)
  } catch (error) {
    if (error instanceof KitError && error.code.startsWith('ERR_KIT_JWT_')) {
      return answer(400, 'invalid_request', `Logout token rejected: ${error.message}`)
    }
    // Keys or discovery out of reach: the token may be fine, so the sender may retry.
    config.logger.warn(`kit: back-channel logout could not verify the token: ${messageOf(error)}`)
    return answer(400, 'temporarily_unavailable', 'The logout token could not be checked; retry')
  }
  const id = JTI_PREFIX + claims.jti
  let claimed = false
  try {
    if (!(await config.webhookReplayStore.claim(id, LOGOUT_TOKEN_MAX_AGE_SECONDS + 60))) {
      return answer(400, 'invalid_request', 'This logout token was already used (jti replayed)')
    }
    claimed = true
    // A sid names one session; a token with only sub ends every session of the user.
    await revokeFromNow(engine, claims.sid ?? subjectRevocationKey(claims.sub!))
  } catch (error) {
    // A shared store that is down: say so to the sender (which may retry) and the operator.
    if (claimed) await releaseQuietly(engine, id)
    config.logger.warn(
      `kit: back-channel logout could not record the revocation: ${messageOf(error)}`,
    )
    return answer(400, 'temporarily_unavailable', 'The logout could not be recorded; retry')
  }
  return answer(200)
}

/** Forgets a claimed `jti` so the sender's retry is processed; a failure here changes nothing. */
async function releaseQuietly(engine: Engine, id: string): Promise<void> {
  try {
    await engine.config.webhookReplayStore.release(id)
  } catch {
    // The store is already failing; the revocation error is what gets reported.
  }
}
