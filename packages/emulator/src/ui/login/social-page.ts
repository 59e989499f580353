import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the emulated social account picker shows. */
export interface SocialPageModel {
  uid: string
  provider: string
  label: string
  accounts: { email: string }[]
  email?: string
  error?: string
}

/**
 * An emulated social provider (Google, GitHub, Microsoft) account chooser: pick a known
 * account or type any email; unknown emails become new users just in time.
 */
export function socialPage(model: SocialPageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  const accounts = model.accounts.map(
    (a) =>
      html`<button type="submit" class="secondary" name="email" value="${a.email}">Continue as ${a.email}</button>`,
  )
  return page(
    `Sign in with ${model.label}`,
    html`<h1>Sign in with ${model.label}</h1>
<p class="sub">Emulated ${model.label} account picker</p>
${errorBanner(model.error)}
${accounts.length ? html`<form method="post" action="${base}/social"><input type="hidden" name="provider" value="${model.provider}">${accounts}</form>` : ''}
<form method="post" action="${base}/social"><input type="hidden" name="provider" value="${model.provider}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${model.email ?? ''}">
<button type="submit">Continue</button>
</form>`,
  )
}
