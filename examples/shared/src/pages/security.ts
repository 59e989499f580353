import { html } from '../html.js'
import { renderPage } from '../layout.js'
import { displayName, pageUser, type ViewAuth } from '../view-auth.js'

/** Inputs of the account security page. */
export interface SecurityView {
  framework: string
  auth: ViewAuth & { authTime?: number }
  /** The guard's `maxAgeSeconds`. */
  maxAgeSeconds: number
}

/**
 * The page behind `requireRecentLogin({ maxAgeSeconds })` (step-up): reachable only with
 * a recent login. Older, the guard sends the browser to sign in again and back here.
 *
 * @example
 * app.get('/account/security', requireRecentLogin({ maxAgeSeconds: 300 }), (req, res) =>
 *   res.send(renderSecurity({ framework: 'Express', auth: req.auth!, maxAgeSeconds: 300 })))
 */
export function renderSecurity(view: SecurityView): string {
  const { framework, auth, maxAgeSeconds } = view
  const signedInAt =
    auth.authTime === undefined ? 'unknown' : new Date(auth.authTime * 1000).toISOString()
  const body = html`
    <h1>Account security</h1>
    <p class="lead">${displayName(auth)} signed in recently enough to change sensitive settings.</p>
    <section class="card">
      <h2>What this page proves</h2>
      <p>The route is guarded by <code>requireRecentLogin({ maxAgeSeconds: ${String(maxAgeSeconds)} })</code>.
        When your last sign-in is older, the guard sends you to sign in again (the sign-in
        service asks for your credentials even though you are signed in) and brings you
        back to this page; an API request gets 401 <code>recent_login_required</code>.</p>
      <dl>
        <dt>Last sign-in</dt><dd data-testid="auth-time">${signedInAt}</dd>
        <dt>Required within</dt><dd>${String(maxAgeSeconds)} seconds</dd>
      </dl>
    </section>`
  return renderPage({
    title: 'Account security',
    framework,
    user: pageUser(auth),
    path: '/account/security',
    body,
  })
}
