import { html, type SafeHtml } from '../html.js'
import { renderPage } from '../layout.js'
import { displayName, expiryIso, pageUser, type ViewAuth } from '../view-auth.js'

/** Inputs of the dashboard page. */
export interface DashboardView {
  framework: string
  auth: ViewAuth
  /** The organization's display name when the app could look it up. */
  organizationName?: string | null
}

/** Renders a list of names as tags, or a muted "none". */
export function tags(names: readonly string[], kind: 'role' | 'perm', label: string): SafeHtml {
  if (names.length === 0) return html`<span class="muted">none</span>`
  return html`<div aria-label="${label}">${names.map(
    (n) => html`<span class="tag ${kind === 'perm' ? 'perm' : ''}">${n}</span>`,
  )}</div>`
}

/**
 * The signed-in user's dashboard: who they are, which organization they signed in to,
 * and the roles and permissions carried by their access token.
 *
 * @example
 * res.send(renderDashboard({ framework: 'Express', auth: req.auth, organizationName }))
 */
export function renderDashboard(view: DashboardView): string {
  const { framework, auth, organizationName } = view
  const body = html`
    <h1>Dashboard</h1>
    <p class="lead">Signed in as <strong>${displayName(auth)}</strong>.</p>
    <div class="grid">
      <section class="card" aria-labelledby="user-h">
        <h2 id="user-h">User</h2>
        <dl>
          <dt>Email</dt><dd data-testid="user-email">${auth.user.email ?? '—'}</dd>
          <dt>Name</dt><dd>${displayName(auth)}</dd>
          <dt>User ID</dt><dd><code>${auth.user.id}</code></dd>
          <dt>Email verified</dt><dd>${auth.user.emailVerified === undefined ? '—' : auth.user.emailVerified ? 'yes' : 'no'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="org-h">
        <h2 id="org-h">Organization</h2>
        <dl>
          <dt>Name</dt><dd data-testid="organization-name">${organizationName ?? '—'}</dd>
          <dt>Organization ID</dt><dd><code>${auth.organizationId ?? '—'}</code></dd>
          <dt>Connection ID</dt><dd><code>${auth.connectionId ?? '—'}</code></dd>
        </dl>
      </section>
    </div>
    <div class="grid">
      <section class="card">
        <h2>Roles</h2>
        ${tags(auth.roles, 'role', 'Roles')}
      </section>
      <section class="card">
        <h2>Permissions</h2>
        ${tags(auth.permissions, 'perm', 'Permissions')}
      </section>
    </div>
    <section class="card">
      <h2>Session</h2>
      <dl>
        <dt>Session ID</dt><dd><code>${auth.sessionId ?? '—'}</code></dd>
        <dt>Scopes</dt><dd>${(auth.scopes ?? []).join(' ') || '—'}</dd>
        <dt>Access token expires</dt><dd>${expiryIso(auth.expiresAt)}</dd>
      </dl>
    </section>`
  return renderPage({
    title: 'Dashboard',
    framework,
    user: pageUser(auth),
    path: '/dashboard',
    body,
  })
}
