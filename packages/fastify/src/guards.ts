import { defineGuards, KitError, type KitGuardFactories } from '@kit/core'
import type { preHandlerHookHandler } from 'fastify'
import { sendWebResponse } from './reply-translator.js'
import { toKitRequestLike } from './request-translator.js'
import { type KitInstanceState, requestState } from './state.js'

/** The guard factories decorated onto the Fastify instance as `app.requireAuth()`, .... */
export type KitGuards = KitGuardFactories<preHandlerHookHandler>

/**
 * Builds the guard factories bound to one kit instance. Each returns a `preHandler`
 * that lets the request through or sends core's decision: 302 to login for a browser,
 * 401 JSON for an API request, 403 when a permission, role or organization is missing.
 * Bad arguments (no names, an empty id) throw when the route is defined (core's
 * `defineGuards` checks them).
 *
 * @example
 * ```ts
 * app.get('/admin', { preHandler: app.requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export function createGuards(state: KitInstanceState): KitGuards {
  return defineGuards(
    (label, requirement): preHandlerHookHandler =>
      // A callback hook, not an async one: a request that passes continues synchronously.
      function kitGuard(request, reply, done) {
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
        const view = toKitRequestLike(request, state.origin)
        const denial = state.routes.guard(view, seen.auth, requirement)
        // A sent reply ends the hook chain; `done` is only for letting the request through.
        if (denial) sendWebResponse(reply, denial)
        else done()
      },
  )
}
