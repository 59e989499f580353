import { KitError } from '../errors.js'
import type { KeyResolver } from '../tokens/jwks-cache.js'
import { verifyJwt } from '../tokens/verify-jwt.js'

/** What an ID token is checked against, beyond what openid-client already checked. */
export interface IdTokenChecks {
  issuer: string
  clientId: string
  algorithms: string[]
  clockToleranceSeconds: number
  /** Nonce sent in the authorization request; the token must carry exactly it. */
  nonce?: string
  /** The `sub` the token must have (refresh: the user of the session). */
  expectedSubject?: string
  /**
   * `max_age` sent in the authorization request, in seconds: the token must then carry a
   * numeric `auth_time` no older than this (plus `clockToleranceSeconds`), as OIDC Core 3.1.2.1
   * and 3.1.3.7 require of a client that asked for it.
   */
  maxAge?: number
}

/** Why an ID token failed the recent-login (`auth_time`) check. */
export type AuthTimeProblem = 'auth_time_missing' | 'login_not_recent'

/**
 * `ERR_KIT_ID_TOKEN` raised by the `auth_time` checks, with the reason as a stable
 * `problem`, so the callback can tell the user to sign in again rather than call the
 * sign-in broken.
 */
export class AuthTimeRejectedError extends KitError {
  /** `auth_time_missing` (absent or not a number) or `login_not_recent` (too old, or in the future). */
  readonly problem: AuthTimeProblem

  constructor(problem: AuthTimeProblem, message: string) {
    super('ERR_KIT_ID_TOKEN', `ID token rejected: ${message} (${problem})`)
    this.problem = problem
  }
}

/**
 * The `auth_time` problem of an error thrown by the recent-login checks, else undefined.
 * Read from the error's fields, not `instanceof`, so a copy of the class from another
 * build of the package (CJS beside ESM) is recognised too.
 */
export function authTimeProblemOf(error: unknown): AuthTimeProblem | undefined {
  if (!(error instanceof Error) || (error as KitError).code !== 'ERR_KIT_ID_TOKEN') return undefined
  const problem = (error as { problem?: unknown }).problem
  return problem === 'auth_time_missing' || problem === 'login_not_recent' ? problem : undefined
}

function reject(message: string, cause?: unknown): KitError {
  return new KitError('ERR_KIT_ID_TOKEN', `ID token rejected: ${message}`, { cause })
}

/**
 * The `auth_time` rules: when present it must be a number of seconds (a string would
 * compare as text); with `maxAge` it is required and at most `maxAge + clockToleranceSeconds`
 * old. An `auth_time` ahead of the clock beyond the tolerance is refused too: it would
 * keep a session "recent" for as long as the provider's clock runs ahead.
 */
function checkAuthTime(payload: Record<string, unknown>, checks: IdTokenChecks): void {
  const authTime = payload['auth_time']
  if (authTime === undefined && checks.maxAge === undefined) return
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
    if (checks.maxAge === undefined) throw reject('"auth_time" is not a number')
    throw new AuthTimeRejectedError(
      'auth_time_missing',
      '"auth_time" is missing or not a number, but max_age was requested (OIDC Core 3.1.2.1)',
    )
  }
  if (checks.maxAge === undefined) return
  const now = Math.floor(Date.now() / 1000)
  if (authTime > now + checks.clockToleranceSeconds) {
    throw new AuthTimeRejectedError('login_not_recent', '"auth_time" is in the future')
  }
  if (now - authTime > checks.maxAge + checks.clockToleranceSeconds) {
    throw new AuthTimeRejectedError(
      'login_not_recent',
      `the last authentication (auth_time) is ${now - authTime} s old, more than max_age ${checks.maxAge} s`,
    )
  }
}

/**
 * Verifies an ID token's signature against the environment's JWKS and its claims:
 * `iss`, `aud` (only this client: an extra untrusted audience is refused), `azp`,
 * `sub`, `iat`, `exp` with clock tolerance, `nonce`, and `auth_time` (a number; required
 * and recent enough when `maxAge` is given). openid-client checks the claims
 * too; this adds the signature (openid-client skips it for token-endpoint responses)
 * and the stricter audience rule, all as `ERR_KIT_ID_TOKEN` with the cause kept.
 */
export async function verifyIdToken(
  idToken: string,
  getKey: KeyResolver,
  checks: IdTokenChecks,
): Promise<Record<string, unknown>> {
  let payload: Record<string, unknown>
  try {
    const verified = await verifyJwt(idToken, getKey, {
      issuer: checks.issuer,
      audience: checks.clientId,
      algorithms: checks.algorithms,
      clockToleranceSeconds: checks.clockToleranceSeconds,
      requiredClaims: ['sub', 'iat', 'aud'],
    })
    payload = verified.payload as Record<string, unknown>
  } catch (err) {
    if (err instanceof KitError && err.code === 'ERR_KIT_JWKS') throw err
    throw reject(err instanceof Error ? err.message : String(err), err)
  }
  const aud = payload['aud']
  const audiences = Array.isArray(aud) ? aud : [aud]
  if (audiences.some((a) => a !== checks.clientId)) {
    throw reject('"aud" includes an untrusted audience')
  }
  if (payload['azp'] !== undefined && payload['azp'] !== checks.clientId) {
    throw reject('"azp" is not this client')
  }
  if (typeof payload['sub'] !== 'string' || payload['sub'] === '') {
    throw reject('"sub" is missing')
  }
  if (checks.nonce !== undefined && payload['nonce'] !== checks.nonce) {
    throw reject('"nonce" does not match the authorization request')
  }
  if (checks.expectedSubject !== undefined && payload['sub'] !== checks.expectedSubject) {
    throw reject('"sub" changed (expected the subject of the existing session)')
  }
  checkAuthTime(payload, checks)
  return payload
}
