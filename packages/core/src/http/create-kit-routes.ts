import { authenticateRequest, NO_HEADERS, peekAuthentication, peekSession } from './authenticate.js'
import { createEngine } from './engine.js'
import { guardRequest } from './guard.js'
import { requestTarget } from './request-kind.js'
import { jsonError } from './responses.js'
import { listEndpoints, resolveRoutes } from './route-table.js'
import { resolveRoutesConfig } from './routes-config.js'
import { startSetupCheck } from './startup-check.js'
import type { AuthenticateResult, KitAuthentication, KitRoutes, KitRoutesConfig } from './types.js'

/**
 * Adds the headers a response must carry when the session changed: each `Set-Cookie`,
 * then `Cache-Control: no-store` (a per-user cookie must never reach a shared cache).
 * Every adapter copies these as they are, so none can forget the cache header.
 */
function withResponseHeaders(result: AuthenticateResult): KitAuthentication {
  // The engine builds a fresh result for every request, so the headers are added to it
  // rather than copied into another object on the guarded-request hot path.
  const out = result as { -readonly [K in keyof KitAuthentication]: KitAuthentication[K] }
  const { setCookies } = result
  if (setCookies.length === 0) {
    // The shared no-credentials answer is frozen and already says so.
    if (out.responseHeaders !== NO_HEADERS) out.responseHeaders = NO_HEADERS
    return out
  }
  const responseHeaders: Array<readonly [string, string]> = setCookies.map(
    (cookie) => ['set-cookie', cookie] as const,
  )
  responseHeaders.push(['cache-control', 'no-store'])
  out.responseHeaders = responseHeaders
  return out
}

/**
 * Creates the framework-neutral route engine every adapter wraps: the kit's routes
 * (`handle`), request authentication (`authenticate`) and guard decisions (`guard`).
 * The config is validated here, so a bad setting fails at start-up naming the setting.
 *
 * @example
 * ```ts
 * const routes = createKitRoutes({
 *   kit: new KitClient({ environmentUrl, clientId, clientSecret }),
 *   baseUrl: 'http://localhost:3000',
 *   session: { secret: env.KIT_SESSION_SECRET },
 * })
 * const response = (await routes.handle(request)) ?? appHandler(request)
 * ```
 */
export function createKitRoutes(config: KitRoutesConfig): KitRoutes {
  const engine = createEngine(resolveRoutesConfig(config))
  const routes = resolveRoutes(engine.config)
  const endpoints = Object.freeze(listEndpoints(routes))

  return {
    endpoints,
    redirectUri: engine.config.redirectUri,
    origin: engine.config.origin,
    ready: startSetupCheck(engine.config),
    async handle(request) {
      const route = routes.get(requestTarget(request.url, engine.config.origin).pathname)
      if (route === undefined) return null
      const method = request.method.toUpperCase()
      if (!route.methods.includes(method as 'GET' | 'POST')) {
        return jsonError(
          405,
          'method_not_allowed',
          `Use ${route.methods.join(' or ')} for ${route.path}`,
          {
            headers: { allow: route.methods.join(', ') },
          },
        )
      }
      return route.definition.run(engine, request)
    },
    authenticate: async (req) => withResponseHeaders(await authenticateRequest(engine, req)),
    peekAuthentication: (req) => {
      const result = peekAuthentication(engine, req)
      return result === undefined ? undefined : withResponseHeaders(result)
    },
    peekSession: (cookieHeader) => {
      const result = peekSession(engine, cookieHeader)
      return result === undefined ? undefined : withResponseHeaders(result)
    },
    guard: (req, auth, requirement) => guardRequest(engine, req, auth, requirement),
  }
}
