import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { importJWK, SignJWT } from 'jose'
import type { EmulatorContext } from '../context.js'
import {
  isRequestError,
  readBody,
  SAME_ORIGIN_FORM_HEADERS,
  sendHtml,
  sendJson,
  sendRedirect,
} from '../http/index.js'
import { listApplicationClientRows } from '../store/clients.js'
import { listOrganizationSsoConnectionIds } from '../store/connections.js'
import { idpInitiatePage } from '../ui/login/idp-initiate-page.js'
import { findClient } from './clients.js'
import {
  findConnection,
  isSsoConnection,
  organizationName,
  ssoConnectionOfOrganization,
} from './connections.js'
import type { SigningJwk } from './keys.js'

/** Path of the IdP-initiated login trigger (GET: form, POST: JSON or form). */
export const IDP_INITIATE_PATH = '/idp/initiate'

/** Lifetime of an `idp_initiated_login` token, seconds. */
export const IDP_INITIATED_TTL = 300

/** Input of the trigger. */
export interface IdpInitiatedInput {
  connection_id?: string
  organization_id?: string
  login_hint?: string
  relay_state?: string
  client_id?: string
}

class TriggerError extends Error {}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : undefined

/**
 * Mints the short-lived signed `idp_initiated_login` JWT (claims `connection_id`,
 * `organization_id`, `login_hint`, `relay_state`; iss = issuer, aud = client id) and the
 * URL of the application's `initiate_login_uri` carrying it.
 */
export async function mintIdpInitiatedLogin(
  ctx: EmulatorContext,
  key: SigningJwk,
  input: IdpInitiatedInput,
): Promise<{ url: string; token: string }> {
  let connectionId = str(input.connection_id)
  let organizationId = str(input.organization_id)
  if (!connectionId && !organizationId)
    throw new TriggerError('connection_id or organization_id is required')
  if (connectionId) {
    const conn = findConnection(ctx.db, connectionId)
    if (!conn) throw new TriggerError(`connection ${connectionId} does not exist`)
    if (!isSsoConnection(conn))
      throw new TriggerError(`connection ${connectionId} is not an organization SSO connection`)
    if (organizationId && conn.organizationId !== organizationId) {
      throw new TriggerError('connection_id does not belong to organization_id')
    }
    organizationId = conn.organizationId ?? undefined
  } else if (organizationId) {
    if (!organizationName(ctx.db, organizationId))
      throw new TriggerError(`organization ${organizationId} does not exist`)
    connectionId = ssoConnectionOfOrganization(ctx.db, organizationId)?.id
  }
  const clientId = str(input.client_id) ?? defaultApplicationClient(ctx)
  const client = clientId ? findClient(ctx.db, clientId) : undefined
  if (client?.kind !== 'application')
    throw new TriggerError('client_id must name an application client')
  const target = str(client.data.initiate_login_uri) ?? client.data.redirect_uris?.[0]
  if (!target) throw new TriggerError('the application has no initiate_login_uri or redirect URI')
  const nowSec = Math.floor(ctx.now() / 1000)
  const token = await new SignJWT({
    connection_id: connectionId ?? null,
    organization_id: organizationId ?? null,
    login_hint: str(input.login_hint) ?? null,
    relay_state: str(input.relay_state) ?? null,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setAudience(client.clientId)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + IDP_INITIATED_TTL)
    .setJti(randomUUID())
    .sign(await importJWK(key, key.alg))
  const url = new URL(target)
  url.searchParams.set('idp_initiated_login', token)
  return { url: url.href, token }
}

function defaultApplicationClient(ctx: EmulatorContext): string | undefined {
  return listApplicationClientRows(ctx.db)[0]?.client_id
}

/**
 * Serves `/idp/initiate`: GET shows the trigger form; POST with JSON answers
 * `{ url, token }`; POST with a form redirects (303) to the application.
 */
export async function handleIdpInitiated(
  ctx: EmulatorContext,
  key: () => SigningJwk,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method === 'GET') {
    sendHtml(res, 200, idpInitiatePage(triggerModel(ctx)), SAME_ORIGIN_FORM_HEADERS)
    return
  }
  if (req.method !== 'POST') {
    sendJson(
      res,
      405,
      { error: 'invalid_request', error_description: 'use GET or POST' },
      { allow: 'GET, POST' },
    )
    return
  }
  const isJson = /^application\/json\b/i.test(req.headers['content-type'] ?? '')
  let input: IdpInitiatedInput
  try {
    const raw = (await readBody(req, { limit: 64 * 1024 })).toString('utf8')
    input = isJson
      ? parseJson(raw)
      : (Object.fromEntries(new URLSearchParams(raw)) as IdpInitiatedInput)
    const minted = await mintIdpInitiatedLogin(ctx, key(), input)
    if (isJson) sendJson(res, 200, minted)
    else sendRedirect(res, minted.url, 303)
  } catch (error) {
    if (!(error instanceof TriggerError) && !isRequestError(error)) throw error
    const status = isRequestError(error) ? error.status : 400
    if (isJson)
      sendJson(res, status, { error: 'invalid_request', error_description: error.message })
    else
      sendHtml(
        res,
        status,
        idpInitiatePage({ ...triggerModel(ctx), error: error.message }),
        SAME_ORIGIN_FORM_HEADERS,
      )
  }
}

function parseJson(raw: string): IdpInitiatedInput {
  let value: unknown
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw)
  } catch {
    throw new TriggerError('request body is not valid JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new TriggerError('request body must be a JSON object')
  return value as IdpInitiatedInput
}

function triggerModel(ctx: EmulatorContext) {
  const connections = listOrganizationSsoConnectionIds(ctx.db)
    .map((id) => findConnection(ctx.db, id))
    .filter((c) => c !== undefined)
    .map((c) => ({
      id: c.id,
      label: c.label,
      organizationName: organizationName(ctx.db, c.organizationId ?? '') ?? '',
    }))
  const clients = listApplicationClientRows(ctx.db).map((r) => ({
    clientId: r.client_id,
    name: findClient(ctx.db, r.client_id)?.data.name ?? r.client_id,
  }))
  return { connections, clients }
}
