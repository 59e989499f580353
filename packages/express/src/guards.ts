import { assertRequirement, type GuardRequirement, KitError } from '@kit/core'
import type { RequestHandler } from 'express'
import { toKitRequestLike } from './request-translator.js'
import { sendWebResponse } from './response-translator.js'
import { getRequestState } from './state.js'

/**
 * Builds the middleware for one requirement, checked when declared (so an empty names
 * list stops start-up). The decision (302 to login for a browser, 401 JSON for an API
 * request, 403 when a permission or role is missing) is core's; this only translates
 * it. A guard on a request `kitExpress()` never saw fails closed.
 */
function guard(label: string, requirement: GuardRequirement): RequestHandler {
  assertRequirement(requirement)
  return function kitGuard(req, res, next) {
    const state = getRequestState(req)
    if (!state) {
      next(
        new KitError(
          'ERR_KIT_CONFIG',
          `${label} ran on a request that kitExpress() did not see: mount ` +
            'app.use(kitExpress(options)) before the routes it guards',
        ),
      )
      return
    }
    const denial = state.routes.guard(toKitRequestLike(req, state.origin), state.auth, requirement)
    if (!denial) {
      next()
      return
    }
    sendWebResponse(res, denial, req.method).catch(next)
  }
}

/**
 * Lets only signed-in requests through.
 *
 * @example
 * ```ts
 * app.get('/dashboard', requireAuth(), (req, res) => res.send(req.auth!.user.email))
 * ```
 */
export function requireAuth(): RequestHandler {
  return guard('requireAuth()', { kind: 'auth' })
}

/**
 * Lets through signed-in requests whose session carries every listed permission.
 *
 * @example
 * ```ts
 * app.get('/admin', requirePermission('org:manage'), handler)
 * ```
 */
export function requirePermission(...permissions: string[]): RequestHandler {
  return guard('requirePermission()', { kind: 'permission', names: permissions })
}

/**
 * Lets through signed-in requests whose session carries at least one of the listed roles.
 *
 * @example
 * ```ts
 * app.get('/billing', requireRole('admin'), handler)
 * ```
 */
export function requireRole(...roles: string[]): RequestHandler {
  return guard('requireRole()', { kind: 'role', names: roles })
}

/**
 * Lets through signed-in requests that belong to an organization, or to the given one.
 *
 * @example
 * ```ts
 * app.get('/acme', requireOrganization('org_123'), handler)
 * ```
 */
export function requireOrganization(organizationId?: string): RequestHandler {
  return guard('requireOrganization()', { kind: 'organization', id: organizationId })
}
