import type { EmulatorContext } from '../context.js'
import { findUserById, rolesAndPermissions } from './account.js'
import { findClient } from './clients.js'
import { findGrantContext, linkGrantToSession } from './grant-context.js'

/** The token model fields extraTokenClaims reads (AccessToken or ClientCredentials). */
export interface TokenLike {
  kind?: string
  accountId?: string
  grantId?: string
  sid?: string
  clientId?: string
  scope?: string
}

/**
 * Profile claims of a user for ID tokens: standard OIDC profile and email claims plus
 * `oid`, the organization the login chose (read from the grant context, so refreshed ID
 * tokens keep it).
 */
export function idTokenClaims(
  ctx: EmulatorContext,
  userId: string,
  grantId: string | undefined,
): Record<string, unknown> | undefined {
  const user = findUserById(ctx.db, userId)
  if (!user) return undefined
  const grant = findGrantContext(ctx.db, grantId)
  return {
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    picture: user.picture,
    oid: grant?.organizationId ?? undefined,
  }
}

/**
 * Claims added to every JWT access token, computed from the database at issue time:
 * `sid`, `oid`, `roles`, effective `permissions` (role inheritance applied), `scopes`.
 * Client-credentials tokens of organization M2M clients carry `oid` and the client's
 * custom claims.
 */
export function accessTokenClaims(ctx: EmulatorContext, token: TokenLike): Record<string, unknown> {
  const scopes = (token.scope ?? '').split(' ').filter(Boolean)
  if (token.kind === 'ClientCredentials') {
    const client = token.clientId ? findClient(ctx.db, token.clientId) : undefined
    const extra: Record<string, unknown> = { scopes }
    if (client?.organizationId) extra.oid = client.organizationId
    for (const claim of client?.data.custom_claims ?? []) {
      if (claim && typeof claim.key === 'string' && !(claim.key in RESERVED))
        extra[claim.key] = claim.value
    }
    return extra
  }
  const grant = findGrantContext(ctx.db, token.grantId)
  if (grant && token.sid) linkGrantToSession(ctx.db, grant.grantId, token.sid)
  const userId = token.accountId ?? grant?.userId
  const { roles, permissions } = userId
    ? rolesAndPermissions(ctx.db, userId, grant?.organizationId)
    : { roles: [], permissions: [] }
  return {
    ...(token.sid ? { sid: token.sid } : {}),
    ...(grant?.organizationId ? { oid: grant.organizationId } : {}),
    ...(grant?.connectionId ? { amr: [grant.connectionId] } : {}),
    roles,
    permissions,
    scopes,
  }
}

const RESERVED: Record<string, true> = {
  iss: true,
  sub: true,
  aud: true,
  exp: true,
  iat: true,
  nbf: true,
  jti: true,
  client_id: true,
  scope: true,
}
