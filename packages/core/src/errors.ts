/**
 * Stable error codes of `@kit/core`. Callers `switch (err.code)`; messages may change,
 * codes do not. Add a code here (in its area's block) when a new failure needs a
 * distinct reaction from callers.
 */
export type KitErrorCode =
  // configuration
  | 'ERR_KIT_CONFIG'
  // OIDC login flow
  | 'ERR_KIT_DISCOVERY'
  | 'ERR_KIT_STATE_MISMATCH'
  | 'ERR_KIT_CALLBACK'
  | 'ERR_KIT_OAUTH'
  | 'ERR_KIT_INVALID_GRANT'
  | 'ERR_KIT_ID_TOKEN'
  | 'ERR_KIT_NETWORK'
  // tokens and keys
  | 'ERR_KIT_JWT_INVALID'
  | 'ERR_KIT_JWT_EXPIRED'
  | 'ERR_KIT_JWT_CLAIM'
  | 'ERR_KIT_JWT_SIGNATURE'
  | 'ERR_KIT_JWT_NOT_YET_VALID'
  | 'ERR_KIT_JWT_ALGORITHM'
  | 'ERR_KIT_JWKS'
  | 'ERR_KIT_INSUFFICIENT_SCOPE'
  | 'ERR_KIT_INSUFFICIENT_PERMISSION'
  // sessions
  | 'ERR_KIT_SESSION_TOO_LARGE'
  | 'ERR_KIT_SESSION'
  // test helpers (@kit/core/testing)
  | 'ERR_KIT_TESTING_IN_PRODUCTION'
  // webhooks
  | 'ERR_KIT_WEBHOOK_HEADERS'
  | 'ERR_KIT_WEBHOOK_TIMESTAMP'
  | 'ERR_KIT_WEBHOOK_SIGNATURE'
  | 'ERR_KIT_WEBHOOK_PAYLOAD'
  // management API
  | 'ERR_KIT_API'
  | 'ERR_KIT_API_BAD_REQUEST'
  | 'ERR_KIT_API_UNAUTHORIZED'
  | 'ERR_KIT_API_FORBIDDEN'
  | 'ERR_KIT_API_NOT_FOUND'
  | 'ERR_KIT_API_CONFLICT'
  | 'ERR_KIT_API_RATE_LIMITED'
  | 'ERR_KIT_API_SERVER'
  | 'ERR_KIT_API_TIMEOUT'
  | 'ERR_KIT_API_NETWORK'
  | 'ERR_KIT_INVALID_ARGUMENT'
  // framework adapters (reading a request body for the kit's own routes)
  | 'ERR_KIT_BODY_TOO_LARGE'
  | 'ERR_KIT_BODY_INCOMPLETE'
  | 'ERR_KIT_BODY_CONSUMED'

/**
 * Base class of every error `@kit/core` throws. Errors from dependencies (jose,
 * openid-client, fetch) are wrapped at the boundary with the original kept in `cause`.
 *
 * @example
 * ```ts
 * try { await kit.validateToken(token) }
 * catch (err) { if (err instanceof KitError && err.code === 'ERR_KIT_JWT_EXPIRED') ... }
 * ```
 */
export class KitError extends Error {
  /** Stable machine-readable code. */
  readonly code: KitErrorCode

  constructor(code: KitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/**
 * Thrown by `validateToken` when a valid token lacks required scopes or permissions.
 * Carries the missing names so a guard can answer 403 and say exactly what is missing.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof KitInsufficientScopeError) console.log(err.missing) }
 * ```
 */
export class KitInsufficientScopeError extends KitError {
  /** The required names the token does not carry. */
  readonly missing: readonly string[]

  constructor(
    code: 'ERR_KIT_INSUFFICIENT_SCOPE' | 'ERR_KIT_INSUFFICIENT_PERMISSION',
    missing: readonly string[],
  ) {
    const what = code === 'ERR_KIT_INSUFFICIENT_SCOPE' ? 'scope' : 'permission'
    super(code, `token is missing required ${what}(s): ${missing.join(', ')}`)
    this.missing = missing
  }
}

/** The message of anything thrown, for operator log lines (never shown to users). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
