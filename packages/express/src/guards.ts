import { type GuardOptions, KitError } from '@kit/core'
import { defineGuards, type KitGuardFactories, type NamesAndOptions } from '@kit/core/adapter'
import type { RequestHandler } from 'express'
import { toKitRequestLike } from './request-translator.js'
import { sendKitReply } from './response-translator.js'
import { getRequestState } from './state.js'

/**
 * The guard factories as Express middleware. The decision (302 to login for a browser,
 * 401 JSON for an API request, 403 when a permission or role is missing) and the
 * requirement's validation when it is declared are core's; this only translates it. A
 * guard on a request `kitExpress()` never saw fails closed.
 */
const guards: KitGuardFactories<RequestHandler> = defineGuards(
  (label, requirement) =>
    function kitGuard(req, res, next) {
      const state = getRequestState(req)
      if (!state) {
        next(
          new KitError(
            'ERR_KIT_CONFIG',
            `${label} ran on a request that kitExpress() did not see: mount ` +
              'app.use(kitExpress(options)) before the routes it guards, and do not replace ' +
              'res.locals (assign to its keys instead): the kit keeps its state there',
          ),
        )
        return
      }
      const denial = state.routes.guard(
        toKitRequestLike(req, state.origin),
        state.auth,
        requirement,
      )
      if (!denial) {
        next()
        return
      }
      sendKitReply(res, denial)
    },
)

/**
 * Lets only signed-in requests through. `{ allowImpersonation: false }` also refuses
 * sessions in which someone acts as the user (403 `impersonation_not_allowed`).
 *
 * @example
 * ```ts
 * app.get('/dashboard', requireAuth(), (req, res) => res.send(req.auth!.user.email))
 * app.post('/account/delete', requireAuth({ allowImpersonation: false }), handler)
 * ```
 */
export const requireAuth: (options?: GuardOptions) => RequestHandler = guards.requireAuth

/**
 * Lets through signed-in requests whose session carries every listed permission.
 *
 * @example
 * ```ts
 * app.get('/admin', requirePermission('org:manage'), handler)
 * ```
 */
export const requirePermission: (...permissions: NamesAndOptions) => RequestHandler =
  guards.requirePermission

/**
 * Lets through signed-in requests whose session carries at least one of the listed roles.
 *
 * @example
 * ```ts
 * app.get('/billing', requireRole('admin'), handler)
 * ```
 */
export const requireRole: (...roles: NamesAndOptions) => RequestHandler = guards.requireRole

/**
 * Lets through signed-in requests that belong to an organization, or to the given one.
 *
 * @example
 * ```ts
 * app.get('/acme', requireOrganization('org_123'), handler)
 * ```
 */
export const requireOrganization: (
  organizationId?: string,
  options?: GuardOptions,
) => RequestHandler = guards.requireOrganization

/**
 * Step-up: lets through signed-in requests whose login is at most `maxAgeSeconds` old.
 * An older (or unknown) login sends a page to log in again with `max_age` and back to
 * the same URL, and gives an API request 401 `recent_login_required` with an RFC 9470
 * `WWW-Authenticate` challenge. The other guards take `maxAgeSeconds` too.
 *
 * @example
 * ```ts
 * app.post('/billing/cancel', requireRecentLogin({ maxAgeSeconds: 300 }), handler)
 * ```
 */
export const requireRecentLogin: (
  options: GuardOptions & { maxAgeSeconds: number },
) => RequestHandler = guards.requireRecentLogin
