import { KitError } from '@kit/core'
import { switchOrganizationUrl } from '@kit/core/adapter'
import type { KitContext } from './kit-context.js'
import type { ServerContextLoader } from './server-context.js'
import { cookieHeader, refererPath, writeCookies } from './server-helpers.js'

/** What `kit.switchOrganization` is: a server action body. */
export type SwitchOrganization = (organizationId: string, returnTo?: string) => Promise<never>

/** Request headers the route's same-site check reads, forwarded as the browser sent them. */
const SITE_HEADERS = ['sec-fetch-site', 'origin', 'referer'] as const

/**
 * Builds `kit.switchOrganization(organizationId, returnTo?)` for server actions. It runs
 * the kit's own `/auth/switch-organization` route for the action's request (its cookies
 * and the browser's `Sec-Fetch-Site` / `Origin` / `Referer`, so the route's same-site
 * rule applies unchanged), writes the transaction cookie, and redirects the browser to
 * the environment, or back to `returnTo` when already in that organization. A
 * non-member gets the kit's 403 page (`not_a_member`). `returnTo` defaults to the page
 * the action was posted from.
 *
 * Call it from a server action only: Next accepts those as same-origin POSTs, and only
 * there may cookies be written.
 */
export function createSwitchOrganization(
  context: KitContext,
  load: ServerContextLoader,
): SwitchOrganization {
  return async function switchOrganization(organizationId, returnTo) {
    const server = await load()
    const routes = context.routes()
    const landing = returnTo ?? refererPath(server.headers.get('referer'), routes.origin) ?? '/'
    // JSON, so a refusal's code can be read; a redirect is the same either way.
    const headers = new Headers({ accept: 'application/json', cookie: cookieHeader(server) })
    for (const name of SITE_HEADERS) {
      const value = server.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    const url = routes.origin + switchOrganizationUrl(routes, organizationId, landing)
    const response = (await routes.handle(new Request(url, { headers })))!
    const location = response.headers.get('location')
    if (response.status === 302 && location !== null) {
      writeCookies(server, response.headers.getSetCookie())
      return server.navigation.redirect(location)
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } }
    const code = body.error?.code ?? `HTTP ${response.status}`
    if (code === 'not_a_member') {
      const query = new URLSearchParams({ code, missing: organizationId })
      return server.navigation.redirect(`${routes.origin}${context.forbiddenPath}?${query}`)
    }
    throw new KitError(
      'ERR_KIT_CONFIG',
      `switchOrganization was refused (${code}): call it from a server action (a same-origin POST) with a valid organization id`,
    )
  }
}
