import { KitError } from '@kit/core'
import { defineGuards, type KitGuardFactories } from '@kit/core/adapter'
import type { FastifyRequest, preHandlerHookHandler } from 'fastify'
import { sendKitReply } from './reply-translator.js'
import { toKitRequestLike } from './request-translator.js'
import { instanceState, type KitInstanceState, requestState } from './state.js'

/** The guard factories decorated onto the Fastify instance as `app.requireAuth()`, .... */
export type KitGuards = KitGuardFactories<preHandlerHookHandler>

/**
 * Builds guard factories whose `preHandler`s find the kit through `stateOf` when a
 * request arrives. Each lets the request through or sends core's decision: 302 to
 * login for a browser, 401 JSON for an API request, 403 when a permission, role or
 * organization is missing. Bad arguments (no names, an empty id) throw when the route
 * is defined (core's `defineGuards` checks them).
 *
 * @example
 * ```ts
 * const guards = createGuards(() => state)
 * app.get('/admin', { preHandler: guards.requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export function createGuards(
  stateOf: (request: FastifyRequest) => KitInstanceState | null,
): KitGuards {
  return defineGuards(
    (label, requirement): preHandlerHookHandler =>
      // A callback hook, not an async one: a request that passes continues synchronously.
      function kitGuard(request, reply, done) {
        const state = stateOf(request)
        if (!state) {
          done(
            new KitError(
              'ERR_KIT_CONFIG',
              `${label} guards a route, but the kitFastify plugin is not registered on this app ` +
                '(or in a scope enclosing this route): `await app.register(kitFastify, options)` ' +
                'before defining the routes it guards',
            ),
          )
          return
        }
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
        if (denial) sendKitReply(reply, denial)
        else done()
      },
  )
}

/**
 * Guards to import instead of `app.requireAuth()` & co.: they do not depend on the
 * order of `register` and route definitions (the decorators exist only once the plugin
 * has loaded, so `app.requireAuth` used before `await app.register(kitFastify)` is
 * undefined). Each finds the kit on `request.server` when a request arrives; if the
 * plugin was never registered on that app, the request fails with `ERR_KIT_CONFIG`
 * saying so.
 *
 * @example
 * ```ts
 * import { kitFastify, requireAuth, requirePermission } from '@kit/fastify'
 * app.register(kitFastify, options) // no await needed before the routes
 * app.get('/admin', { preHandler: requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export const {
  requireAuth,
  requirePermission,
  requireRole,
  requireOrganization,
  requireRecentLogin,
}: KitGuards = createGuards((request) => instanceState(request.server))
