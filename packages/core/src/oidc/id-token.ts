import { KitError } from '../errors.js'
import type { KeyResolver } from '../tokens/jwks-cache.js'
import { verifyJwt } from '../tokens/verify-jwt.js'

/** What an ID token is checked against, beyond what openid-client already checked. */
export interface IdTokenChecks {
  issuer: string
  clientId: string
  algorithms: string[]
  clockTolerance: number
  /** Nonce sent in the authorization request; the token must carry exactly it. */
  nonce?: string
  /** The `sub` the token must have (refresh: the user of the session). */
  expectedSubject?: string
}

function reject(message: string, cause?: unknown): KitError {
  return new KitError('ERR_KIT_ID_TOKEN', `ID token rejected: ${message}`, { cause })
}

/**
 * Verifies an ID token's signature against the environment's JWKS and its claims:
 * `iss`, `aud` (only this client: an extra untrusted audience is refused), `azp`,
 * `sub`, `iat`, `exp` with clock tolerance, and `nonce`. openid-client checks the claims
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
      clockTolerance: checks.clockTolerance,
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
  return payload
}
