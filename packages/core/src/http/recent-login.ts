/**
 * Step-up, "recent login": the rules behind a guard's `maxAgeSeconds` and the login
 * route's `maxAge`, kept in one place so the guard (pages and APIs), the Next.js server
 * helpers and `/auth/login` agree on what "recent" means and how to ask for it.
 */
import { KitError } from '../errors.js'
import type { KitReply } from './reply.js'
import { jsonErrorReply } from './responses.js'

/** Largest accepted `maxAgeSeconds` / `maxAge`: one year, far beyond any session lifetime. */
export const MAX_AGE_LIMIT_SECONDS = 366 * 24 * 3600

/**
 * Seconds of clock difference between the app and the environment forgiven when the
 * guard compares `auth_time` with the app's clock. Kept small: it makes every
 * `maxAgeSeconds` this much longer.
 */
export const RECENT_LOGIN_SKEW_SECONDS = 5

/** The `code` of a denial (and of the 401 JSON) that asks the user to sign in again. */
export const RECENT_LOGIN_REQUIRED = 'recent_login_required'

/**
 * Throws `ERR_KIT_CONFIG` unless `value` is a whole number of seconds between 1 and
 * {@link MAX_AGE_LIMIT_SECONDS}; `label` names the guard in the message.
 *
 * @example
 * ```ts
 * assertMaxAgeSeconds(300, 'requireRecentLogin()')
 * ```
 */
export function assertMaxAgeSeconds(value: unknown, label: string): void {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > MAX_AGE_LIMIT_SECONDS
  ) {
    // A string or a fraction must stop start-up: `'300'` would otherwise compare as text.
    throw new KitError(
      'ERR_KIT_CONFIG',
      `${label}: maxAgeSeconds must be a whole number of seconds from 1 to ${MAX_AGE_LIMIT_SECONDS} (got ${JSON.stringify(value) ?? String(value)})`,
    )
  }
}

/**
 * The `maxAge` query parameter of `/auth/login`: decimal digits only (no sign, no
 * exponent, no fraction), at most {@link MAX_AGE_LIMIT_SECONDS}; null when malformed.
 *
 * @example
 * ```ts
 * parseMaxAgeParam('300') // 300
 * parseMaxAgeParam('3e2') // null
 * ```
 */
export function parseMaxAgeParam(value: string): number | null {
  if (!/^[0-9]{1,9}$/.test(value)) return null
  const seconds = Number(value)
  return seconds <= MAX_AGE_LIMIT_SECONDS ? seconds : null
}

/**
 * Whether a login at `authTime` (epoch seconds) is recent enough for `maxAgeSeconds` at
 * `nowSeconds`. No `authTime` (a session sealed before the kit recorded it, a token
 * without `auth_time`) is never recent: the user is asked to sign in again rather than
 * let through on an unknown login time.
 *
 * @example
 * ```ts
 * if (!isRecentLogin(auth.authTime, 300, now)) askToSignInAgain()
 * ```
 */
export function isRecentLogin(
  authTime: number | undefined,
  maxAgeSeconds: number,
  nowSeconds: number,
): boolean {
  return (
    authTime !== undefined && nowSeconds - authTime <= maxAgeSeconds + RECENT_LOGIN_SKEW_SECONDS
  )
}

/**
 * The login route's URL that brings the user back to `returnTo` (an already-checked
 * same-origin path), with `maxAge` when the login must be recent.
 *
 * @example
 * ```ts
 * loginLocation('https://app.example.com', '/auth/login', '/billing', 300)
 * // 'https://app.example.com/auth/login?returnTo=%2Fbilling&maxAge=300'
 * ```
 */
export function loginLocation(
  origin: string,
  loginPath: string,
  returnTo: string,
  maxAgeSeconds?: number,
): string {
  const base = `${origin}${loginPath}?returnTo=${encodeURIComponent(returnTo)}`
  return maxAgeSeconds === undefined ? base : `${base}&maxAge=${maxAgeSeconds}`
}

/**
 * The answer to an API request whose login is too old: 401 with the kit's error JSON
 * (`code: recent_login_required`, `maxAgeSeconds`) and the RFC 9470 step-up challenge
 * `WWW-Authenticate: Bearer error="insufficient_user_authentication", ..., max_age="n"`,
 * so a client knows to send the user through `/auth/login?maxAge=n` (or its own
 * authorization request with `max_age`) and retry.
 *
 * @example
 * ```ts
 * return recentLoginChallenge(300)
 * ```
 */
export function recentLoginChallenge(maxAgeSeconds: number): KitReply {
  const message = recentLoginMessage(maxAgeSeconds)
  const { headers } = jsonErrorReply(401, RECENT_LOGIN_REQUIRED, message, {
    headers: {
      'www-authenticate': `Bearer error="insufficient_user_authentication", error_description="${message}", max_age="${maxAgeSeconds}"`,
    },
  })
  // The kit's error shape, plus the age the client must satisfy.
  const body = { error: { code: RECENT_LOGIN_REQUIRED, message, maxAgeSeconds } }
  return { status: 401, headers, body: JSON.stringify(body) }
}

/** What the user is told (also the challenge's `error_description`: no quotes inside). */
export function recentLoginMessage(maxAgeSeconds: number): string {
  return `Sign in again: this requires a sign-in within the last ${maxAgeSeconds} seconds`
}
