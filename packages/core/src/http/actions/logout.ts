import { readCookies } from '../../session/cookies.js'
import type { Engine } from '../engine.js'
import { acceptsJsonOnly } from '../request-kind.js'
import { errorResponse, redirect } from '../responses.js'
import { isSameOriginRequest } from '../same-origin.js'

/**
 * `POST /auth/logout` (and `GET` when `allowGetLogout`): refuses cross-site requests
 * without touching the session (403), otherwise clears every session cookie, revokes the
 * session in the revocation store when one is configured, and redirects to the
 * environment's logout URL with `id_token_hint` and `post_logout_redirect_uri` (or
 * straight to the post-logout page when there was no session).
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
  const now = engine.nowSeconds()
  const current = await sessions.read(cookies, now)
  const setCookies = sessions.clear(cookies)
  if (current.status !== 'valid') return redirect(config.postLogoutRedirectUri, setCookies)

  sessions.forget(current.raw)
  if (config.revocationStore) {
    const until = current.data.createdAt + sessions.lifetimes.absoluteTimeout
    await config.revocationStore.revoke(current.data.sid, until)
  }
  const location = config.kit.getLogoutUrl({
    ...(current.data.idToken ? { idTokenHint: current.data.idToken } : {}),
    postLogoutRedirectUri: config.postLogoutRedirectUri,
  })
  return redirect(location, setCookies)
}
