import {
  type CryptoKey,
  errors,
  type JWSHeaderParameters,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose'
import { KitError } from '../errors.js'
import type { KeyResolver } from './jwks-cache.js'
import { decodeJwt } from './jwt-parse.js'

/** What a signed token must satisfy to be trusted. */
export interface JwtCheckOptions {
  /** Exact expected `iss`. */
  issuer: string
  /** Expected `aud` (any of them); not checked when undefined. */
  audience?: string | string[]
  /** Accepted JWS algorithms (asymmetric only). */
  algorithms: string[]
  /** Seconds of tolerated clock skew. */
  clockToleranceSeconds: number
  /** Expected `typ` header (e.g. `at+jwt`), compared as jose does (media type rules). */
  typ?: string
  /** Claims that must be present (`exp` is always required). */
  requiredClaims?: string[]
  /** Reference time (tests); default now. */
  currentDate?: Date
}

/** A verified token: its protected header and claims. */
export interface VerifiedJwt {
  header: JWTHeaderParameters
  payload: JWTPayload
}

/**
 * Maps a jose error to a `KitError` with a stable code, keeping the original as cause.
 * Errors that are already `KitError`s (from the key resolver) pass through.
 */
export function toKitTokenError(err: unknown): KitError {
  if (err instanceof KitError) return err
  const cause = { cause: err }
  if (err instanceof errors.JWTExpired) {
    return new KitError('ERR_KIT_JWT_EXPIRED', 'token has expired', cause)
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') {
      return new KitError('ERR_KIT_JWT_NOT_YET_VALID', 'token is not valid yet (nbf)', cause)
    }
    return new KitError('ERR_KIT_JWT_CLAIM', `claim "${err.claim}" check failed: ${err.reason}`, {
      cause: err,
    })
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return new KitError('ERR_KIT_JWT_ALGORITHM', 'token signature algorithm is not allowed', cause)
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return new KitError('ERR_KIT_JWT_SIGNATURE', 'token signature verification failed', cause)
  }
  if (err instanceof errors.JOSENotSupported) {
    return new KitError('ERR_KIT_JWT_ALGORITHM', `unsupported token: ${err.message}`, cause)
  }
  if (err instanceof errors.JOSEError) {
    return new KitError('ERR_KIT_JWT_INVALID', `invalid token: ${err.message}`, cause)
  }
  return new KitError('ERR_KIT_JWT_INVALID', 'invalid token', cause)
}

/**
 * Throws `ERR_KIT_JWT_ALGORITHM` unless the (decoded, unverified) header's `alg` is
 * allowed, and `ERR_KIT_JWT_INVALID` when it declares critical extensions (`crit`): the
 * kit understands none, so RFC 7515 says refuse, and refusing here spares the key lookup
 * (and the JWKS refetch an unknown `kid` would cost) that jose's own refusal comes after.
 */
export function assertAllowedAlgorithm(
  header: Record<string, unknown>,
  algorithms: readonly string[],
): void {
  if (!algorithms.includes(header['alg'] as string)) {
    throw new KitError(
      'ERR_KIT_JWT_ALGORITHM',
      `token signature algorithm "${String(header['alg'])}" is not allowed`,
    )
  }
  if (header['crit'] !== undefined) {
    throw new KitError(
      'ERR_KIT_JWT_INVALID',
      'token header lists critical extensions (crit) that the kit does not support',
    )
  }
}

/** jose's verify options for these checks (`exp` always required). */
export function joseVerifyOptions(options: JwtCheckOptions): JWTVerifyOptions {
  return {
    algorithms: options.algorithms,
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds,
    typ: options.typ,
    requiredClaims: ['exp', ...(options.requiredClaims ?? [])],
    currentDate: options.currentDate,
  }
}

/**
 * Has jose verify the signature with an already selected key and check the claims;
 * every failure becomes a `KitError`. The key is handed over as a value, not a resolver,
 * so jose spends no extra promise on it.
 */
export async function verifyWithKey(
  token: string,
  key: CryptoKey,
  joseOptions: JWTVerifyOptions,
): Promise<VerifiedJwt> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key, joseOptions)
    return { header: protectedHeader, payload }
  } catch (err) {
    throw toKitTokenError(err)
  }
}

/**
 * Verifies a compact JWS against the environment's keys and checks its registered
 * claims. The token's structure and algorithm are checked first so malformed input
 * never reaches a key lookup; every failure is a `KitError`.
 */
export async function verifyJwt(
  token: string,
  getKey: KeyResolver,
  options: JwtCheckOptions,
): Promise<VerifiedJwt> {
  const { header } = decodeJwt(token)
  assertAllowedAlgorithm(header, options.algorithms)
  let key: CryptoKey
  try {
    key = await getKey(header as JWSHeaderParameters)
  } catch (err) {
    // The JWKS cache already throws KitErrors (ERR_KIT_JWKS, ERR_KIT_JWT_SIGNATURE).
    throw toKitTokenError(err)
  }
  return verifyWithKey(token, key, joseVerifyOptions(options))
}
