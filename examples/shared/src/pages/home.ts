import { html, type SafeHtml } from '../html.js'
import { renderPage } from '../layout.js'
import { displayName, pageUser, type ViewAuth } from '../view-auth.js'

/** Inputs of the home page. */
export interface HomeView {
  framework: string
  auth: ViewAuth | null
}

function loginForm(label: string, name: string, type: string, placeholder: string): SafeHtml {
  return html`<form class="row" method="get" action="/auth/login">
    <input type="hidden" name="returnTo" value="/dashboard">
    <input type="${type}" name="${name}" aria-label="${label}" placeholder="${placeholder}" required>
    <button type="submit" class="secondary">Continue</button>
  </form>`
}

/**
 * The public home page: what the example shows and every way to start a login
 * (hosted login page, organization SSO, a specific connection, passwordless by email,
 * social). Each option is a plain GET to the kit's `/auth/login` route.
 *
 * @example
 * res.send(renderHome({ framework: 'Express', auth: req.auth }))
 */
export function renderHome(view: HomeView): string {
  const { framework, auth } = view
  const welcome = auth
    ? html`<div class="card"><h2>Welcome back, ${displayName(auth)}</h2>
        <p class="muted">You are signed in. Open your <a href="/dashboard">dashboard</a>.</p></div>`
    : ''
  const body = html`
    <h1>B2B sign-in with the kit on ${framework}</h1>
    <p class="lead">Enterprise SSO per organization, passwordless, social login, roles and
      permissions, with the session in an encrypted cookie.</p>
    ${welcome}
    <div class="grid">
      <section class="card">
        <h2>Hosted login page</h2>
        <p class="muted">Pick a user or enter an email on the environment's login page.</p>
        <a class="btn" href="/auth/login?returnTo=%2Fdashboard">Sign in</a>
      </section>
      <section class="card">
        <h2>Organization SSO</h2>
        <p class="muted">Send the user to their organization's identity provider.</p>
        ${loginForm('Organization ID', 'organizationId', 'text', 'org_...')}
      </section>
      <section class="card">
        <h2>Specific connection</h2>
        <p class="muted">Force one SSO connection by its id.</p>
        ${loginForm('Connection ID', 'connectionId', 'text', 'conn_...')}
      </section>
      <section class="card">
        <h2>Passwordless or SSO by email</h2>
        <p class="muted">The email's domain routes to SSO; other addresses get a code.</p>
        ${loginForm('Email', 'loginHint', 'email', 'you@company.com')}
      </section>
      <section class="card">
        <h2>Social login</h2>
        <p class="muted">Sign in with a social identity provider.</p>
        <a class="btn secondary" href="/auth/login?provider=google&amp;returnTo=%2Fdashboard">Continue with Google</a>
        <a class="btn secondary" href="/auth/login?provider=github&amp;returnTo=%2Fdashboard">Continue with GitHub</a>
      </section>
      <section class="card">
        <h2>Pages</h2>
        <p class="muted"><a href="/dashboard">Dashboard</a> needs a session,
          <a href="/admin">Admin</a> needs the <code>org:manage</code> permission,
          <a href="/api/me">/api/me</a> answers JSON (401 when signed out),
          <a href="/webhooks/events">Webhooks</a> lists events received from the environment.</p>
      </section>
    </div>`
  return renderPage({ title: 'Home', framework, user: pageUser(auth), path: '/', body })
}
