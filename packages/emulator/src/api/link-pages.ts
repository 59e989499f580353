import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import { html, readForm, sendHtml, sendRedirect } from '../http/index.js'
import { findConnectedAccountRow, updateConnectedAccountData } from '../store/connected-accounts.js'
import { listDomainRows, listOrganizationConnectionRows } from '../store/connections.js'
import { listDirectoryRows } from '../store/directories.js'
import { findOrganizationRow } from '../store/organizations.js'
import {
  deletePageLinkRow,
  findPageLinkRow,
  insertPageLinkRow,
  type PageLinkRow,
} from '../store/page-links.js'
import { isoTime } from '../util/clock.js'
import { data, type Json, nowIso } from './common.js'
import type { AccountRow } from './connected-accounts.js'

/** Lifetime of a portal link. */
const PORTAL_TTL_MS = 7 * 24 * 3600 * 1000
/** Lifetime of a connected-account magic link. */
const CONNECT_TTL_MS = 3600 * 1000

type LinkRow = PageLinkRow

/** Creates an admin-portal link for an organization: `{issuer}/portal/{token}`. */
export function createPortalLink(
  ctx: EmulatorContext,
  organizationId: string,
  features: string[],
): Json {
  const token = randomBytes(24).toString('base64url')
  const id = ctx.newId('lnk')
  const expires = ctx.now() + PORTAL_TTL_MS
  insertPageLinkRow(ctx.db, {
    token,
    kind: 'portal',
    id,
    organization_id: organizationId,
    data: JSON.stringify({ features }),
    expires_at: expires,
  })
  return { id, location: `${ctx.issuer}/portal/${token}`, expire_time: isoTime(expires) }
}

/** Creates a connect link for a connected account: `{issuer}/connect/{token}`. */
export function createConnectLink(
  ctx: EmulatorContext,
  account: AccountRow,
  opts: { state?: string; user_verify_url?: string },
): Json {
  const token = randomBytes(24).toString('base64url')
  const expires = ctx.now() + CONNECT_TTL_MS
  insertPageLinkRow(ctx.db, {
    token,
    kind: 'connect',
    id: account.id,
    organization_id: account.organization_id,
    data: JSON.stringify(opts),
    expires_at: expires,
  })
  return { link: `${ctx.issuer}/connect/${token}`, expiry: isoTime(expires) }
}

function loadLink(ctx: EmulatorContext, kind: string, token: string): LinkRow | undefined {
  const row = findPageLinkRow(ctx.db, token, kind)
  return row && row.expires_at > ctx.now() ? row : undefined
}

function page(title: string, body: unknown) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`
}

function portalPage(ctx: EmulatorContext, res: ServerResponse, link: LinkRow): void {
  const org = link.organization_id ? findOrganizationRow(ctx.db, link.organization_id) : undefined
  if (!org) {
    sendHtml(res, 404, page('Link not found', html`<p>This organization no longer exists.</p>`))
    return
  }
  const features = (data(link).features as string[] | undefined) ?? []
  const connections = listOrganizationConnectionRows(ctx.db, org.id)
  const domains = listDomainRows(ctx.db, org.id)
  const directories = listDirectoryRows(ctx.db, org.id)
  const name = String(data(org).display_name ?? org.id)
  sendHtml(
    res,
    200,
    page(
      `Admin portal: ${name}`,
      html`<p data-organization-id="${org.id}">Organization <strong>${name}</strong> (${org.id})</p>
<p>Features: ${features.length > 0 ? features.join(', ') : 'sso, dir_sync'}</p>
<section aria-label="SSO connections"><h2>SSO connections</h2><ul>${connections.map(
        (c) =>
          html`<li>${c.type} ${c.provider} (${c.id}): ${c.enabled ? 'enabled' : 'disabled'}</li>`,
      )}</ul></section>
<section aria-label="Domains"><h2>Domains</h2><ul>${domains.map((d) => html`<li>${d.domain}</li>`)}</ul></section>
<section aria-label="Directories"><h2>Directories</h2><ul>${directories.map(
        (d) => html`<li>${d.id}: ${d.enabled ? 'enabled' : 'disabled'}</li>`,
      )}</ul></section>`,
    ),
  )
}

async function connectPage(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  link: LinkRow,
): Promise<void> {
  const account = findConnectedAccountRow(ctx.db, link.id)
  if (!account)
    return sendHtml(
      res,
      404,
      page('Link not found', html`<p>This connected account no longer exists.</p>`),
    )
  const opts = data(link) as { state?: string; user_verify_url?: string }
  if (req.method === 'POST') {
    await readForm(req)
    const stored = data(account)
    const now = nowIso(ctx)
    stored.status = 'ACTIVE'
    stored.updated_at = now
    if (
      !stored.authorization_details ||
      Object.keys(stored.authorization_details as Json).length === 0
    ) {
      stored.authorization_details = {
        oauth_token: {
          access_token: randomBytes(24).toString('base64url'),
          refresh_token: '',
          scopes: [],
          domain: '',
        },
      }
      if (stored.authorization_type === 'CONNECTION_TYPE_UNSPECIFIED')
        stored.authorization_type = 'OAUTH'
    }
    updateConnectedAccountData(ctx.db, account.id, JSON.stringify(stored))
    deletePageLinkRow(ctx.db, link.token)
    ctx.events.emit(
      'connected_account.updated',
      {
        id: account.id,
        connector: account.connector,
        identifier: account.identifier,
        status: 'ACTIVE',
      },
      { organizationId: account.organization_id },
    )
    if (opts.user_verify_url && /^https?:\/\//.test(opts.user_verify_url)) {
      const target = new URL(opts.user_verify_url)
      if (opts.state) target.searchParams.set('state', opts.state)
      return sendRedirect(res, target.toString(), 303)
    }
    return sendHtml(
      res,
      200,
      page(
        'Account connected',
        html`<p role="status">${account.connector} is connected for ${account.identifier}.</p>`,
      ),
    )
  }
  sendHtml(
    res,
    200,
    page(
      `Connect ${account.connector}`,
      html`<p>Authorize ${account.connector} for <strong>${account.identifier}</strong>.</p>
<form method="post"><button type="submit">Connect ${account.connector}</button></form>`,
    ),
  )
}

/**
 * Serves the pages behind the links the API hands out: `GET /portal/{token}` (admin
 * portal summary of the organization) and `GET|POST /connect/{token}` (authorize a
 * connected account). Unknown or expired tokens get a 404 page.
 */
export async function serveLinkPage(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const m = /^\/(portal|connect)\/([A-Za-z0-9_-]{10,100})$/.exec(url.pathname)
  const kind = url.pathname.startsWith('/portal/') ? 'portal' : 'connect'
  const method = req.method ?? 'GET'
  if (!m || !(method === 'GET' || method === 'HEAD' || (kind === 'connect' && method === 'POST'))) {
    sendHtml(res, m ? 405 : 404, page('Not found', html`<p>No such page.</p>`))
    return true
  }
  const link = loadLink(ctx, kind, m[2] as string)
  if (!link) {
    sendHtml(res, 404, page('Link expired or not found', html`<p>Ask for a new link.</p>`))
    return true
  }
  if (kind === 'portal') portalPage(ctx, res, link)
  else await connectPage(ctx, req, res, link)
  return true
}
