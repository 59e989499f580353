import type { EmulatorContext, RouteModule } from '../../context.js'
import { html, type SafeHtml } from '../../http/html.js'
import { SAME_ORIGIN_FORM_HEADERS, sendHtml } from '../../http/send.js'
import { createMailbox } from '../../mailbox/mailbox.js'
import { mailTable } from '../../mailbox/page.js'
import { IDP_INITIATE_PATH } from '../../oidc/idp-initiated.js'
import { listDeliveries } from '../../server-data.js'
import { impersonationSection } from './impersonation-section.js'
import { layout } from './layout.js'
import {
  type ConnectionView,
  listClients,
  listConnections,
  listOrganizations,
  listUsers,
} from './queries.js'

/**
 * The console at `/`: organizations, users with their organizations and roles,
 * connections (with an IdP-initiated login button per SSO connection), webhook
 * deliveries and the latest mail. Everything shown is escaped.
 */
export function createConsole(ctx: EmulatorContext): RouteModule {
  const mailbox = createMailbox(ctx)
  return async (req, res, url) => {
    if (url.pathname !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return false
    sendHtml(
      res,
      200,
      layout('Console', renderConsole(ctx, mailbox.list().slice(0, 20))),
      SAME_ORIGIN_FORM_HEADERS,
    )
    return true
  }
}

function renderConsole(
  ctx: EmulatorContext,
  mail: ReturnType<ReturnType<typeof createMailbox>['list']>,
): SafeHtml {
  const { db } = ctx
  const orgs = listOrganizations(db)
  const users = listUsers(db)
  const connections = listConnections(db)
  const deliveries = listDeliveries(db, 50)
  const clients = listClients(db)
  return html`
<section aria-labelledby="env">
  <h2 id="env">Environment</h2>
  <p>Issuer <code>${ctx.issuer}</code> · discovery <a href="/.well-known/openid-configuration"><code>/.well-known/openid-configuration</code></a> · controls under <code>/_emulator/</code> (unauthenticated, local use only: JSON bodies, no requests from other origins)</p>
</section>
<section aria-labelledby="orgs">
  <h2 id="orgs">Organizations (${orgs.length})</h2>
  <table><thead><tr><th>Name</th><th>Id</th><th>External id</th><th>Domains</th><th>Members</th></tr></thead><tbody>
  ${orgs.map((o) => html`<tr><td>${o.display_name}</td><td class="mono">${o.id}</td><td class="mono">${o.external_id ?? ''}</td><td>${o.domains.join(', ')}</td><td>${o.members}</td></tr>`)}
  </tbody></table>
</section>
<section aria-labelledby="users">
  <h2 id="users">Users (${users.length})</h2>
  <table><thead><tr><th>Email</th><th>Name</th><th>Id</th><th>Organizations and roles</th></tr></thead><tbody>
  ${users.map(
    (u) =>
      html`<tr><td>${u.email}</td><td>${u.name}</td><td class="mono">${u.id}</td><td>${u.memberships.map(
        (m) =>
          html`<div>${m.organization}: ${m.roles.map((r) => html`<span class="pill">${r}</span>`)}</div>`,
      )}</td></tr>`,
  )}
  </tbody></table>
</section>
${impersonationSection(users, clients)}
<section aria-labelledby="conns">
  <h2 id="conns">Connections (${connections.length})</h2>
  <table><thead><tr><th>Title</th><th>Type</th><th>Provider</th><th>Organization</th><th>Id</th><th>Enabled</th><th></th></tr></thead><tbody>
  ${connections.map(connectionRow)}
  </tbody></table>
</section>
<section aria-labelledby="clients">
  <h2 id="clients">Clients (${clients.length})</h2>
  <table><thead><tr><th>Name</th><th>Client id</th><th>Kind</th><th>Redirect URIs</th></tr></thead><tbody>
  ${clients.map((c) => html`<tr><td>${c.name}</td><td class="mono">${c.client_id}</td><td>${c.kind}</td><td class="mono">${c.redirect_uris.map((u) => html`<div>${u}</div>`)}</td></tr>`)}
  </tbody></table>
</section>
<section aria-labelledby="hooks">
  <h2 id="hooks">Webhook deliveries (latest ${deliveries.length})</h2>
  ${
    deliveries.length === 0
      ? html`<p class="muted">No deliveries. Start with <code>--webhook-url</code> (or <code>webhookUrl</code>) to register an endpoint.</p>`
      : html`<table><thead><tr><th>Event</th><th>Endpoint</th><th>Status</th><th>Attempts</th><th>Last result</th><th>Message id</th><th>Updated</th></tr></thead><tbody>
  ${deliveries.map(
    (d) =>
      html`<tr><td class="mono">${d.event_type}</td><td class="mono">${d.endpoint_url}</td><td class="${statusClass(String(d.status))}">${d.status}</td><td>${d.attempts}</td><td>${d.last_status ?? ''} ${d.last_error ?? ''}${d.last_error_code ? html` <code class="error-code">${d.last_error_code}</code>` : ''}</td><td class="mono">${d.id}</td><td class="muted">${d.update_time}</td></tr>`,
  )}
  </tbody></table>`
  }
</section>
<section aria-labelledby="mail">
  <h2 id="mail">Mailbox (latest ${mail.length}) · <a href="/mailbox">all</a></h2>
  ${mailTable(mail)}
</section>`
}

function connectionRow(c: ConnectionView): SafeHtml {
  const sso = c.organization_id !== null && (c.type === 'OIDC' || c.type === 'SAML')
  return html`<tr><td>${c.title}</td><td>${c.type}</td><td>${c.provider}</td><td>${c.organization ?? html`<span class="muted">environment</span>`}</td><td class="mono">${c.id}</td><td>${c.enabled ? 'yes' : 'no'}</td><td>${
    sso && c.enabled
      ? html`<form method="post" action="${IDP_INITIATE_PATH}"><input type="hidden" name="connection_id" value="${c.id}"><input type="hidden" name="organization_id" value="${c.organization_id}"><button type="submit" aria-label="IdP-initiated login for ${c.title}">IdP-initiated login</button></form>`
      : ''
  }</td></tr>`
}

function statusClass(status: string): string {
  return status === 'delivered' ? 'ok' : status === 'failed' ? 'bad' : 'wait'
}
