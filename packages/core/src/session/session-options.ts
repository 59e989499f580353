import { KitError } from '../errors.js'
import { DEFAULT_CHUNK_LIMITS } from './chunks.js'
import { normalizeSecrets } from './secrets.js'

/**
 * Session settings an application passes (`config.session`). Times are in seconds.
 *
 * @example
 * ```ts
 * const session: SessionOptions = {
 *   secret: [env.KIT_SESSION_SECRET, env.KIT_SESSION_SECRET_OLD],
 *   idleTimeoutSeconds: 8 * 3600,
 * }
 * ```
 */
export interface SessionOptions {
  /** 32+ characters; a list rotates secrets: the first seals, every one unseals. */
  secret: string | readonly string[]
  /** Ends the session after this long without a request. Default 86 400 (24 h). */
  idleTimeoutSeconds?: number
  /** Ends the session this long after login whatever the activity. Default 604 800 (7 d). */
  absoluteTimeoutSeconds?: number
  /**
   * Activity is written back at most this often. Default min(300, idleTimeoutSeconds / 4).
   * Requests that still carry the old cookie within a minute (or this interval, if
   * shorter) of a renewal share the renewed cookie rather than sealing another.
   */
  touchIntervalSeconds?: number
  /** Base cookie name (`__Host-` is prefixed on https). Default `kit_session`. */
  cookieName?: string
  /**
   * Most cookie chunks a session may use. Default 2 (at most 7 600 characters), which
   * keeps the whole `Cookie` header under Node's 16 KB limit with room for the app's
   * other cookies (nginx's default 8 KB header buffer already fails at 3 chunks). A
   * session that needs more is `ERR_KIT_SESSION_TOO_LARGE` when written, naming what to trim.
   */
  maxChunks?: number
  /**
   * Keep the ID token in the session (default true). `false` saves about a third of the
   * session cookie: `auth.idToken` is then undefined, and the ID token waits for logout
   * (`id_token_hint`) in a separate sealed cookie whose `Path` is the logout route, so
   * browsers send it on logout only.
   */
  storeIdToken?: boolean
  /** Unsealed sessions kept in memory, keyed by exact cookie value. Default 1000; 0 disables. */
  cacheSize?: number
}

/** {@link SessionOptions} after validation, with defaults applied. */
export interface ResolvedSessionOptions {
  readonly secrets: readonly string[]
  readonly idleTimeoutSeconds: number
  readonly absoluteTimeoutSeconds: number
  readonly touchIntervalSeconds: number
  readonly cookieName: string
  readonly maxChunks: number
  readonly storeIdToken: boolean
  readonly cacheSize: number
}

const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/

/**
 * Validates session settings, throwing `ERR_KIT_CONFIG` with the setting's name so a
 * misconfiguration stops start-up instead of weakening or breaking sessions later.
 *
 * @example
 * ```ts
 * resolveSessionOptions({ secret: 'x'.repeat(32) }).idleTimeoutSeconds // 86400
 * ```
 */
export function resolveSessionOptions(options: unknown): ResolvedSessionOptions {
  if (options === null || typeof options !== 'object') {
    throw new KitError('ERR_KIT_CONFIG', 'session is required: { secret: string (32+ characters) }')
  }
  const o = options as SessionOptions
  const secrets = normalizeSecrets(o.secret, 'session.secret')
  const idleTimeoutSeconds = seconds(o.idleTimeoutSeconds, 86_400, 'session.idleTimeoutSeconds')
  const absoluteTimeoutSeconds = seconds(
    o.absoluteTimeoutSeconds,
    604_800,
    'session.absoluteTimeoutSeconds',
  )
  const touchIntervalSeconds =
    o.touchIntervalSeconds === undefined
      ? Math.min(300, Math.floor(idleTimeoutSeconds / 4))
      : seconds(o.touchIntervalSeconds, 0, 'session.touchIntervalSeconds', true)
  const cookieName = o.cookieName ?? 'kit_session'
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      'session.cookieName must be 1-64 characters of letters, digits, "_" or "-"',
    )
  }
  const maxChunks = integer(o.maxChunks, DEFAULT_CHUNK_LIMITS.maxChunks, 'session.maxChunks', 1, 20)
  if (o.storeIdToken !== undefined && typeof o.storeIdToken !== 'boolean') {
    throw new KitError('ERR_KIT_CONFIG', 'session.storeIdToken must be a boolean')
  }
  const storeIdToken = o.storeIdToken ?? true
  const cacheSize = integer(o.cacheSize, 1000, 'session.cacheSize', 0, 1_000_000)
  return {
    secrets,
    idleTimeoutSeconds,
    absoluteTimeoutSeconds,
    touchIntervalSeconds,
    cookieName,
    maxChunks,
    storeIdToken,
    cacheSize,
  }
}

function seconds(value: unknown, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0)
  ) {
    throw new KitError('ERR_KIT_CONFIG', `${name} must be a positive number of seconds`)
  }
  return value
}

function integer(value: unknown, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new KitError('ERR_KIT_CONFIG', `${name} must be an integer from ${min} to ${max}`)
  }
  return value
}
