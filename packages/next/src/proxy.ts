import { type KitAuthentication, toWebResponse } from '@kit/core'
import { NextResponse } from 'next/server'
import type { KitContext } from './kit-context.js'
import { pathSegments, segmentsMatcher } from './path-pattern.js'
import { cookieHeaderAfter } from './set-cookie.js'
import { pageTarget, requestView, targetPath } from './views.js'

/** Options of `kit.proxy()`. */
export interface KitProxyOptions {
  /**
   * Pages only signed-in users may reach, as `matcher`-style patterns
   * (`/dashboard/:path*`): anonymous browsers get a 302 to login with `returnTo`.
   */
  protect?: readonly string[]
  /** API paths only signed-in callers may reach (`/api/:path*`): anonymous calls get 401 JSON. */
  api?: readonly string[]
}

/** A Next proxy (`proxy.ts`) or middleware (`middleware.ts`) function. */
export type KitProxy = (request: Request) => Promise<Response>

/**
 * Request header carrying the path and query the proxy saw, for the server helpers'
 * login `returnTo`. Set by the proxy on every request it passes on, and removed from
 * what the client sent, so it is only ever a hint the proxy wrote (and core's
 * `safeReturnTo` still filters it).
 */
export const RETURN_TO_HEADER = 'x-kit-return-to'

function withHeaders(response: Response, result: KitAuthentication): Response {
  for (const [name, value] of result.responseHeaders) response.headers.append(name, value)
  return response
}

/**
 * Builds the proxy (Next 16 `proxy.ts`, Node runtime) or middleware (Next 15
 * `middleware.ts`, edge runtime). For every request it sees (choose them with the
 * file's `config.matcher`) it reads the session; a `protect` or `api` path without one
 * is answered by core's guard (302 to login, or 401 JSON). A session due for refresh is
 * refreshed here, once (core's single flight), and handed to the same render: the
 * request's `Cookie` header is rewritten for the render (`NextResponse.next({ request:
 * { headers } })`) and the new cookies are set on the response, so server components
 * read the fresh session and never refresh a second time. Paths are matched loosely
 * (case, doubled or trailing slashes, percent-encoding) so no spelling of a protected
 * path slips past. The server helpers still check the session themselves: this is a
 * first line, not the only one.
 *
 * @example
 * ```ts
 * // proxy.ts (Next 16) or middleware.ts (Next 15)
 * export default kit.proxy({ protect: ['/dashboard/:path*'], api: ['/api/:path*'] })
 * export const config = { matcher: ['/((?!_next/|favicon.ico).*)'] }
 * ```
 */
export function createProxy(context: KitContext, options: KitProxyOptions = {}): KitProxy {
  const isPage = segmentsMatcher(options.protect, 'kit.proxy({ protect })')
  const isApi = segmentsMatcher(options.api, 'kit.proxy({ api })')
  /** What the app declared about the path: an API path, a protected page, or neither. */
  const kindOf = (pathname: string): 'api' | 'page' | undefined => {
    if (isPage === null && isApi === null) return undefined
    const segments = pathSegments(pathname)
    return isApi?.(segments) ? 'api' : isPage?.(segments) ? 'page' : undefined
  }

  return async function kitProxy(request) {
    const routes = context.routes()
    const target = pageTarget(request.url)
    const pathname = targetPath(target)
    // The kit's own routes manage the session themselves (login, callback, logout).
    if (pathname === context.forbiddenPath || routes.endpoints.some((e) => e.path === pathname)) {
      return NextResponse.next()
    }
    const kind = kindOf(pathname)
    const view = requestView(request.method, target, request.headers, kind)
    const result = routes.peekAuthentication(view) ?? (await routes.authenticate(view))
    if (kind !== undefined) {
      const denied = routes.guard(view, result.auth, { kind: 'auth' })
      if (denied) return withHeaders(toWebResponse(denied), result)
    }
    const headers = new Headers(request.headers)
    headers.set(RETURN_TO_HEADER, target)
    if (result.setCookies.length > 0) {
      headers.set('cookie', cookieHeaderAfter(request.headers.get('cookie'), result.setCookies))
    }
    return withHeaders(NextResponse.next({ request: { headers } }), result)
  }
}
