import { sendHtml } from '../http/index.js'
import { consentPage } from '../ui/login/consent-page.js'
import { findClient } from './clients.js'
import { grantRequestedScopes } from './complete-login.js'
import { findConnection, isSsoConnection } from './connections.js'
import { param, type Step, showLogin } from './interaction-step.js'
import { askForOrganization } from './organization-choice-store.js'
import {
  type LoginChoice,
  organizationsToOffer,
  resolveOrganization,
} from './organization-resolution.js'

/**
 * Consent for an already signed-in user: first-party clients are granted at once (the
 * hosted service shows no consent screen to its own applications); third-party clients
 * get an Allow / Deny page. A user with several organizations, none implied by the
 * request or the session's SSO connection, then chooses one (organization-step.ts).
 */
export async function handleConsent(step: Step, action: string): Promise<boolean> {
  const { ctx, details } = step
  const clientId = String(details.params.client_id)
  const client = findClient(ctx.db, clientId)
  const accountId = details.session?.accountId
  if (!accountId) return showLogin(step, 'Sign in first.', 400)
  if (client && !client.firstParty && action !== 'consent') {
    sendHtml(
      step.res,
      200,
      consentPage({
        uid: details.uid,
        clientName: client.data.name ?? clientId,
        scopes: (param(details, 'scope') ?? 'openid').split(' '),
      }),
    )
    return true
  }
  const choice = sessionChoice(step, accountId)
  if (organizationsToOffer(ctx, details, choice)) {
    askForOrganization(ctx, step.res, details.uid, {
      userId: accountId,
      connectionId: choice.connectionId ?? null,
    })
    return true
  }
  await finishConsent(step, choice)
  return true
}

/**
 * What the browser session brings to a new grant: its SSO connection (and that
 * connection's organization) carries over only when it belongs to the organization this
 * request asks for, or none is asked for.
 */
function sessionChoice(step: Step, accountId: string): LoginChoice {
  const { ctx, details } = step
  const amr = details.session?.amr
  const conn =
    Array.isArray(amr) && typeof amr[0] === 'string' ? findConnection(ctx.db, amr[0]) : undefined
  const requested = param(details, 'organization_id')
  const ssoOrg = conn && isSsoConnection(conn) ? conn.organizationId : null
  const keepsConnection = !requested || !ssoOrg || ssoOrg === requested
  return {
    userId: accountId,
    organizationId: keepsConnection ? ssoOrg : null,
    connectionId: keepsConnection ? (conn?.id ?? null) : null,
  }
}

/**
 * Records the grant of a consent interaction for `choice` (organization decided by the
 * request, the session or the user's pick) and returns to the authorization endpoint.
 */
export async function finishConsent(step: Step, choice: LoginChoice): Promise<void> {
  const { ctx, details, provider } = step
  const chosen = resolveOrganization(ctx, details, choice)
  const grantId = await grantRequestedScopes(ctx, provider, details, choice.userId, chosen)
  await provider.interactionFinished(
    step.req,
    step.res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  )
}
