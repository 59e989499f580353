import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { findMembership, listMemberships } from './account.js'
import { findClient } from './clients.js'
import { findConnection, ssoConnectionOfOrganization } from './connections.js'
import { saveGrantContext } from './grant-context.js'
import { DEFAULT_RESOURCE } from './provider.js'

/** The interaction as oidc-provider's `interactionDetails` returns it. */
export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>

/** Who signed in and through what. */
export interface LoginChoice {
  userId: string
  /** Organization chosen by the method itself (SSO connection's organization). */
  organizationId?: string | null
  connectionId?: string | null
}

/** Refusal to complete a login, shown to the user on the page. */
export class LoginRefused extends Error {
  override name = 'LoginRefused'
}

const param = (details: InteractionDetails, name: string): string | undefined => {
  const value = details.params[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/**
 * Decides the organization and connection of a login: the method's own choice (SSO),
 * else `organization_id`, else the organization of `connection_id`, else the user's
 * first organization. A requested organization the user does not belong to refuses.
 */
export function resolveOrganization(
  ctx: EmulatorContext,
  details: InteractionDetails,
  choice: LoginChoice,
) {
  const requestedOrg = param(details, 'organization_id')
  const requestedConn = param(details, 'connection_id')
  let organizationId = choice.organizationId ?? null
  let connectionId = choice.connectionId ?? null
  if (!organizationId && requestedConn) {
    const conn = findConnection(ctx.db, requestedConn)
    if (conn?.organizationId) organizationId = conn.organizationId
  }
  if (!organizationId && requestedOrg) organizationId = requestedOrg
  if (requestedOrg && organizationId !== requestedOrg) {
    throw new LoginRefused(
      'This sign-in method belongs to another organization than the requested one.',
    )
  }
  if (organizationId && !findMembership(ctx.db, choice.userId, organizationId)) {
    throw new LoginRefused('This account is not a member of the requested organization.')
  }
  if (!organizationId)
    organizationId = listMemberships(ctx.db, choice.userId)[0]?.organizationId ?? null
  if (!connectionId && organizationId)
    connectionId = ssoConnectionOfOrganization(ctx.db, organizationId)?.id ?? null
  return { organizationId, connectionId }
}

/**
 * Saves a grant with everything the request asked for (first-party clients never see a
 * consent screen) and records the organization and connection for the token claims.
 */
export async function grantRequestedScopes(
  ctx: EmulatorContext,
  provider: Provider,
  details: InteractionDetails,
  userId: string,
  chosen: { organizationId: string | null; connectionId: string | null },
): Promise<string> {
  const clientId = String(details.params.client_id)
  const grant = new provider.Grant({ accountId: userId, clientId })
  const scope = param(details, 'scope') ?? 'openid'
  grant.addOIDCScope(scope)
  const resource = details.params.resource
  const resources = Array.isArray(resource)
    ? resource
    : [typeof resource === 'string' ? resource : DEFAULT_RESOURCE]
  for (const r of resources) grant.addResourceScope(String(r), scope)
  const grantId = await grant.save()
  saveGrantContext(ctx.db, { grantId, clientId, userId, ...chosen })
  return grantId
}

/**
 * Completes the login interaction: records the grant (unless a third-party client must
 * show its consent screen first), emits `user.login` and redirects back to the
 * authorization endpoint with `amr: [connection id]`.
 */
export async function completeLogin(
  ctx: EmulatorContext,
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: InteractionDetails,
  choice: LoginChoice,
): Promise<void> {
  const chosen = resolveOrganization(ctx, details, choice)
  const clientId = String(details.params.client_id)
  const firstParty = findClient(ctx.db, clientId)?.firstParty ?? true
  const grantId = firstParty
    ? await grantRequestedScopes(ctx, provider, details, choice.userId, chosen)
    : undefined
  const now = new Date(ctx.now()).toISOString()
  ctx.db
    .prepare(`UPDATE users SET data = json_set(data, '$.last_login_time', ?) WHERE id = ?`)
    .run(now, choice.userId)
  ctx.events.emit(
    'user.login',
    {
      user_id: choice.userId,
      organization_id: chosen.organizationId,
      connection_id: chosen.connectionId,
      client_id: clientId,
    },
    { organizationId: chosen.organizationId },
  )
  await provider.interactionFinished(
    req,
    res,
    {
      login: {
        accountId: choice.userId,
        ...(chosen.connectionId ? { amr: [chosen.connectionId] } : {}),
      },
      ...(grantId ? { consent: { grantId } } : {}),
    },
    { mergeWithLastSubmission: false },
  )
}
