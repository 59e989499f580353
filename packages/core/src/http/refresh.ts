import { KitError } from '../errors.js'
import { BoundedLru } from '../session/lru.js'
import type { SessionCookieStore } from '../session/session-cookie.js'
import type { SessionData } from '../session/session-data.js'
import type { ResolvedRoutesConfig } from './config.js'

/** Outcome of refreshing a session's access token. */
export type RefreshOutcome =
  | { readonly status: 'ok'; readonly data: SessionData; readonly sealed: string }
  /** The refresh token is dead (revoked, expired, reused) or now names another user: log out. */
  | { readonly status: 'invalid_grant' }
  /** A transient failure (network, environment down): keep the session, retry later. */
  | { readonly status: 'error'; readonly error: unknown }

/** How long a completed refresh answers requests still carrying the pre-refresh cookie. */
const GRACE_SECONDS = 60

/**
 * Refreshes access tokens once per session even when many requests arrive together:
 * concurrent callers with the same refresh token share one in-flight call (single
 * flight), and requests that still carry the old cookie shortly after (the browser had
 * not stored the new one yet) reuse the result instead of replaying a rotated refresh
 * token, which the environment would answer with `invalid_grant`.
 *
 * @example
 * ```ts
 * const outcome = await refresher.refresh(session)
 * if (outcome.status === 'ok') setCookies.push(...sessions.cookiesFor(outcome.sealed, ...))
 * ```
 */
export class SessionRefresher {
  readonly #config: ResolvedRoutesConfig
  readonly #sessions: SessionCookieStore
  readonly #now: () => number
  readonly #flights = new Map<string, Promise<RefreshOutcome>>()
  readonly #recent = new BoundedLru<string, { outcome: RefreshOutcome; until: number }>(1000)

  constructor(config: ResolvedRoutesConfig, sessions: SessionCookieStore, now: () => number) {
    this.#config = config
    this.#sessions = sessions
    this.#now = now
  }

  /** Whether the session's access token is within the refresh skew of expiry. */
  isDue(data: SessionData, nowSeconds: number): boolean {
    return data.accessTokenExpiresAt - this.#config.refreshSkew <= nowSeconds
  }

  /** Refreshes `data` (which must carry a refresh token), sharing concurrent calls. */
  refresh(data: SessionData): Promise<RefreshOutcome> {
    const key = data.refreshToken
    if (!key) return Promise.resolve({ status: 'invalid_grant' })
    const recent = this.#recent.get(key)
    if (recent && recent.until > this.#now() && recent.outcome.status === 'ok') {
      if (!this.isDue(recent.outcome.data, this.#now())) return Promise.resolve(recent.outcome)
    }
    let flight = this.#flights.get(key)
    if (flight === undefined) {
      flight = this.#run(data, key).finally(() => this.#flights.delete(key))
      this.#flights.set(key, flight)
    }
    return flight
  }

  async #run(data: SessionData, refreshToken: string): Promise<RefreshOutcome> {
    const { kit } = this.#config
    try {
      const tokens = await kit.refreshAccessToken(refreshToken, { expectedSubject: data.user.id })
      const claims = await kit.validateToken(tokens.accessToken)
      if (claims['sub'] !== data.user.id) return { status: 'invalid_grant' }
      const now = this.#now()
      const exp = claims['exp']
      const next: SessionData = {
        ...data,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt:
          typeof exp === 'number' ? exp : now + (tokens.expiresIn ?? this.#config.refreshSkew),
        lastActiveAt: now,
      }
      if (tokens.refreshToken) next.refreshToken = tokens.refreshToken
      if (tokens.idToken) next.idToken = tokens.idToken
      const sealed = await this.#sessions.seal(next, now)
      const outcome: RefreshOutcome = { status: 'ok', data: next, sealed }
      this.#recent.set(refreshToken, { outcome, until: now + GRACE_SECONDS })
      return outcome
    } catch (error) {
      if (error instanceof KitError && isFatal(error.code)) return { status: 'invalid_grant' }
      if (error instanceof KitError && error.code === 'ERR_KIT_SESSION_TOO_LARGE') {
        // The refreshed tokens grew past the cookie budget: the operator must act.
        this.#config.logger.warn(`kit: ${error.message}`)
      }
      return { status: 'error', error }
    }
  }
}

/** Errors meaning the session can never be refreshed again (as opposed to transient ones). */
function isFatal(code: string): boolean {
  return (
    code === 'ERR_KIT_INVALID_GRANT' ||
    code === 'ERR_KIT_ID_TOKEN' ||
    code.startsWith('ERR_KIT_JWT_')
  )
}
