import { assertRequirement, type GuardRequirement, KitError } from '@kit/core'
import type { preHandlerHookHandler } from 'fastify'
import { sendWebResponse } from './reply-translator.js'
import { toKitRequestLike } from './request-translator.js'
import { type KitInstanceState, requestState } from './state.js'

function guardHook(
  state: KitInstanceState,
  label: string,
  requirement: GuardRequirement,
): preHandlerHookHandler {
  assertRequirement(requirement)
  // A callback hook, not an async one: a request that passes continues synchronously.
  return function kitGuard(request, reply, done) {
    const seen = requestState(request)
    if (!seen) {
      done(
        new KitError(
          'ERR_KIT_CONFIG',
          `${label} ran on a request the kit's onRequest hook did not see: register ` +
            'kitFastify in a scope that encloses the routes it guards',
        ),
      )
      return
    }
    const denial = state.routes.guard(
      toKitRequestLike(request, state.origin),
      seen.auth,
      requirement,
    )
    // A sent reply ends the hook chain; `done` is only for letting the request through.
    if (denial) sendWebResponse(reply, denial)
    else done()
  }
}

/** The guard factories decorated onto the Fastify instance as `app.requireAuth()`, .... */
export interface KitGuards {
  requireAuth(): preHandlerHookHandler
  requirePermission(...permissions: string[]): preHandlerHookHandler
  requireRole(...roles: string[]): preHandlerHookHandler
  requireOrganization(organizationId?: string): preHandlerHookHandler
}

/**
 * Builds the guard factories bound to one kit instance. Each returns a `preHandler`
 * that lets the request through or sends core's decision: 302 to login for a browser,
 * 401 JSON for an API request, 403 when a permission, role or organization is missing.
 * Bad arguments (no names, an empty id) throw when the route is defined.
 *
 * @example
 * ```ts
 * app.get('/admin', { preHandler: app.requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export function createGuards(state: KitInstanceState): KitGuards {
  return {
    requireAuth: () => guardHook(state, 'requireAuth()', { kind: 'auth' }),
    requirePermission: (...permissions) =>
      guardHook(state, 'requirePermission()', { kind: 'permission', names: permissions }),
    requireRole: (...roles) => guardHook(state, 'requireRole()', { kind: 'role', names: roles }),
    requireOrganization: (organizationId) =>
      guardHook(state, 'requireOrganization()', { kind: 'organization', id: organizationId }),
  }
}
