import type { JWTPayload } from 'jose'
import { KitError, KitInsufficientScopeError } from '../errors.js'
import type { KeyResolver } from './jwks-cache.js'
import { assertAudience } from './token-audience.js'
import type { VerifiedTokenCache } from './verified-token-cache.js'
import { verifyJwt } from './verify-jwt.js'

/** Per-call options of `validateToken` / `validateAccessToken`. */
export interface ValidateTokenOptions {
  /** Expected `iss` (default: the environment's issuer). */
  issuer?: string
  /** Expected `aud`, any of them (default: the client's `audience` option; unchecked if unset). */
  audience?: string | string[]
  /**
   * Clients whose tokens pass whatever their `aud`: the token's `client_id` (or, lacking
   * one, `azp`) must be listed. With `audience` set, a token passes when either matches;
   * without, only these clients' tokens pass.
   */
  allowedClients?: string[]
  /** Scopes the token must all carry (`scope` string or `scopes` array). */
  requiredScopes?: string[]
  /** Permissions the token must all carry (`permissions` array). */
  requiredPermissions?: string[]
  /** Expected `typ` header, e.g. `at+jwt`, so an ID token cannot pass as an access token. */
  tokenType?: string
  /** Seconds of clock skew tolerated (default: the client's `clockToleranceSeconds`). */
  clockToleranceSeconds?: number
}

/** Claims of a verified token. */
export type TokenClaims = JWTPayload & Record<string, unknown>

/** Client-level defaults and collaborators of token validation. */
export interface TokenValidatorContext {
  getKey: KeyResolver
  issuer: () => Promise<string>
  algorithms: string[]
  audience: string | string[] | undefined
  clockToleranceSeconds: number
  cache: VerifiedTokenCache
}

/** Names in a token's `scope` (space-separated string) and `scopes` (array) claims. */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const out = new Set<string>()
  const scope = claims['scope']
  if (typeof scope === 'string') for (const s of scope.split(' ')) if (s) out.add(s)
  const scopes = claims['scopes']
  if (Array.isArray(scopes)) for (const s of scopes) if (typeof s === 'string') out.add(s)
  return [...out]
}

/** String entries of an array claim such as `permissions` or `roles`. */
export function stringArrayClaim(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function checkRequired(
  have: string[],
  required: string[] | undefined,
  code: 'ERR_KIT_INSUFFICIENT_SCOPE' | 'ERR_KIT_INSUFFICIENT_PERMISSION',
): void {
  if (!required || required.length === 0) return
  const set = new Set(have)
  const missing = required.filter((name) => !set.has(name))
  if (missing.length > 0) throw new KitInsufficientScopeError(code, missing)
}

/**
 * Validates a bearer token issued by the environment: structure, allowed algorithm,
 * signature against the JWKS, `iss`, `exp`/`nbf` with clock tolerance, `typ`, then who
 * it is for (`aud` among `audience`, or its client among `allowedClients`), then the
 * required scopes and permissions. Verified tokens are cached by their exact
 * value (and the checks applied), with expiry re-checked on every hit.
 */
export async function validateToken(
  ctx: TokenValidatorContext,
  token: string,
  options: ValidateTokenOptions = {},
): Promise<TokenClaims> {
  if (typeof token !== 'string' || token === '') {
    throw new KitError('ERR_KIT_JWT_INVALID', 'malformed token: not a non-empty string')
  }
  const issuer = options.issuer ?? (await ctx.issuer())
  const audience = options.audience ?? ctx.audience
  const clockToleranceSeconds = options.clockToleranceSeconds ?? ctx.clockToleranceSeconds
  // The audience is checked per call (below), so one cached entry serves every policy.
  const cacheKey = JSON.stringify([issuer, options.tokenType ?? null, token])
  const nowSec = Math.floor(Date.now() / 1000)
  let claims = ctx.cache.get(cacheKey, nowSec, clockToleranceSeconds) as TokenClaims | undefined
  if (!claims) {
    const verified = await verifyJwt(token, ctx.getKey, {
      issuer,
      algorithms: ctx.algorithms,
      clockToleranceSeconds,
      typ: options.tokenType,
    })
    claims = verified.payload as TokenClaims
    ctx.cache.set(cacheKey, claims)
  }
  assertAudience(claims, {
    audiences: audience === undefined ? undefined : Array.isArray(audience) ? audience : [audience],
    allowedClients: options.allowedClients,
  })
  if (options.requiredScopes?.length) {
    checkRequired(scopesOf(claims), options.requiredScopes, 'ERR_KIT_INSUFFICIENT_SCOPE')
  }
  if (options.requiredPermissions?.length) {
    checkRequired(
      stringArrayClaim(claims, 'permissions'),
      options.requiredPermissions,
      'ERR_KIT_INSUFFICIENT_PERMISSION',
    )
  }
  return claims
}
