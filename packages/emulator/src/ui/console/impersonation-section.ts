import { html, type SafeHtml } from '../../http/html.js'
import { IMPERSONATE_PATH } from '../../oidc/impersonation.js'
import type { ClientView, UserView } from './queries.js'

/**
 * The console's "Impersonate a user" form: pick the user, the admin who acts and the
 * application; submitting signs the user in to that application with the admin recorded
 * as the actor (`act` in the access tokens), through the application's own login route.
 * The emulator models no staff accounts: any other user may act.
 */
export function impersonationSection(users: UserView[], clients: ClientView[]): SafeHtml {
  const members = users.filter((u) => u.memberships.length > 0)
  const apps = clients.filter((c) => c.kind === 'application')
  if (members.length === 0 || users.length < 2 || apps.length === 0) {
    return html`<section aria-labelledby="impersonate">
  <h2 id="impersonate">Impersonate a user</h2>
  <p class="muted">Needs two users (one in an organization) and an application client.</p>
</section>`
  }
  const admins = [...users].sort((a, b) => Number(isAdmin(b)) - Number(isAdmin(a)))
  // Preselect a pair that works: a member who is no admin, acted for by an admin.
  const target = members.find((u) => !isAdmin(u)) ?? members[0]!
  const actor = admins.find((u) => u.id !== target.id)!
  const selected = (on: boolean) => (on ? html` selected` : '')
  return html`<section aria-labelledby="impersonate">
  <h2 id="impersonate">Impersonate a user</h2>
  <p class="muted">Signs the user in to the application with the acting admin recorded in the access token (<code>act</code> claim, RFC 8693): the kit exposes it as <code>auth.actor</code>, apps show a banner and guards with <code>allowImpersonation: false</code> refuse it.</p>
  <form method="post" action="${IMPERSONATE_PATH}">
    <label for="impersonate-user">User</label> <select id="impersonate-user" name="user_id">${members.map((u) => html`<option value="${u.id}"${selected(u === target)}>${u.email}</option>`)}</select>
    <label for="impersonate-actor">Acting admin</label> <select id="impersonate-actor" name="actor_id">${admins.map((u) => html`<option value="${u.id}"${selected(u === actor)}>${u.email}${isAdmin(u) ? ' (admin)' : ''}</option>`)}</select>
    <label for="impersonate-client">Application</label> <select id="impersonate-client" name="client_id">${apps.map((c) => html`<option value="${c.client_id}">${c.name}</option>`)}</select>
    <button type="submit">Impersonate</button>
  </form>
</section>`
}

function isAdmin(user: UserView): boolean {
  return user.memberships.some((m) => m.roles.includes('admin'))
}
