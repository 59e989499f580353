import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { EmulatorContext } from '../context.js'
import { findFirstEnabledEnvironmentConnectionRow } from '../store/connections.js'
import {
  findPasswordlessRequestRow,
  findPasswordlessRequestRowByLinkToken,
  insertPasswordlessRequestRow,
  markPasswordlessRequestVerified,
  type PasswordlessRequestRow,
  reissuePasswordlessRequest,
  setPasswordlessRequestAttempts,
} from '../store/passwordless-requests.js'
import { EMAIL_PATTERN } from '../util/email.js'
import type { ApiCall, HandlerTable } from './call.js'
import { type Json, nowIso } from './common.js'
import { ApiError, failedPrecondition, invalidField, notFound } from './errors.js'
import { input } from './validate.js'

const TEMPLATES = ['UNSPECIFIED', 'SIGNIN', 'SIGNUP'] as const
const EMAIL: [RegExp, string] = [EMAIL_PATTERN, 'must be an email address']
/** Wrong codes allowed before the request is locked. */
export const MAX_ATTEMPTS = 5
/** Resends allowed per request. */
export const MAX_RESENDS = 5
const DEFAULT_EXPIRES_IN = 300

type RequestRow = PasswordlessRequestRow

/**
 * The passwordless type: LINK_OTP when the caller gives a magic-link URI (the mail
 * carries both), OTP otherwise, unless an environment PASSWORDLESS connection pins
 * `passwordless_config.type`.
 */
function passwordlessType(ctx: EmulatorContext, magicLinkUri: string | undefined): string {
  const row = findFirstEnabledEnvironmentConnectionRow(ctx.db, 'PASSWORDLESS')
  const configured = row
    ? ((JSON.parse(row.data) as Json).passwordless_config as Json | undefined)?.type
    : undefined
  if (configured === 'OTP' || configured === 'LINK' || configured === 'LINK_OTP') {
    return configured !== 'OTP' && !magicLinkUri ? 'OTP' : configured
  }
  return magicLinkUri ? 'LINK_OTP' : 'OTP'
}

function issueCredentials(row: RequestRow): void {
  row.code = row.type === 'LINK' ? null : String(randomInt(0, 1_000_000)).padStart(6, '0')
  row.link_token = row.type === 'OTP' ? null : randomBytes(24).toString('base64url')
}

function deliver(ctx: EmulatorContext, row: RequestRow): void {
  const link =
    row.link_token && row.magiclink_auth_uri
      ? magicLink(row.magiclink_auth_uri, row.link_token)
      : null
  const lines = [
    row.code ? `Your verification code is ${row.code}.` : '',
    link ? `Sign in with this link: ${link}` : '',
  ]
  ctx.mailbox.send({
    to: row.email,
    kind: link ? 'magic_link' : 'passwordless_code',
    subject: row.template === 'SIGNUP' ? 'Finish signing up' : 'Your sign-in code',
    body: `${lines.filter(Boolean).join('\n')}\nIt expires in ${Math.round(row.expires_in / 60)} minutes.`,
    data: {
      code: row.code,
      link,
      link_token: row.link_token,
      auth_request_id: row.id,
      state: row.state,
    },
  })
}

function magicLink(base: string, token: string): string {
  const url = new URL(base)
  url.searchParams.set('link_token', token)
  return url.toString()
}

function sendResponse(row: RequestRow): Json {
  return {
    auth_request_id: row.id,
    expires_at: Math.floor(row.expires_at / 1000),
    expires_in: row.expires_in,
    passwordless_type: row.type,
  }
}

function send(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const email = body.str('email', { required: true, pattern: EMAIL, max: 320 }).toLowerCase()
  const template = body.enumOf('template', TEMPLATES) ?? 'SIGNIN'
  const uri = body.str('magiclink_auth_uri', { max: 2048 })
  if (uri) {
    let parsed: URL | undefined
    try {
      parsed = new URL(uri)
    } catch {}
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw invalidField('magiclink_auth_uri', 'must be an absolute http(s) URL')
    }
  }
  const expiresIn = body.int('expires_in', { min: 60, max: 86_400 }) ?? DEFAULT_EXPIRES_IN
  const variables = body.strMap('template_variables') ?? {}
  const row: RequestRow = {
    id: ctx.newId('pwl'),
    email,
    code: null,
    link_token: null,
    type: passwordlessType(ctx, uri),
    state: body.str('state', { max: 2048 }) ?? null,
    template,
    magiclink_auth_uri: uri ?? null,
    expires_in: expiresIn,
    expires_at: ctx.now() + expiresIn * 1000,
    attempts: 0,
    resend_count: 0,
    status: 'PENDING',
  }
  issueCredentials(row)
  insertPasswordlessRequestRow(ctx.db, row, JSON.stringify(variables), nowIso(ctx))
  deliver(ctx, row)
  return sendResponse(row)
}

function load(ctx: EmulatorContext, id: string): RequestRow {
  const row = findPasswordlessRequestRow(ctx.db, id)
  if (!row) throw notFound('auth request', id)
  return row
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Checks an OTP (with its `auth_request_id`) or a magic-link token. Each wrong code
 * counts; after {@link MAX_ATTEMPTS} the request is locked. Expired, locked or already
 * used requests are refused. Success marks the request used (one-time).
 */
function verify(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const code = body.str('code', { max: 64 })
  const linkToken = body.str('link_token', { max: 256 })
  const requestId = body.str('auth_request_id', { max: 100 })
  if (!code && !linkToken) throw invalidField('code', 'code or link_token is required')
  let row: RequestRow
  if (linkToken) {
    const found = findPasswordlessRequestRowByLinkToken(ctx.db, linkToken)
    if (!found || (requestId && found.id !== requestId))
      throw invalidField('link_token', 'is invalid')
    row = found
  } else {
    if (!requestId) throw invalidField('auth_request_id', 'is required with code')
    row = load(ctx, requestId)
  }
  if (row.status === 'VERIFIED')
    throw failedPrecondition('this passwordless request was already used')
  if (row.status === 'LOCKED')
    throw new ApiError(429, 'RESOURCE_EXHAUSTED', 'too many attempts; request a new code')
  if (ctx.now() >= row.expires_at)
    throw failedPrecondition('the passwordless code or link has expired')
  if (!linkToken) {
    if (!row.code || !sameCode(row.code, code as string)) {
      const attempts = row.attempts + 1
      const locked = attempts >= MAX_ATTEMPTS
      setPasswordlessRequestAttempts(ctx.db, row.id, attempts, locked ? 'LOCKED' : row.status)
      if (locked)
        throw new ApiError(429, 'RESOURCE_EXHAUSTED', 'too many attempts; request a new code')
      throw invalidField('code', `is incorrect (${MAX_ATTEMPTS - attempts} attempts left)`)
    }
  }
  markPasswordlessRequestVerified(ctx.db, row.id)
  return {
    email: row.email,
    state: row.state,
    template: row.template ?? 'SIGNIN',
    passwordless_type: row.type,
  }
}

/** Resends with fresh credentials and expiry (the previous code stops working). */
function resend(call: ApiCall): Json {
  const { ctx } = call
  const id = input(call.body).str('auth_request_id', { required: true, max: 100 })
  const row = load(ctx, id)
  if (row.status === 'VERIFIED')
    throw failedPrecondition('this passwordless request was already used')
  if (row.resend_count >= MAX_RESENDS)
    throw new ApiError(429, 'RESOURCE_EXHAUSTED', 'too many resends for this request')
  issueCredentials(row)
  row.expires_at = ctx.now() + row.expires_in * 1000
  row.resend_count += 1
  row.attempts = 0
  row.status = 'PENDING'
  reissuePasswordlessRequest(ctx.db, row)
  deliver(ctx, row)
  return sendResponse(row)
}

/** Passwordless email handlers by management method (send, verify, resend). */
export const passwordlessHandlers = {
  'passwordless.sendPasswordlessEmail': send,
  'passwordless.verifyPasswordlessEmail': verify,
  'passwordless.resendPasswordlessEmail': resend,
} satisfies HandlerTable
