import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { recordLastLogin } from '../store/users.js'
import { findClient } from './clients.js'
import { saveGrantActor } from './grant-actors.js'
import { saveGrantContext } from './grant-context.js'
import { askForOrganization, clearOrganizationChoice } from './organization-choice-store.js'
import {
  type InteractionDetails,
  type LoginChoice,
  organizationsToOffer,
  resolveOrganization,
} from './organization-resolution.js'
import { DEFAULT_RESOURCE } from './provider.js'

const param = (details: InteractionDetails, name: string): string | undefined => {
  const value = details.params[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
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
 * authorization endpoint with `amr: [connection id]`. A first-party login of a user with
 * several organizations, none implied by the request, first goes to the "Choose an
 * organization" page (third-party clients choose after their consent page, where the
 * grant is made).
 */
export async function completeLogin(
  ctx: EmulatorContext,
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: InteractionDetails,
  choice: LoginChoice,
): Promise<void> {
  const clientId = String(details.params.client_id)
  const firstParty = findClient(ctx.db, clientId)?.firstParty ?? true
  if (firstParty && organizationsToOffer(ctx, details, choice)) {
    askForOrganization(ctx, res, details.uid, {
      userId: choice.userId,
      connectionId: choice.connectionId ?? null,
    })
    return
  }
  const chosen = resolveOrganization(ctx, details, choice)
  clearOrganizationChoice(ctx, details.uid)
  const grantId = firstParty
    ? await grantRequestedScopes(ctx, provider, details, choice.userId, chosen)
    : undefined
  if (grantId && choice.actorId) saveGrantActor(ctx, grantId, choice.actorId)
  const now = new Date(ctx.now()).toISOString()
  recordLastLogin(ctx.db, choice.userId, now)
  ctx.events.emit(
    'user.login',
    {
      user_id: choice.userId,
      organization_id: chosen.organizationId,
      connection_id: chosen.connectionId,
      client_id: clientId,
      // An impersonated sign-in says who signed in as the user (the admin's id).
      ...(choice.actorId ? { actor_id: choice.actorId } : {}),
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
