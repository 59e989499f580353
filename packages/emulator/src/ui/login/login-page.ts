import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the login page shows. */
export interface LoginPageModel {
  uid: string
  clientName: string
  /** Users offered as one-click buttons (already filtered to the organization). */
  users: { id: string; email: string; name?: string }[]
  /** Organization the request is restricted to, if any. */
  organizationName?: string
  /** Pre-fills the Email field (`login_hint`). */
  loginHint?: string
  /** Social providers to offer, e.g. `[{ provider: 'google', label: 'Google' }]`. */
  socialProviders: { provider: string; label: string }[]
  error?: string
}

/**
 * The emulator's login page: an "Email" field with "Continue" (SSO by domain or a
 * passwordless code), a "Sign in as <email>" button per user and the social providers.
 * Every control has a label or an accessible name, so tests find them by role and name.
 */
export function loginPage(model: LoginPageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  const users = model.users.map(
    (u) =>
      html`<button type="submit" class="secondary" name="user_id" value="${u.id}">Sign in as ${u.email}</button>`,
  )
  const social = model.socialProviders.map(
    (s) =>
      html`<form method="get" action="${base}/social"><input type="hidden" name="provider" value="${s.provider}">
<button type="submit" class="secondary">Continue with ${s.label}</button></form>`,
  )
  return page(
    'Sign in',
    html`<h1>Sign in</h1>
<p class="sub">to ${model.clientName}${model.organizationName ? html` &middot; ${model.organizationName}` : ''}</p>
${errorBanner(model.error)}
<form method="post" action="${base}/email">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${model.loginHint ?? ''}">
<button type="submit">Continue</button>
</form>
${social.length ? html`<div class="divider">or</div>${social}` : ''}
${
  users.length
    ? html`<div class="divider">Emulator accounts</div><form method="post" action="${base}/login">${users}</form>`
    : ''
}
<form method="post" action="${base}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  )
}
