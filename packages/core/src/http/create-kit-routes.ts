import { authenticateRequest, peekAuthentication } from './authenticate.js'
import { resolveRoutesConfig } from './config.js'
import { createEngine } from './engine.js'
import { guardRequest } from './guard.js'
import { requestTarget } from './request-kind.js'
import { jsonError } from './responses.js'
import { listEndpoints, resolveRoutes } from './route-table.js'
import type { KitRoutes, KitRoutesConfig } from './types.js'

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
    authenticate: (req) => authenticateRequest(engine, req),
    peekAuthentication: (req) => peekAuthentication(engine, req),
    guard: (req, auth, requirement) => guardRequest(engine, req, auth, requirement),
  }
}
