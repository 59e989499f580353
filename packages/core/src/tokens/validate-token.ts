import type { CryptoKey, JWSHeaderParameters, JWTPayload } from 'jose'
import { KitError, KitInsufficientScopeError } from '../errors.js'
import type { KeyResolver } from './jwks-cache.js'
import { decodeJwt, decodeJwtHeader } from './jwt-parse.js'
import { assertAudience } from './token-audience.js'
import { sameTokenType } from './token-type.js'
import type { VerifiedToken, VerifiedTokenCache } from './verified-token-cache.js'
import {
  assertAllowedAlgorithm,
  joseVerifyOptions,
  type VerifiedJwt,
  verifyWithKey,
} from './verify-jwt.js'

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
  /** A key already selected for this header, without a promise (undefined: use `getKey`). */
  cachedKey: (header: JWSHeaderParameters) => CryptoKey | undefined
  /** The expected issuer; a plain string once known, so a call need not wait for it. */
  issuer: () => string | Promise<string>
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
 * Whether a cached verification answers this call: the token was verified against this
 * issuer, carries the type asked for, and is within its validity window under this
 * call's clock tolerance. Anything else goes through full verification again, so a hit
 * can skip work but never change a verdict (jose gives the refusal and its reason).
 */
function answersCall(
  entry: VerifiedToken,
  issuer: string,
  tokenType: string | undefined,
  nowSec: number,
  clockToleranceSeconds: number,
): boolean {
  return (
    entry.iss === issuer &&
    (tokenType === undefined || sameTokenType(entry.typ, tokenType)) &&
    (entry.nbf === undefined || entry.nbf <= nowSec + clockToleranceSeconds)
  )
}

/** Throws `err`, unless the token is malformed: then that (`ERR_KIT_JWT_INVALID`) is the answer. */
function refuse(token: string, err: unknown): never {
  decodeJwt(token)
  throw err
}

/**
 * Full verification of a token not answered by the cache: structure and algorithm
 * first, then the key the header names, then jose (signature, `iss`, `exp`/`nbf`,
 * `typ`). With the key already in hand the payload is decoded once, by jose (which
 * refuses anything but strict UTF-8 JSON objects); otherwise it is decoded here before
 * the issuer or the key is looked up, so malformed input never costs a network call.
 * Every refusal of a malformed token is `ERR_KIT_JWT_INVALID`, whichever check saw it.
 */
async function verifyAndRemember(
  ctx: TokenValidatorContext,
  token: string,
  options: ValidateTokenOptions,
  clockToleranceSeconds: number,
): Promise<TokenClaims> {
  const header = decodeJwtHeader(token) as JWSHeaderParameters
  try {
    assertAllowedAlgorithm(header, ctx.algorithms)
  } catch (err) {
    refuse(token, err)
  }
  let key = ctx.cachedKey(header)
  // No key in hand means a possible fetch: the whole structure is checked first.
  if (!key) decodeJwt(token)
  // A selected key means the endpoints are loaded, so the issuer costs no fetch either.
  const pendingIssuer = options.issuer ?? ctx.issuer()
  const issuer = typeof pendingIssuer === 'string' ? pendingIssuer : await pendingIssuer
  key ??= await ctx.getKey(header)
  let verified: VerifiedJwt
  try {
    verified = await verifyWithKey(
      token,
      key,
      joseVerifyOptions({
        issuer,
        algorithms: ctx.algorithms,
        clockToleranceSeconds,
        typ: options.tokenType,
      }),
    )
  } catch (err) {
    refuse(token, err)
  }
  ctx.cache.set(token, verified.payload, verified.header.typ)
  return verified.payload as TokenClaims
}

/**
 * Validates a bearer token issued by the environment: structure, allowed algorithm,
 * signature against the JWKS, `iss`, `exp`/`nbf` with clock tolerance, `typ`, then who
 * it is for (`aud` among `audience`, or its client among `allowedClients`), then the
 * required scopes and permissions. Verified tokens are cached by their exact value;
 * a hit is used only when it meets this call's issuer, type and validity window
 * (expiry re-checked every time), and audience, scopes and permissions are checked on
 * every call, hit or not.
 */
export async function validateToken(
  ctx: TokenValidatorContext,
  token: string,
  options: ValidateTokenOptions = {},
): Promise<TokenClaims> {
  if (typeof token !== 'string' || token === '') {
    throw new KitError('ERR_KIT_JWT_INVALID', 'malformed token: not a non-empty string')
  }
  const clockToleranceSeconds = options.clockToleranceSeconds ?? ctx.clockToleranceSeconds
  const nowSec = Math.floor(Date.now() / 1000)
  const entry = ctx.cache.get(token, nowSec, clockToleranceSeconds)
  let claims: TokenClaims | undefined
  if (entry) {
    const pendingIssuer = options.issuer ?? ctx.issuer()
    const issuer = typeof pendingIssuer === 'string' ? pendingIssuer : await pendingIssuer
    if (answersCall(entry, issuer, options.tokenType, nowSec, clockToleranceSeconds)) {
      claims = entry.claims as TokenClaims
    }
  }
  claims ??= await verifyAndRemember(ctx, token, options, clockToleranceSeconds)
  const audience = options.audience ?? ctx.audience
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
