import { messageOf } from '../../errors.js'
import { readCookies } from '../../session/cookies.js'
import type { SessionData } from '../../session/session-data.js'
import type { Engine } from '../engine.js'
import { acceptsJsonOnly } from '../request-kind.js'
import { errorResponse, redirect } from '../responses.js'
import { isSameOriginRequest } from '../same-origin.js'

/** Longest logout waits for the environment to revoke the refresh token. */
const REVOKE_TIMEOUT_MS = 3000

/**
 * `POST /auth/logout` (and `GET` when `allowGetLogout`): refuses cross-site requests
 * without touching the session (403). Otherwise it clears every session cookie, revokes
 * the session in the revocation store (so a copied cookie stops working), revokes its
 * refresh token at the environment (RFC 7009; a failure there is logged, never blocks
 * logout), and always redirects to the environment's end-session endpoint with
 * `client_id` and `post_logout_redirect_uri`, plus `id_token_hint` whenever the seal
 * still opens, even past its idle or absolute limit. A missing, tampered or long-expired
 * cookie therefore still ends the identity provider's SSO session (the provider may ask
 * the user to confirm without a hint).
 *
 * @example
 * ```ts
 * // <form method="post" action="/auth/logout"><button>Sign out</button></form>
 * ```
 */
export async function logoutAction(engine: Engine, request: Request): Promise<Response> {
  const { config, sessions } = engine
  const api = acceptsJsonOnly(request.headers.get('accept'))
  if (!isSameOriginRequest(request.headers, config.origin)) {
    return errorResponse(
      api,
      403,
      'cross_site_request',
      'Logout must be requested from this site',
      {
        title: 'Sign-out refused',
      },
    )
  }
  const cookies = readCookies(request.headers.get('cookie'))
  const session = await sessions.open(cookies)
  const hints = sessions.logoutHints(config.paths.logout)
  const setCookies = [...sessions.clear(cookies), ...hints.clear(cookies)]
  if (session !== null) {
    sessions.forget(session.raw)
    await revokeEverywhere(engine, session.data)
  }
  // With session.storeIdToken: false the ID token waits in a cookie sent to logout only.
  const idToken = session?.data.idToken ?? (await hints.read(cookies, session?.data.sid))
  const location = config.kit.getLogoutUrl({
    ...(idToken ? { idTokenHint: idToken } : {}),
    postLogoutRedirectUri: config.postLogoutRedirectUri,
  })
  return redirect(location, setCookies)
}

/** Ends the session here (revocation store) and at the environment (refresh token). */
async function revokeEverywhere(engine: Engine, data: SessionData): Promise<void> {
  const { config, sessions } = engine
  const until = data.createdAt + sessions.lifetimes.absoluteTimeoutSeconds
  try {
    await config.revocationStore.revoke(data.sid, until, data.createdAt)
  } catch (error) {
    // A shared store that is down must not trap the user signed in: the browser's cookie
    // is still cleared and the environment's session ended; the operator must know.
    config.logger.warn(`kit: logout could not record the revocation: ${messageOf(error)}`)
  }
  if (!data.refreshToken || config.kit.revokeToken === undefined) return
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      config.kit.revokeToken(data.refreshToken, { tokenTypeHint: 'refresh_token' }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), REVOKE_TIMEOUT_MS)
      }),
    ])
  } catch (error) {
    // Logout must still clear the cookie and reach the end-session endpoint.
    config.logger.warn(
      `kit: logout could not revoke the refresh token at the environment: ${messageOf(error)}`,
    )
  } finally {
    clearTimeout(timer)
  }
}
