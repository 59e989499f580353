import type { EmulatorContext } from '../context.js'
import { isReservedClaim } from '../util/reserved-claims.js'
import { findUserById, listMemberships, rolesAndPermissions } from './account.js'
import { findClient } from './clients.js'
import { actorClaim } from './grant-actors.js'
import { findGrantContext, linkGrantToSession } from './grant-context.js'

/** Scope a third-party application needs for the user's `roles` in its access tokens. */
export const ROLES_SCOPE = 'roles'

/** Scope a third-party application needs for the user's `permissions` in its access tokens. */
export const PERMISSIONS_SCOPE = 'permissions'

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
 * tokens keep it), and for first-party clients `organizations`: the user's ACTIVE
 * memberships as `[{ id, name }]`, the organizations the application may offer to switch
 * to. Third-party applications are not told where else the user works.
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
    organizations:
      grant && findClient(ctx.db, grant.clientId)?.firstParty
        ? listMemberships(ctx.db, user.id).map((m) => ({
            id: m.organizationId,
            name: m.organizationName,
          }))
        : undefined,
  }
}

/**
 * Claims added to every JWT access token, computed from the database at issue time:
 * `sid`, `oid`, `amr`, `roles`, effective `permissions` (role inheritance applied),
 * `scopes`. A third-party application (`first_party` false) receives `roles` only when
 * the `roles` scope was granted and `permissions` only with the `permissions` scope: a
 * user who consented to `openid` alone does not hand it her authorizations.
 * Client-credentials tokens of organization M2M clients carry `oid` and the client's
 * custom claims, minus the reserved ones (util/reserved-claims.ts). User tokens carry
 * `auth_time` when the grant being redeemed records it (`authTime`).
 */
export function accessTokenClaims(
  ctx: EmulatorContext,
  token: TokenLike,
  authTime?: number,
): Record<string, unknown> {
  const scopes = (token.scope ?? '').split(' ').filter(Boolean)
  const client = token.clientId ? findClient(ctx.db, token.clientId) : undefined
  if (token.kind === 'ClientCredentials') {
    const custom: Record<string, unknown> = {}
    for (const claim of client?.data.custom_claims ?? []) {
      if (claim && typeof claim.key === 'string' && !isReservedClaim(claim.key))
        custom[claim.key] = claim.value
    }
    // Reserved claims are written last as well, so no custom claim can stand in for them.
    return {
      ...custom,
      scopes,
      ...(client?.organizationId ? { oid: client.organizationId } : {}),
    }
  }
  const grant = findGrantContext(ctx.db, token.grantId)
  if (grant && token.sid) linkGrantToSession(ctx.db, grant.grantId, token.sid)
  const userId = token.accountId ?? grant?.userId
  const { roles, permissions } = userId
    ? rolesAndPermissions(ctx.db, userId, grant?.organizationId)
    : { roles: [], permissions: [] }
  const thirdParty = client !== undefined && !client.firstParty
  const act = actorClaim(ctx, token.grantId)
  return {
    ...(token.sid ? { sid: token.sid } : {}),
    ...(grant?.organizationId ? { oid: grant.organizationId } : {}),
    ...(grant?.connectionId ? { amr: [grant.connectionId] } : {}),
    ...(!thirdParty || scopes.includes(ROLES_SCOPE) ? { roles } : {}),
    ...(!thirdParty || scopes.includes(PERMISSIONS_SCOPE) ? { permissions } : {}),
    // RFC 8693 actor of an impersonated session (started from the console).
    ...(act ? { act } : {}),
    // When the user authenticated (RFC 9068 section 2.2.1), so a resource server can
    // demand a recent login (RFC 9470 step-up) from the access token alone.
    ...(authTime !== undefined ? { auth_time: authTime } : {}),
    scopes,
  }
}
