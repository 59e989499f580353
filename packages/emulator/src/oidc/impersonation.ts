import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import { isRequestError, readBody, sendHtml, sendJson, sendRedirect } from '../http/index.js'
import { listApplicationClientRows } from '../store/clients.js'
import { insertImpersonationTicket, useImpersonationTicket } from '../store/impersonations.js'
import { interactionErrorPage } from '../ui/login/consent-page.js'
import { findMembership, findUserById, listMemberships } from './account.js'
import { findClient } from './clients.js'
import { completeLogin } from './complete-login.js'
import { mintIdpInitiatedLogin } from './idp-initiated.js'
import type { Step } from './interaction-step.js'
import type { SigningJwk } from './keys.js'

/**
 * The console's "Impersonate" action (POST, form or JSON). A write from a page of
 * another origin is refused by the local guard, like the IdP-initiated trigger.
 */
export const IMPERSONATE_PATH = '/impersonate'

/** How long a started impersonation waits for the application's login, seconds. */
export const IMPERSONATION_TTL = 300

/** What the console (or a test) asks for. */
export interface ImpersonationInput {
  /** The user to sign in as. */
  user_id?: string
  /** The admin who acts; becomes `act.sub` in the access tokens. */
  actor_id?: string
  /** One of the user's organizations (default: the user's first). */
  organization_id?: string
  /** A first-party application client (default: the first application). */
  client_id?: string
}

class ImpersonationRefused extends Error {}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : undefined

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex')

/** Name of the ticket cookie (per port, like oidc-provider's cookies). */
function ticketCookie(ctx: EmulatorContext): string {
  return `kit_op_${new URL(ctx.issuer).port || '80'}_impersonation`
}

/**
 * Starts an impersonated session: records a one-time ticket for (user, actor,
 * organization, client), hands it to this browser in an HttpOnly cookie, ends the
 * browser's own emulator session (so the next authorization request asks for a login
 * instead of reusing the admin's session) and sends the browser to the application
 * through an IdP-initiated login for the user's organization. The application starts an
 * ordinary authorization request; its login step finds the ticket and signs the user in
 * with the actor recorded on the grant.
 */
export async function handleImpersonation(
  ctx: EmulatorContext,
  key: () => SigningJwk,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(
      res,
      405,
      { error: 'invalid_request', error_description: 'use POST' },
      { allow: 'POST' },
    )
    return
  }
  const isJson = /^application\/json\b/i.test(req.headers['content-type'] ?? '')
  try {
    const raw = (await readBody(req, { limit: 16 * 1024 })).toString('utf8')
    const input: ImpersonationInput = isJson
      ? parseJson(raw)
      : Object.fromEntries(new URLSearchParams(raw))
    const plan = checkInput(ctx, input)
    const minted = await mintIdpInitiatedLogin(ctx, key(), {
      organization_id: plan.organizationId,
      client_id: plan.clientId,
      login_hint: plan.userEmail,
    }).catch((error: unknown) => {
      // The trigger's own refusals (no initiate_login_uri or redirect URI): a 400, no ticket.
      throw new ImpersonationRefused((error as Error).message)
    })
    const ticket = saveTicket(ctx, plan)
    res.setHeader('set-cookie', [
      `${ticketCookie(ctx)}=${ticket}; Path=/; Max-Age=${IMPERSONATION_TTL}; HttpOnly; SameSite=Lax`,
      ...endBrowserSession(ctx),
    ])
    if (isJson) sendJson(res, 200, { url: minted.url })
    else sendRedirect(res, minted.url, 303)
  } catch (error) {
    if (!(error instanceof ImpersonationRefused) && !isRequestError(error)) throw error
    const status = isRequestError(error) ? error.status : 400
    if (isJson) {
      sendJson(res, status, { error: 'invalid_request', error_description: error.message })
    } else {
      sendHtml(res, status, interactionErrorPage(`Cannot impersonate: ${error.message}`))
    }
  }
}

function parseJson(raw: string): ImpersonationInput {
  let value: unknown
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw)
  } catch {
    throw new ImpersonationRefused('request body is not valid JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ImpersonationRefused('request body must be a JSON object')
  return value as ImpersonationInput
}

/** Who, by whom, where: validated against the data before anything is recorded. */
interface ImpersonationPlan {
  userId: string
  userEmail: string
  actorId: string
  organizationId: string
  clientId: string
}

function checkInput(ctx: EmulatorContext, input: ImpersonationInput): ImpersonationPlan {
  const userId = str(input.user_id)
  const actorId = str(input.actor_id)
  if (!userId || !actorId) throw new ImpersonationRefused('user_id and actor_id are required')
  const user = findUserById(ctx.db, userId)
  if (!user) throw new ImpersonationRefused(`user ${userId} does not exist`)
  if (!findUserById(ctx.db, actorId))
    throw new ImpersonationRefused(`acting user ${actorId} does not exist`)
  if (actorId === userId) throw new ImpersonationRefused('a user cannot impersonate themself')
  const organizationId =
    str(input.organization_id) ?? listMemberships(ctx.db, userId)[0]?.organizationId
  if (!organizationId)
    throw new ImpersonationRefused(`user ${userId} belongs to no organization to sign in to`)
  if (!findMembership(ctx.db, userId, organizationId))
    throw new ImpersonationRefused(`user ${userId} is not a member of ${organizationId}`)
  const clientId = str(input.client_id) ?? firstApplication(ctx)
  const client = clientId ? findClient(ctx.db, clientId) : undefined
  if (client?.kind !== 'application' || !client.firstParty)
    throw new ImpersonationRefused('client_id must name a first-party application client')
  return { userId, userEmail: user.email, actorId, organizationId, clientId: client.clientId }
}

/** Records a one-time ticket for `plan`; returns the ticket (only its hash is stored). */
function saveTicket(ctx: EmulatorContext, plan: ImpersonationPlan): string {
  const value = randomBytes(32).toString('base64url')
  insertImpersonationTicket(
    ctx.db,
    hash(value),
    {
      user_id: plan.userId,
      actor_id: plan.actorId,
      organization_id: plan.organizationId,
      client_id: plan.clientId,
    },
    Math.floor(ctx.now() / 1000) + IMPERSONATION_TTL,
  )
  return value
}

function firstApplication(ctx: EmulatorContext): string | undefined {
  return listApplicationClientRows(ctx.db)[0]?.client_id
}

/** `Set-Cookie` values deleting the browser's emulator session (oidc-provider's cookie and its signature). */
function endBrowserSession(ctx: EmulatorContext): string[] {
  const name = `kit_op_${new URL(ctx.issuer).port || '80'}`
  return [name, `${name}.sig`].map(
    (n) => `${n}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`,
  )
}

/**
 * The login step of an impersonation: when the browser carries a live ticket for this
 * client, signs the user in (their organization, the actor recorded on the grant) and
 * returns true; otherwise false and the normal login page follows. A ticket works once,
 * for five minutes, in the browser that started it.
 */
export async function completeImpersonation(step: Step): Promise<boolean> {
  const { ctx, req, res, details } = step
  const name = ticketCookie(ctx)
  const value = readCookie(req, name)
  if (!value) return false
  const now = Math.floor(ctx.now() / 1000)
  const row = useImpersonationTicket(ctx.db, hash(value), now, String(details.params.client_id))
  res.appendHeader('set-cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`)
  if (!row) return false
  if (!findMembership(ctx.db, row.user_id, row.organization_id)) {
    sendHtml(res, 403, interactionErrorPage('The user left the organization: impersonation ended.'))
    return true
  }
  await completeLogin(ctx, step.provider, req, res, details, {
    userId: row.user_id,
    organizationId: row.organization_id,
    actorId: row.actor_id,
  })
  return true
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=') || undefined
  }
  return undefined
}
