import type { AuthUser } from '../tokens/claims-to-auth.js'
import type { AuthOrganization } from '../tokens/organizations-claim.js'

/** The signed-in user as kept in the session (the `Auth['user']` shape). */
export type SessionUser = AuthUser

/**
 * What the encrypted session cookie holds. Lifetimes are enforced from `createdAt` and
 * `lastActiveAt` inside the seal, so a replayed or hand-edited cookie `Max-Age` changes
 * nothing.
 */
export interface SessionData {
  /** Format version, bumped on incompatible changes (older seals then read as anonymous). */
  v: 1
  /** Random id of this session value, new on every login; the revocation key. */
  sid: string
  user: SessionUser
  accessToken: string
  /** Access token expiry, epoch seconds. */
  accessTokenExpiresAt: number
  refreshToken?: string
  idToken?: string
  organizationId?: string
  /**
   * The organizations the user can switch to (`Auth.organizations`), kept here only when
   * the ID token that lists them is not (`session.storeIdToken: false`).
   */
  organizations?: AuthOrganization[]
  connectionId?: string
  /** Login time, epoch seconds: start of the absolute lifetime. */
  createdAt: number
  /** Last recorded activity, epoch seconds: start of the idle lifetime. */
  lastActiveAt: number
  /**
   * When the user last authenticated at the environment, epoch seconds: the verified ID
   * token's `auth_time` at login, kept (or taken from a refreshed ID token) on refresh.
   * Absent in sessions sealed before it existed or when the environment did not say;
   * a guard with `maxAgeSeconds` then treats the login as not recent.
   */
  authTime?: number
}

/** Idle and absolute session lifetimes, in seconds. */
export interface SessionLifetimes {
  /** Session ends after this long without a request (rolling). */
  readonly idleTimeoutSeconds: number
  /** Session ends this long after login, whatever the activity. */
  readonly absoluteTimeoutSeconds: number
  /** Activity is written back to the cookie at most this often (fewer Set-Cookie headers). */
  readonly touchIntervalSeconds: number
}

/**
 * When the session ends if no further activity is recorded: the earlier of the idle and
 * absolute deadlines, so rolling renewal can never carry it past the absolute limit.
 *
 * @example
 * ```ts
 * sessionExpiresAt(data, { idleTimeoutSeconds: 86400, absoluteTimeoutSeconds: 604800, touchIntervalSeconds: 300 })
 * ```
 */
export function sessionExpiresAt(data: SessionData, lifetimes: SessionLifetimes): number {
  return Math.min(
    data.lastActiveAt + lifetimes.idleTimeoutSeconds,
    data.createdAt + lifetimes.absoluteTimeoutSeconds,
  )
}

/** Whether the session is over at `nowSeconds` (idle or absolute), or dated in the future. */
export function isSessionExpired(
  data: SessionData,
  lifetimes: SessionLifetimes,
  nowSeconds: number,
): boolean {
  if (data.createdAt > nowSeconds + 300 || data.lastActiveAt < data.createdAt) return true
  return nowSeconds >= sessionExpiresAt(data, lifetimes)
}

/** Whether enough time passed since the recorded activity to write a renewed cookie. */
export function needsTouch(
  data: SessionData,
  lifetimes: SessionLifetimes,
  nowSeconds: number,
): boolean {
  return nowSeconds - data.lastActiveAt >= lifetimes.touchIntervalSeconds
}

/**
 * Structural check of an unsealed value. A seal only opens with our secret, but an old
 * format or a seal of another kind (a transaction) must not be taken for a session.
 */
export function isSessionData(value: unknown): value is SessionData {
  if (value === null || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  const user = v['user'] as Record<string, unknown> | undefined
  return (
    v['v'] === 1 &&
    typeof v['sid'] === 'string' &&
    typeof v['accessToken'] === 'string' &&
    typeof v['accessTokenExpiresAt'] === 'number' &&
    typeof v['createdAt'] === 'number' &&
    typeof v['lastActiveAt'] === 'number' &&
    (v['refreshToken'] === undefined || typeof v['refreshToken'] === 'string') &&
    (v['idToken'] === undefined || typeof v['idToken'] === 'string') &&
    (v['authTime'] === undefined || Number.isFinite(v['authTime'])) &&
    user !== null &&
    typeof user === 'object' &&
    typeof user['id'] === 'string'
  )
}

/** A random, URL-safe identifier (128 bits) for session ids, states and nonces. */
export function randomId(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** Unpadded base64url of `bytes` (RFC 4648 section 5). */
export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
