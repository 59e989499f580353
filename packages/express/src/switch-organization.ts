import { KitError } from '@kit/core'
import { switchOrganizationUrl as urlFor } from '@kit/core/adapter'
import { getRequestState } from './state.js'

/**
 * The URL of the kit's organization switch route for this request's app (the configured
 * path): a link, a form `action` or a `res.redirect` target that moves the session to
 * `organizationId` and lands on `returnTo` (a same-origin path; default the route's `/`).
 * The route itself does the checks (same site only, membership, the callback's
 * same-user and same-organization rule); this only builds the URL.
 *
 * @example
 * ```ts
 * app.post('/teams/:id/open', requireAuth(), (req, res) =>
 *   res.redirect(303, switchOrganizationUrl(req, req.params.id, '/dashboard')))
 * // or in a template: <a href="<%= switchOrganizationUrl(req, org.id, req.originalUrl) %>">
 * ```
 */
export function switchOrganizationUrl(
  req: object,
  organizationId: string,
  returnTo?: string,
): string {
  const state = getRequestState(req)
  if (!state) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      'switchOrganizationUrl ran on a request that kitExpress() did not see: mount ' +
        'app.use(kitExpress(options)) before the routes that use it, and do not replace ' +
        'res.locals (assign to its keys instead): the kit keeps its state there',
    )
  }
  return urlFor(state.routes, organizationId, returnTo)
}
