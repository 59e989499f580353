import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the emulated identity provider page shows. */
export interface SsoPageModel {
  uid: string
  connectionId: string
  connectionLabel: string
  provider: string
  organizationName: string
  email?: string
  error?: string
}

/**
 * The emulated enterprise IdP (the organization's SSO connection): shows which
 * connection and organization the login goes through and signs in whoever's email is
 * entered, as the customer's IdP would after its own login.
 */
export function ssoPage(model: SsoPageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  return page(
    `${model.organizationName} SSO`,
    html`<h1>${model.organizationName}</h1>
<p class="sub">Emulated identity provider &middot; ${model.connectionLabel} <span class="badge">(${model.provider}, ${model.connectionId})</span></p>
${errorBanner(model.error)}
<form method="post" action="${base}/sso">
<input type="hidden" name="connection_id" value="${model.connectionId}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${model.email ?? ''}">
<button type="submit">Sign in</button>
</form>
<form method="post" action="${base}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  )
}
