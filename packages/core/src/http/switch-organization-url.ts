import { safeReturnTo } from './return-to.js'
import type { KitRoutes } from './types.js'

/**
 * The same-origin URL (path and query) of the organization switch route for
 * `organizationId`, landing on `returnTo` afterwards (kept only when it is a same-origin
 * path, as the route itself would). For a link, a form's `action`, or a redirect in a
 * server action; the route reads the same fields from a POSTed form. Adapters expose it
 * bound to their request object.
 *
 * @example
 * ```ts
 * switchOrganizationUrl(routes, 'org_globex', '/dashboard')
 * // '/auth/switch-organization?organizationId=org_globex&returnTo=%2Fdashboard'
 * ```
 */
export function switchOrganizationUrl(
  routes: Pick<KitRoutes, 'endpoints' | 'origin'>,
  organizationId: string,
  returnTo?: string,
): string {
  const path =
    routes.endpoints.find((e) => e.action === 'switchOrganization')?.path ??
    '/auth/switch-organization'
  const query = new URLSearchParams({ organizationId })
  if (returnTo !== undefined) query.set('returnTo', safeReturnTo(returnTo, routes.origin))
  return `${path}?${query}`
}
