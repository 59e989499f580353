import { KitError } from '@kit/core'
import { switchOrganizationUrl as urlFor } from '@kit/core/adapter'
import type { FastifyRequest } from 'fastify'
import { instanceState } from './state.js'

/**
 * The URL of the kit's organization switch route for this request's app (the configured
 * path): a link, a form `action` or a `reply.redirect` target that moves the session to
 * `organizationId` and lands on `returnTo` (a same-origin path; default the route's `/`).
 * The route itself does the checks (same site only, membership, the callback's
 * same-user and same-organization rule); this only builds the URL.
 *
 * @example
 * ```ts
 * app.post('/teams/:id/open', { preHandler: requireAuth() }, (req, reply) =>
 *   reply.redirect(switchOrganizationUrl(req, req.params.id, '/dashboard'), 303))
 * ```
 */
export function switchOrganizationUrl(
  request: FastifyRequest,
  organizationId: string,
  returnTo?: string,
): string {
  const state = instanceState(request.server)
  if (!state) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      'switchOrganizationUrl ran on an app without the kitFastify plugin: `await app.register(kitFastify, options)` first',
    )
  }
  return urlFor(state.routes, organizationId, returnTo)
}
