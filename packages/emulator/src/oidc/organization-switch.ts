import { errors, type Grant, type KoaContextWithOIDC } from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { findMembership } from './account.js'
import { findClient } from './clients.js'
import { findConnection, isSsoConnection, ssoConnectionOfOrganization } from './connections.js'
import { actorClaim, saveGrantActor } from './grant-actors.js'
import type { GrantContext } from './grant-context.js'
import { saveGrantContext } from './grant-context.js'

/**
 * Organization switching as the hosted service does it: a browser already signed in
 * asks a first-party application's authorization for another `organization_id`. When the
 * user is an ACTIVE member of it, the grant for that organization is made right here,
 * without an interaction, so `prompt=none` succeeds and the user sees no page; the
 * tokens then carry that organization's `oid`, roles and permissions.
 *
 * Returns undefined when this is not such a switch (third-party client, `connection_id`
 * given, the normal consent step decides). A non-member asking with `prompt=none` gets
 * `access_denied`, never a grant; without `prompt=none` the consent step refuses on a page.
 *
 * An impersonated session stays impersonated: the actor of the session's previous grant
 * is recorded on the new one, so the switched tokens still carry `act`.
 */
export async function grantForOrganizationSwitch(
  ctx: EmulatorContext,
  kctx: KoaContextWithOIDC,
  organizationId: string,
  previous: GrantContext | undefined,
  defaultResource: string,
): Promise<Grant | undefined> {
  const client = kctx.oidc.client
  const accountId = kctx.oidc.session?.accountId
  const params = kctx.oidc.params ?? {}
  if (!client || !accountId || typeof params.connection_id === 'string') return undefined
  if (!findClient(ctx.db, client.clientId)?.firstParty) return undefined
  if (!findMembership(ctx.db, accountId, organizationId)) {
    if (kctx.oidc.prompts.has('none')) {
      throw new errors.AccessDenied(
        `the signed-in user is not a member of organization ${organizationId}`,
      )
    }
    return undefined
  }
  const grant = new kctx.oidc.provider.Grant({ accountId, clientId: client.clientId })
  const scope = typeof params.scope === 'string' ? params.scope : 'openid'
  grant.addOIDCScope(scope)
  const resource = params.resource
  const resources = Array.isArray(resource)
    ? resource
    : [typeof resource === 'string' ? resource : defaultResource]
  for (const r of resources) grant.addResourceScope(String(r), scope)
  const grantId = await grant.save()
  saveGrantContext(ctx.db, {
    grantId,
    clientId: client.clientId,
    userId: accountId,
    organizationId,
    connectionId: connectionFor(ctx, kctx, organizationId),
  })
  const actor = actorClaim(ctx, previous?.grantId)
  if (actor) saveGrantActor(ctx, grantId, actor.sub)
  return kctx.oidc.provider.Grant.find(grantId)
}

/**
 * The connection of the switched grant, as the consent step picks it: the session's own
 * connection when it is not another organization's SSO, else the organization's SSO.
 */
function connectionFor(
  ctx: EmulatorContext,
  kctx: KoaContextWithOIDC,
  organizationId: string,
): string | null {
  const amr = (kctx.oidc.session as { amr?: unknown } | undefined)?.amr
  const conn =
    Array.isArray(amr) && typeof amr[0] === 'string' ? findConnection(ctx.db, amr[0]) : undefined
  if (conn && (!isSsoConnection(conn) || conn.organizationId === organizationId)) return conn.id
  return ssoConnectionOfOrganization(ctx.db, organizationId)?.id ?? null
}
