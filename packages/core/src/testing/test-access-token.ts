import { SignJWT } from 'jose'
import type { AuthActor, AuthUser } from '../tokens/claims-to-auth.js'

/**
 * Issuer of every test-session access token. No environment has this issuer, so such a
 * token never passes `validateToken` (nor does its HS256 algorithm, outside every
 * allowlist): it is good only inside a session sealed with the app's secret, where the
 * kit trusts the seal and decodes the token without re-verifying it.
 */
export const TEST_SESSION_ISSUER = 'urn:kit:test-session'

/** What the access token of a test session says about the user. */
export interface TestTokenClaims {
  user: AuthUser
  organizationId?: string
  connectionId?: string
  roles: readonly string[]
  permissions: readonly string[]
  scopes: readonly string[]
  actor?: AuthActor
  extra: Record<string, unknown>
  issuedAt: number
  expiresAt: number
}

/**
 * Builds the access token a test session carries: the claims an environment's access
 * token would have (`sub`, `oid`, `amr`, `roles`, `permissions`, `scopes`, `act`),
 * signed with HS256 under a key derived from the session secret. The signature is not
 * what makes the session acceptable (the seal is); it only marks the token as minted by
 * someone holding that secret, and gives it the three segments the kit's decoder requires.
 */
export async function testAccessToken(secret: string, claims: TestTokenClaims): Promise<string> {
  const payload: Record<string, unknown> = {
    ...claims.extra,
    sub: claims.user.id,
    roles: [...claims.roles],
    permissions: [...claims.permissions],
    scopes: [...claims.scopes],
  }
  if (claims.user.email !== undefined) payload['email'] = claims.user.email
  if (claims.organizationId !== undefined) payload['oid'] = claims.organizationId
  if (claims.connectionId !== undefined) payload['amr'] = [claims.connectionId]
  if (claims.actor !== undefined) {
    payload['act'] = {
      sub: claims.actor.id,
      ...(claims.actor.email !== undefined ? { email: claims.actor.email } : {}),
    }
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'kit-test-session' })
    .setIssuer(TEST_SESSION_ISSUER)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(await tokenKey(secret))
}

async function tokenKey(secret: string): Promise<Uint8Array> {
  const data = new TextEncoder().encode(`kit-test-session-token:${secret}`)
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data))
}
