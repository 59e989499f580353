import { KitError, messageOf } from '../errors.js'
import type { SessionCookieStore } from '../session/session-cookie.js'
import { base64url, type SessionData } from '../session/session-data.js'
import { createMemoryRefreshCoordinator } from './refresh-coordinator-memory.js'
import type { ResolvedRoutesConfig } from './routes-config.js'
import type { RefreshCoordinator, SharedRefreshResult } from './types.js'

/** Outcome of refreshing a session's access token. */
export type RefreshOutcome =
  | { readonly status: 'ok'; readonly data: SessionData; readonly sealed: string }
  /** The refresh token is dead (revoked, expired, reused) or now names another user: log out. */
  | { readonly status: 'invalid_grant' }
  /** A transient failure (network, environment down): keep the session, retry later. */
  | { readonly status: 'error'; readonly error: unknown }

const INVALID_GRANT: RefreshOutcome = Object.freeze({ status: 'invalid_grant' })

/**
 * Refreshes access tokens once per session even when many requests, on one instance or
 * several, find the token due together. Every refresh goes through the configured
 * {@link RefreshCoordinator} under a digest of the refresh token: the request that wins
 * refreshes and seals the new session, the others receive that seal and open it with the
 * session secret (so a seal made by another instance sharing the secret works), instead
 * of replaying a rotated refresh token that the environment would answer with
 * `invalid_grant`.
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
  readonly #coordinator: RefreshCoordinator
  /** Per-process single flight, used when the configured coordinator itself fails. */
  #fallback: RefreshCoordinator | undefined

  constructor(config: ResolvedRoutesConfig, sessions: SessionCookieStore, now: () => number) {
    this.#config = config
    this.#sessions = sessions
    this.#now = now
    this.#coordinator = config.refreshCoordinator
  }

  /** Whether the session's access token is within the refresh skew of expiry. */
  isDue(data: SessionData, nowSeconds: number): boolean {
    return data.accessTokenExpiresAt - this.#config.refreshSkewSeconds <= nowSeconds
  }

  /** Refreshes `data` (which must carry a refresh token), once across concurrent callers. */
  async refresh(data: SessionData): Promise<RefreshOutcome> {
    const refreshToken = data.refreshToken
    if (!refreshToken) return INVALID_GRANT
    const key = await refreshKey(refreshToken)
    // Set when this request is the one that refreshed: it keeps its own outcome (and the
    // error behind a failure) rather than re-reading the shared result.
    let own: RefreshOutcome | undefined
    const refresh = async (): Promise<SharedRefreshResult> => {
      const outcome = await this.#run(data, refreshToken)
      own = outcome
      // Only the seal leaves this instance: a shared store never sees tokens in clear.
      return outcome.status === 'ok'
        ? { status: 'ok', sealed: outcome.sealed }
        : outcome.status === 'error'
          ? { status: 'error' }
          : outcome
    }
    let shared: SharedRefreshResult
    try {
      shared = await this.#coordinator.run(key, refresh)
    } catch (error) {
      if (own !== undefined) return own
      this.#config.logger.warn(
        `kit: the refresh coordinator failed (${messageOf(error)}); refreshing with per-process single flight`,
      )
      this.#fallback ??= createMemoryRefreshCoordinator({ now: this.#config.now })
      shared = await this.#fallback.run(key, refresh)
    }
    if (own !== undefined) return own
    return this.#adopt(shared, data)
  }

  /** Turns another request's (or instance's) result into this request's outcome. */
  async #adopt(shared: SharedRefreshResult, data: SessionData): Promise<RefreshOutcome> {
    if (shared.status === 'invalid_grant') return INVALID_GRANT
    if (shared.status !== 'ok') {
      return { status: 'error', error: new Error('the refresh of this session failed') }
    }
    const read = await this.#sessions.read(
      new Map([[this.#sessions.name, shared.sealed]]),
      this.#now(),
    )
    // Same secret, same session, same user: anything else is a misconfigured instance
    // (another secret) or a foreign value in a shared store, never this session's refresh.
    if (
      read.status !== 'valid' ||
      read.data.sid !== data.sid ||
      read.data.user.id !== data.user.id
    ) {
      this.#config.logger.warn(
        'kit: a shared refresh result did not open as this session; do all instances use the same session secret?',
      )
      return { status: 'error', error: new Error('shared refresh result did not open') }
    }
    return { status: 'ok', data: read.data, sealed: shared.sealed }
  }

  async #run(data: SessionData, refreshToken: string): Promise<RefreshOutcome> {
    const { kit } = this.#config
    try {
      const tokens = await kit.refreshAccessToken(refreshToken, { expectedSubject: data.user.id })
      const claims = await kit.validateToken(tokens.accessToken)
      if (claims['sub'] !== data.user.id) return INVALID_GRANT
      const now = this.#now()
      const exp = claims['exp']
      const next: SessionData = {
        ...data,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt:
          typeof exp === 'number'
            ? exp
            : now + (tokens.expiresIn ?? this.#config.refreshSkewSeconds),
        lastActiveAt: now,
      }
      if (tokens.refreshToken) next.refreshToken = tokens.refreshToken
      if (tokens.idToken) next.idToken = tokens.idToken
      // A refresh is not an authentication: the login time stays, unless the refreshed
      // (verified) ID token reports one.
      const authTime = tokens.idTokenClaims?.['auth_time']
      if (typeof authTime === 'number') next.authTime = Math.min(authTime, now)
      const sealed = await this.#sessions.seal(next, now)
      return { status: 'ok', data: next, sealed }
    } catch (error) {
      const { logger } = this.#config
      const reason =
        error instanceof KitError ? `${error.code}: ${error.message}` : messageOf(error)
      if (error instanceof KitError && isFatal(error.code)) {
        // A dead refresh token is an ordinary logout; new tokens that fail validation are not.
        if (error.code === 'ERR_KIT_INVALID_GRANT')
          logger.debug?.(`kit: session refresh: ${reason}`)
        else
          logger.warn(
            `kit: session refresh rejected the new tokens (${reason}); the user signs in again`,
          )
        return INVALID_GRANT
      }
      if (error instanceof KitError && error.code === 'ERR_KIT_SESSION_TOO_LARGE') {
        // The refreshed tokens grew past the cookie budget: the operator must act.
        logger.error(`kit: ${error.message}`)
      } else {
        logger.warn(`kit: session refresh failed, the session is kept and retried later: ${reason}`)
      }
      return { status: 'error', error }
    }
  }
}

/**
 * The coordinator key of a refresh token: base64url(SHA-256(token)). A shared store
 * (Redis) sees only this digest, never the token.
 */
export async function refreshKey(refreshToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(refreshToken))
  return base64url(new Uint8Array(digest))
}

/** Errors meaning the session can never be refreshed again (as opposed to transient ones). */
function isFatal(code: string): boolean {
  return (
    code === 'ERR_KIT_INVALID_GRANT' ||
    code === 'ERR_KIT_ID_TOKEN' ||
    code.startsWith('ERR_KIT_JWT_')
  )
}
