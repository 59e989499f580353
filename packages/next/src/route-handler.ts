import { type Auth, type KitAuthentication, toWebResponse } from '@kit/core'
import type { KitContext } from './kit-context.js'
import { type AuthRequirements, toRequirements } from './requirements.js'
import { RouteHandlerView } from './views.js'

/** An App Router route handler wrapped by `withAuth`: it also receives the identity. */
export type AuthedRouteHandler<C> = (
  request: Request,
  auth: Auth,
  context: C,
) => Response | Promise<Response>

/** Adds the changed session's headers, copying a response whose headers are immutable. */
function withHeaders(response: Response, result: KitAuthentication): Response {
  if (result.responseHeaders.length === 0) return response
  let out = response
  try {
    for (const [name, value] of result.responseHeaders) out.headers.append(name, value)
  } catch {
    // `Response.redirect()` and fetched responses have immutable headers.
    out = new Response(response.body, response)
    for (const [name, value] of result.responseHeaders) out.headers.append(name, value)
  }
  return out
}

/**
 * Builds `kit.withAuth`: guards an App Router route handler with core's decisions,
 * answered as `Response`s (401 JSON for an API call, 302 to login for a page load, 403
 * naming what is missing), and hands the identity to the handler. The session is read
 * from this request's cookies or bearer token, whatever the proxy did; a refreshed
 * session's cookies go on whatever response is sent.
 *
 * @example
 * ```ts
 * // app/api/admin/route.ts
 * export const GET = kit.withAuth(async (request, auth) => Response.json(auth), { permission: 'org:manage' })
 * ```
 */
export function createWithAuth(context: KitContext) {
  return function withAuth<C = unknown>(
    handler: AuthedRouteHandler<C>,
    requirements?: AuthRequirements,
  ): (request: Request, routeContext: C) => Promise<Response> {
    const checks = toRequirements(requirements, 'kit.withAuth()')
    return async function kitRouteHandler(request, routeContext) {
      const routes = context.routes()
      const view = new RouteHandlerView(request)
      const result = routes.peekAuthentication(view) ?? (await routes.authenticate(view))
      for (const requirement of checks) {
        const denied = routes.guard(view, result.auth, requirement)
        if (denied) return withHeaders(toWebResponse(denied), result)
      }
      return withHeaders(await handler(request, result.auth!, routeContext), result)
    }
  }
}
