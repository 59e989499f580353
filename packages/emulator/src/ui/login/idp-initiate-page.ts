import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the IdP-initiated login trigger page offers. */
export interface IdpInitiatePageModel {
  connections: { id: string; label: string; organizationName: string }[]
  clients: { clientId: string; name: string }[]
  error?: string
}

/**
 * The console's IdP-initiated login trigger: picks a connection (and the application to
 * land in) and posts to `/idp/initiate`, which redirects to the application's
 * `initiate_login_uri` with a signed `idp_initiated_login` token.
 */
export function idpInitiatePage(model: IdpInitiatePageModel): SafeHtml {
  const connections = model.connections.map(
    (c) => html`<option value="${c.id}">${c.organizationName} · ${c.label} (${c.id})</option>`,
  )
  const clients = model.clients.map(
    (c) => html`<option value="${c.clientId}">${c.name} (${c.clientId})</option>`,
  )
  return page(
    'IdP-initiated login',
    html`<h1>IdP-initiated login</h1>
<p class="sub">Start a login from the identity provider's side, as a user clicking the app tile in their IdP.</p>
${errorBanner(model.error)}
<form method="post" action="/idp/initiate">
<label for="connection_id">Connection</label>
<select id="connection_id" name="connection_id">${connections}</select>
<label for="client_id">Application</label>
<select id="client_id" name="client_id">${clients}</select>
<label for="login_hint">Login hint</label>
<input id="login_hint" name="login_hint" type="text">
<label for="relay_state">Relay state</label>
<input id="relay_state" name="relay_state" type="text">
<button type="submit">Start IdP-initiated login</button>
</form>`,
  )
}
