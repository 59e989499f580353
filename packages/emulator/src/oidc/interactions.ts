import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { readForm, sendHtml } from '../http/index.js'
import { codePage } from '../ui/login/code-page.js'
import { interactionErrorPage } from '../ui/login/consent-page.js'
import { socialPage } from '../ui/login/social-page.js'
import { ssoPage } from '../ui/login/sso-page.js'
import { EMAIL_MAX_LENGTH, emailProblem } from '../util/email.js'
import { findUserById, listLoginUsers } from './account.js'
import { completeLogin } from './complete-login.js'
import {
  environmentConnections,
  findConnection,
  isSsoConnection,
  organizationForEmailDomain,
  organizationName,
  SOCIAL_PROVIDERS,
  ssoConnectionOfOrganization,
} from './connections.js'
import { handleConsent } from './consent.js'
import { completeImpersonation } from './impersonation.js'
import { param, redirect, type Step, showLogin } from './interaction-step.js'
import { ensureMembership, ensureUser } from './jit.js'
import { type InteractionDetails, LoginRefused } from './organization-resolution.js'
import { organizationStep } from './organization-step.js'
import { pendingCodeEmail, sendLoginCode, verifyLoginCode } from './passwordless.js'

const PATH =
  /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|email|sso|code|social|consent|organization|abort))?\/?$/
/** What the pages say about an email the user typed (util/email.ts checks it). */
const EMAIL_ERRORS = {
  too_long: `An email address has at most ${EMAIL_MAX_LENGTH} characters.`,
  invalid: 'Enter a valid email address.',
} as const
const FORM_LIMIT = 64 * 1024

/**
 * Serves the login pages under `/interaction/<uid>` (oidc-provider's interaction URL):
 * the login page, the emulated SSO IdP, the passwordless code page, the social account
 * picker, the organization picker, consent for third-party clients and cancel. Returns
 * false for other paths.
 */
export async function handleInteraction(
  ctx: EmulatorContext,
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const match = PATH.exec(url.pathname)
  if (!match) return false
  const [, uid, action = 'start'] = match
  const method = req.method ?? 'GET'
  const isPost = method === 'POST'
  const allowed =
    action === 'start' ||
    action === 'sso' ||
    action === 'code' ||
    action === 'social' ||
    action === 'organization'
      ? ['GET', 'POST']
      : ['POST']
  if (!allowed.includes(method) || (action === 'start' && isPost)) {
    sendHtml(res, 405, interactionErrorPage('This page does not accept that request method.'), {
      allow: allowed.join(', '),
    })
    return true
  }
  let details: InteractionDetails
  try {
    details = await provider.interactionDetails(req, res)
  } catch {
    sendHtml(
      res,
      400,
      interactionErrorPage('This sign-in attempt has expired or was already used.'),
    )
    return true
  }
  if (details.uid !== uid) {
    sendHtml(
      res,
      400,
      interactionErrorPage('This sign-in link does not belong to your current sign-in attempt.'),
    )
    return true
  }
  const form = isPost ? await readForm(req, { limit: FORM_LIMIT }) : new URLSearchParams()
  const step: Step = { ctx, provider, req, res, url, details, form }
  try {
    if (action === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the user cancelled the sign-in' },
        { mergeWithLastSubmission: false },
      )
      return true
    }
    if (details.prompt.name === 'consent' && (action === 'start' || action === 'consent')) {
      return await handleConsent(step, action)
    }
    switch (action) {
      case 'start':
        // A console-started impersonation signs in without the login page.
        return (await completeImpersonation(step)) || startLogin(step)
      case 'login':
        return await quickLogin(step)
      case 'email':
        return await emailContinue(step)
      case 'sso':
        return await ssoStep(step, isPost)
      case 'code':
        return await codeStep(step, isPost)
      case 'social':
        return await socialStep(step, isPost)
      case 'organization':
        return await organizationStep(step, isPost)
      default:
        return showLogin(step, 'That step is not available now.', 400)
    }
  } catch (error) {
    if (error instanceof LoginRefused) return showLogin(step, error.message, 403)
    throw error
  }
}

/** First screen: jumps straight to SSO, social or the login page depending on the request. */
function startLogin(step: Step): boolean {
  const { ctx, details } = step
  const base = `/interaction/${details.uid}`
  const connParam = param(details, 'connection_id')
  if (connParam) {
    const conn = findConnection(ctx.db, connParam)
    if (!conn?.enabled)
      return showLogin(step, 'The requested connection does not exist or is disabled.', 400)
    if (isSsoConnection(conn))
      return redirect(step, `${base}/sso?connection_id=${encodeURIComponent(conn.id)}`)
    const social = Object.entries(SOCIAL_PROVIDERS).find(
      ([, p]) => p.connectionProvider === conn.provider,
    )
    if (conn.type === 'OAUTH' && social)
      return redirect(step, `${base}/social?provider=${social[0]}`)
    return showLogin(step)
  }
  const provider = param(details, 'provider')?.toLowerCase()
  if (provider) {
    if (!SOCIAL_PROVIDERS[provider]) return showLogin(step, 'Unknown sign-in provider.', 400)
    return redirect(step, `${base}/social?provider=${provider}`)
  }
  const domainHint = param(details, 'domain_hint')
  if (domainHint) {
    const org = organizationForEmailDomain(ctx.db, domainHint)
    const conn = org ? ssoConnectionOfOrganization(ctx.db, org) : undefined
    if (conn) return redirect(step, `${base}/sso?connection_id=${encodeURIComponent(conn.id)}`)
  }
  const orgParam = param(details, 'organization_id')
  if (orgParam && !organizationName(ctx.db, orgParam))
    return showLogin(step, 'The requested organization does not exist.', 400)
  return showLogin(step)
}

async function quickLogin(step: Step): Promise<boolean> {
  const userId = step.form.get('user_id') ?? ''
  const user = userId ? findUserById(step.ctx.db, userId) : undefined
  if (!user) return showLogin(step, 'Unknown account.', 400)
  await completeLogin(step.ctx, step.provider, step.req, step.res, step.details, {
    userId: user.id,
  })
  return true
}

/** "Continue" with an email: SSO when the domain belongs to an organization, else a code. */
async function emailContinue(step: Step): Promise<boolean> {
  const { ctx, details } = step
  const email = (step.form.get('email') ?? '').trim()
  const problem = emailProblem(email)
  if (problem) return showLogin(step, EMAIL_ERRORS[problem], 400)
  const org = organizationForEmailDomain(ctx.db, email)
  const conn = org ? ssoConnectionOfOrganization(ctx.db, org) : undefined
  const base = `/interaction/${details.uid}`
  if (conn)
    return redirect(
      step,
      `${base}/sso?connection_id=${encodeURIComponent(conn.id)}&email=${encodeURIComponent(email)}`,
    )
  sendLoginCode(ctx, details.uid, email)
  return redirect(step, `${base}/code`)
}

async function ssoStep(step: Step, isPost: boolean): Promise<boolean> {
  const { ctx, details } = step
  const source = isPost ? step.form : step.url.searchParams
  const connId = source.get('connection_id') ?? param(details, 'connection_id') ?? ''
  const conn = findConnection(ctx.db, connId)
  if (!conn?.enabled || !isSsoConnection(conn) || !conn.organizationId) {
    return showLogin(step, 'That SSO connection does not exist or is disabled.', 400)
  }
  const model = {
    uid: details.uid,
    connectionId: conn.id,
    connectionLabel: conn.label,
    provider: conn.provider,
    organizationName: organizationName(ctx.db, conn.organizationId) ?? conn.organizationId,
    email: source.get('email') ?? param(details, 'login_hint'),
  }
  if (!isPost) {
    sendHtml(step.res, 200, ssoPage(model))
    return true
  }
  const email = (step.form.get('email') ?? '').trim()
  const problem = emailProblem(email)
  if (problem) {
    sendHtml(step.res, 400, ssoPage({ ...model, error: EMAIL_ERRORS[problem] }))
    return true
  }
  const user = ensureUser(ctx, email)
  ensureMembership(ctx, user.id, conn.organizationId)
  await completeLogin(ctx, step.provider, step.req, step.res, details, {
    userId: user.id,
    organizationId: conn.organizationId,
    connectionId: conn.id,
  })
  return true
}

const CODE_ERRORS = {
  missing: 'No code is pending for this sign-in. Request a new code.',
  expired: 'The code has expired. Request a new code.',
  wrong: 'That code is not correct.',
  too_many_attempts: 'Too many wrong codes. Request a new code.',
} as const

async function codeStep(step: Step, isPost: boolean): Promise<boolean> {
  const { ctx, details } = step
  const email = pendingCodeEmail(ctx, details.uid)
  if (!email) return showLogin(step, CODE_ERRORS.missing, 400)
  if (!isPost) {
    sendHtml(step.res, 200, codePage({ uid: details.uid, email }))
    return true
  }
  const result = verifyLoginCode(ctx, details.uid, step.form.get('code') ?? '')
  if (!result.ok) {
    sendHtml(
      step.res,
      result.reason === 'wrong' ? 400 : 429,
      codePage({ uid: details.uid, email, error: CODE_ERRORS[result.reason] }),
    )
    return true
  }
  const user = ensureUser(ctx, result.email)
  const conn = environmentConnections(ctx.db, 'PASSWORDLESS')[0]
  await completeLogin(ctx, step.provider, step.req, step.res, details, {
    userId: user.id,
    connectionId: conn?.id ?? null,
  })
  return true
}

async function socialStep(step: Step, isPost: boolean): Promise<boolean> {
  const { ctx, details } = step
  const source = isPost ? step.form : step.url.searchParams
  const provider = (source.get('provider') ?? '').toLowerCase()
  const social = SOCIAL_PROVIDERS[provider]
  if (!social) return showLogin(step, 'Unknown sign-in provider.', 400)
  const conn = environmentConnections(ctx.db, 'OAUTH').find(
    (c) => c.provider === social.connectionProvider,
  )
  const model = {
    uid: details.uid,
    provider,
    label: social.label,
    accounts: listLoginUsers(ctx.db, undefined, 10),
    email: param(details, 'login_hint'),
  }
  if (!isPost) {
    sendHtml(step.res, 200, socialPage(model))
    return true
  }
  const email = (step.form.get('email') ?? '').trim()
  const problem = emailProblem(email)
  if (problem) {
    sendHtml(step.res, 400, socialPage({ ...model, error: EMAIL_ERRORS[problem] }))
    return true
  }
  const user = ensureUser(ctx, email)
  await completeLogin(ctx, step.provider, step.req, step.res, details, {
    userId: user.id,
    connectionId: conn?.id ?? null,
  })
  return true
}
