import { errorResponse, isApiRequest, routeFailureOf } from '@kit/core/adapter'
import { forbiddenPage } from './forbidden-page.js'
import type { KitContext } from './kit-context.js'
import { pageTarget } from './views.js'

/** A Next route handler: a Web `Request` (a `NextRequest` in an app) in, a `Response` out. */
export type RouteHandler = (request: Request) => Promise<Response>

/**
 * The app's hook for a failed sign-in callback: the `KitError` behind the kit's error
 * page and the request; a returned `Response` replaces the page.
 */
export type OnRouteError = (
  err: unknown,
  request: Request,
) => Response | undefined | Promise<Response | undefined>

/**
 * The route handlers of `app/auth/[...kit]/route.ts` (and `app/webhooks/route.ts`).
 * `GET` and `POST` serve the kit's routes; export `PUT`, `PATCH` and `DELETE` too if
 * those methods should get core's 405 with its `Allow` header rather than Next's own.
 */
export interface KitHandlers {
  GET: RouteHandler
  POST: RouteHandler
  PUT: RouteHandler
  PATCH: RouteHandler
  DELETE: RouteHandler
}

/**
 * Builds the handlers that serve the kit's routes from a catch-all route file: login,
 * callback (code, IdP-initiated, error), logout, the webhook route (its body read by
 * core as the raw bytes Next received) and the kit's 403 page. The request goes to
 * core as it is; core takes only the path and query from its URL and builds every URL
 * on `baseUrl`, never on the Host header. A path under the route folder that is not a
 * kit route gets a 404.
 *
 * @example
 * ```ts
 * // app/auth/[...kit]/route.ts
 * export const { GET, POST } = kit.handlers
 * ```
 */
export function createHandlers(context: KitContext, onError?: OnRouteError): KitHandlers {
  async function handle(request: Request): Promise<Response> {
    const routes = context.routes()
    // 'fail' mode of the start-up check: throws its ERR_KIT_CONFIG until the setup is fixed.
    await routes.ready
    const target = pageTarget(request.url)
    const url = new URL(routes.origin + target)
    const api = isApiRequest(request, url.pathname, [])
    if (url.pathname === context.forbiddenPath && request.method === 'GET') {
      return forbiddenPage(url, api)
    }
    const response = await routes.handle(request)
    const failure = response && onError ? routeFailureOf(response) : undefined
    if (failure) return (await onError!(failure, request)) ?? response!
    if (response) return response
    return errorResponse(api, 404, 'not_found', `No kit route at ${url.pathname}`, {
      title: 'Not found',
    })
  }
  return { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle }
}
