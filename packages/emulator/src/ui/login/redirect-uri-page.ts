import { html, type SafeHtml } from '../../http/index.js'
import { page } from './layout.js'

/** What the `invalid_redirect_uri` page explains. */
export interface RedirectUriErrorInfo {
  /** The `redirect_uri` the app sent (any text: it is escaped). */
  sent: string
  clientId: string
  /** The client's registered redirect URIs. */
  registered: string[]
  /** The client accepts loopback redirect URIs on any port. */
  loopbackAnyPort: boolean
  /**
   * The base URL whose `--app-url` registration would add `sent` (it ends with the
   * callback path and `--app-url` targets this client); undefined otherwise.
   */
  appUrl?: string
}

const WRAP = 'word-break:break-all'

/**
 * The page shown when an authorize request names a redirect URI the client did not
 * register: what was sent, what is registered, and the command or seed field that adds
 * it, since the browser is the only place the developer sees this failure. Every value
 * is escaped (the URI comes straight from the query string).
 */
export function redirectUriErrorPage(info: RedirectUriErrorInfo): SafeHtml {
  const { sent, clientId, registered, loopbackAnyPort, appUrl } = info
  const fix = appUrl
    ? html`<p>Start the emulator with <code style="${WRAP}">--app-url ${appUrl}</code> (the <code>appUrl</code> option of <code>startEmulator</code>), or add <code style="${WRAP}">"app_urls": ["${appUrl}"]</code> to your seed file. Both keep the demo data and also register <code>${appUrl}/</code> for sign-out.</p>`
    : html`<p>Add it to <code>redirect_uris</code> of client <code>${clientId}</code> in your seed file (<code>clients[]</code>), or, for an app built with the kit, start the emulator with <code>--app-url &lt;your app's base URL&gt;</code>, which registers <code>&lt;base&gt;/auth/callback</code> with the first application client.</p>`
  // The title is the generic error page's: `@kit/emulator/testing` classifies pages by it.
  return page(
    'Sign-in error',
    html`<h1>Redirect URI not registered</h1>
<p class="sub" role="alert">The sign-in stopped: client <code>${clientId}</code> sent redirect_uri <code>${sent}</code>, which it has not registered (<code>invalid_redirect_uri</code>).</p>
<h2>Sent</h2>
<p><code id="sent-redirect-uri" style="${WRAP}">${sent}</code></p>
<h2>Registered for ${clientId}</h2>
${
  registered.length > 0
    ? html`<ul id="registered-redirect-uris">${registered.map((uri) => html`<li><code style="${WRAP}">${uri}</code></li>`)}</ul>`
    : html`<p id="registered-redirect-uris">None.</p>`
}
${
  loopbackAnyPort &&
  html`<p class="sub">This client also accepts <code>http://localhost</code>, <code>http://127.0.0.1</code> and <code>http://[::1]</code> on any port when the path matches a registered loopback URI.</p>`
}
<h2>How to add it</h2>
${fix}`,
  )
}
