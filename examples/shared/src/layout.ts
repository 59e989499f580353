import { html, SafeHtml } from './html.js'
import { STYLES } from './styles.js'

/** Who is signed in, as far as the page chrome needs to know. */
export interface PageUser {
  email?: string
  name?: string
  /** Someone acting as the user (`auth.actor`): the shell shows the impersonation banner. */
  actor?: { id: string; email?: string }
  /**
   * The organizations the user can switch to (`auth.organizations`), the current one
   * marked: with two or more the header shows the switcher.
   */
  organizations?: Array<{ id: string; name?: string; current: boolean }>
}

/** Everything the page shell needs besides the body. */
export interface PageOptions {
  /** Text of the `<title>` and the first heading's context. */
  title: string
  /** Name of the framework serving the page, shown next to the brand ("Express"). */
  framework: string
  /** The signed-in user, or null for a visitor (shows "Sign in" instead of "Log out"). */
  user: PageUser | null
  /** Path of the current page, to highlight the navigation entry. */
  path?: string
  /** The page content. */
  body: SafeHtml
}

const NAV: Array<[string, string]> = [
  ['/', 'Home'],
  ['/dashboard', 'Dashboard'],
  ['/admin', 'Admin'],
  ['/account/security', 'Security'],
  ['/webhooks/events', 'Webhooks'],
  ['/api/me', 'API'],
]

/**
 * Wraps a page body in the shared shell: header with navigation and the sign-in state,
 * inline styles. The logout control is a POST form, because the kit refuses logout by
 * a plain cross-site GET.
 *
 * @example
 * res.type('html').send(renderPage({ title: 'Home', framework: 'Express', user: null, body }))
 */
export function renderPage(options: PageOptions): string {
  const { title, framework, user, path, body } = options
  const account = user
    ? html`<span class="muted">${user.email ?? user.name ?? 'Signed in'}</span>
        <form class="inline" method="post" action="/auth/logout">
          <button type="submit" class="secondary">Log out</button>
        </form>`
    : html`<a class="btn" href="/auth/login?returnTo=%2Fdashboard">Sign in</a>`
  const banner = user?.actor ? impersonationBanner(user, user.actor) : ''
  const switcher =
    user?.organizations && user.organizations.length > 1
      ? organizationSwitcher(user.organizations, path ?? '/')
      : ''
  const links = NAV.map(
    ([href, label]) =>
      html`<a href="${href}" ${href === path ? html`aria-current="page"` : ''}>${label}</a>`,
  )
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Kit ${framework} example</title>
<style>${new SafeHtml(STYLES)}</style>
</head>
<body>
${banner}
<header><div class="bar">
  <a class="brand" href="/">Kit<small>${framework} example</small></a>
  <nav>${links}</nav>
  ${switcher}
  ${account}
</div></header>
<main>${body}</main>
</body>
</html>
`.value
}

/**
 * The banner every page shows while someone acts as the user, so neither the admin nor
 * anyone watching the screen mistakes the session for the user's own. Ending it is a
 * logout (the impersonated session belongs to the admin's browser only).
 */
function impersonationBanner(user: PageUser, actor: { id: string; email?: string }): SafeHtml {
  return html`<div class="impersonation" role="status">
  <span><strong>${actor.email ?? actor.id}</strong> is acting as <strong>${user.name ?? user.email ?? 'this user'}</strong>${user.email && user.name !== user.email ? html` (${user.email})` : ''}. What you do here is done as this user.</span>
  <form class="inline" method="post" action="/auth/logout"><button type="submit" class="secondary">End impersonation</button></form>
</div>`
}

/**
 * The header's organization switcher: the current organization, then one small POST
 * form per other organization to the kit's `/auth/switch-organization` route, which
 * comes back to this page in that organization (silently when the environment allows).
 * Forms, not links: a switch changes the session, so it is a POST from this site.
 */
function organizationSwitcher(
  organizations: NonNullable<PageUser['organizations']>,
  returnTo: string,
): SafeHtml {
  const entries = organizations.map((org) => {
    const label = org.name ?? org.id
    if (org.current) return html`<strong class="org current" aria-current="true">${label}</strong>`
    return html`<form class="inline" method="post" action="/auth/switch-organization">
      <input type="hidden" name="organizationId" value="${org.id}">
      <input type="hidden" name="returnTo" value="${returnTo}">
      <button type="submit" class="secondary org" aria-label="Switch to ${label}">${label}</button>
    </form>`
  })
  return html`<div class="orgs" role="group" aria-label="Organization">${entries}</div>`
}
