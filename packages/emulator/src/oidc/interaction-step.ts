import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { sendHtml, sendRedirect } from '../http/index.js'
import { loginPage } from '../ui/login/login-page.js'
import { listLoginUsers } from './account.js'
import { findClient } from './clients.js'
import {
  environmentConnections,
  findConnection,
  organizationName,
  SOCIAL_PROVIDERS,
} from './connections.js'
import type { InteractionDetails } from './organization-resolution.js'

/** What one interaction request needs. */
export interface Step {
  ctx: EmulatorContext
  provider: Provider
  req: IncomingMessage
  res: ServerResponse
  url: URL
  details: InteractionDetails
  form: URLSearchParams
}

/** A string authorize parameter of the interaction, or undefined. */
export const param = (details: InteractionDetails, name: string): string | undefined => {
  const v = details.params[name]
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

/** Renders the login page (users filtered to the requested organization). */
export function showLogin(step: Step, error?: string, status = 200): boolean {
  const { ctx, details } = step
  const orgParam = param(details, 'organization_id')
  const connParam = param(details, 'connection_id')
  const orgId =
    orgParam ??
    (connParam ? (findConnection(ctx.db, connParam)?.organizationId ?? undefined) : undefined)
  const client = findClient(ctx.db, String(details.params.client_id))
  const social = environmentConnections(ctx.db, 'OAUTH')
    .map((c) =>
      Object.entries(SOCIAL_PROVIDERS).find(([, p]) => p.connectionProvider === c.provider),
    )
    .filter((p): p is [string, { label: string; connectionProvider: string }] => Boolean(p))
    .map(([provider, p]) => ({ provider, label: p.label }))
  sendHtml(
    step.res,
    status,
    loginPage({
      uid: details.uid,
      clientName: client?.data.name ?? String(details.params.client_id),
      users: listLoginUsers(ctx.db, orgId),
      organizationName: orgId ? organizationName(ctx.db, orgId) : undefined,
      loginHint: param(details, 'login_hint'),
      socialProviders: orgId ? [] : social,
      error,
    }),
  )
  return true
}

/** 303 to another interaction page. */
export function redirect(step: Step, location: string): boolean {
  sendRedirect(step.res, location, 303)
  return true
}
