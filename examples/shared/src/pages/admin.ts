import { html } from '../html.js'
import { renderPage } from '../layout.js'
import { displayName, pageUser, type ViewAuth } from '../view-auth.js'
import { tags } from './dashboard.js'

/** Inputs of the admin page. */
export interface AdminView {
  framework: string
  auth: ViewAuth
  organizationName?: string | null
}

/**
 * The page behind `requirePermission('org:manage')`: only reachable by users whose
 * access token carries that permission (alice in the demo seed).
 *
 * @example
 * app.get('/admin', requirePermission('org:manage'), (req, res) => res.send(renderAdmin(...)))
 */
export function renderAdmin(view: AdminView): string {
  const { framework, auth, organizationName } = view
  const org = organizationName ?? auth.organizationId ?? 'your organization'
  const body = html`
    <h1>Organization admin</h1>
    <p class="lead">${displayName(auth)} holds <code>org:manage</code> in ${org}.</p>
    <section class="card">
      <h2>What this page proves</h2>
      <p>The route is guarded by <code>requirePermission('org:manage')</code>. A signed-in
        user without that permission gets a 403 page; a visitor is sent to the login page.</p>
      <dl>
        <dt>Organization</dt><dd>${org}</dd>
        <dt>Your roles</dt><dd>${tags(auth.roles, 'role', 'Roles')}</dd>
        <dt>Your permissions</dt><dd>${tags(auth.permissions, 'perm', 'Permissions')}</dd>
      </dl>
    </section>`
  return renderPage({ title: 'Admin', framework, user: pageUser(auth), path: '/admin', body })
}
