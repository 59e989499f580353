import { html, type SafeHtml } from '../../http/index.js'
import { page } from './layout.js'

/** What the consent page shows (third-party clients only). */
export interface ConsentPageModel {
  uid: string
  clientName: string
  scopes: string[]
}

/** Asks the user to allow a third-party application; first-party clients skip it. */
export function consentPage(model: ConsentPageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  return page(
    'Allow access',
    html`<h1>Allow ${model.clientName}?</h1>
<p class="sub">It asks for: ${model.scopes.join(', ')}</p>
<form method="post" action="${base}/consent"><button type="submit">Allow</button></form>
<form method="post" action="${base}/abort"><button type="submit" class="secondary">Deny</button></form>`,
  )
}

/** Shown when the sign-in attempt cannot continue (expired interaction, bad link). */
export function interactionErrorPage(message: string): SafeHtml {
  return page(
    'Sign-in error',
    html`<h1>Sign-in could not continue</h1><p class="error" role="alert">${message}</p>
<p class="sub">Start the sign-in again from the application.</p>`,
  )
}
