import { html, rawHtml, type SafeHtml } from '../../http/index.js'
import { page } from './layout.js'

/**
 * RP-initiated logout confirmation. The hosted service signs out without asking, so the
 * form submits itself; the "Sign out" button is there for browsers without scripts and
 * for tests that drive the HTML. `form` is oidc-provider's own markup (an empty form
 * carrying the xsrf token), trusted and extended with `logout=yes`.
 */
export function logoutPage(form: string): SafeHtml {
  const withLogout = form.replace(
    '</form>',
    '<input type="hidden" name="logout" value="yes"/><button type="submit">Sign out</button></form>',
  )
  return page(
    'Signing out',
    html`<h1>Signing out</h1><p class="sub">You are being signed out of this environment.</p>
${rawHtml(withLogout)}
<script>document.getElementById('op.logoutForm').submit()</script>`,
  )
}

/** Shown after a logout without a registered post_logout_redirect_uri. */
export function signedOutPage(): SafeHtml {
  return page('Signed out', html`<h1>Signed out</h1><p class="sub">You have been signed out.</p>`)
}

/** oidc-provider's error page, every value escaped. */
export function errorPage(out: Record<string, unknown>): SafeHtml {
  const rows = Object.entries(out).map(
    ([key, value]) => html`<dt>${key}</dt><dd>${String(value ?? '')}</dd>`,
  )
  return page('Sign-in error', html`<h1>Something went wrong</h1><dl>${rows}</dl>`)
}
