import { sendHtml } from '../http/index.js'
import { consentPage } from '../ui/login/consent-page.js'
import { findClient } from './clients.js'
import { grantRequestedScopes, resolveOrganization } from './complete-login.js'
import { findConnection, isSsoConnection } from './connections.js'
import { param, type Step, showLogin } from './interaction-step.js'

/**
 * Consent for an already signed-in user: first-party clients are granted at once (the
 * hosted service shows no consent screen to its own applications); third-party clients
 * get an Allow / Deny page.
 */
export async function handleConsent(step: Step, action: string): Promise<boolean> {
  const { ctx, details, provider } = step
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
  const amr = details.session?.amr
  const conn =
    Array.isArray(amr) && typeof amr[0] === 'string' ? findConnection(ctx.db, amr[0]) : undefined
  // The session's SSO connection only carries over when it belongs to the organization
  // this request asks for (or none is asked for).
  const requested = param(details, 'organization_id')
  const ssoOrg = conn && isSsoConnection(conn) ? conn.organizationId : null
  const keepsConnection = !requested || !ssoOrg || ssoOrg === requested
  const chosen = resolveOrganization(ctx, details, {
    userId: accountId,
    organizationId: keepsConnection ? ssoOrg : null,
    connectionId: keepsConnection ? (conn?.id ?? null) : null,
  })
  const grantId = await grantRequestedScopes(ctx, provider, details, accountId, chosen)
  await provider.interactionFinished(
    step.req,
    step.res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  )
  return true
}
