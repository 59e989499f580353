import {
  type AuthenticateResult,
  createKitRoutes,
  type KitEnvConfig,
  resolveEnvConfig,
} from '@kit/core'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import fp from 'fastify-plugin'
import { createGuards } from './guards.js'
import { appendSetCookies, sendWebResponse } from './reply-translator.js'
import { toKitRequestLike, toWebRequest } from './request-translator.js'
import { type KitInstanceState, kKitRoute, kRequestState, setRequestState } from './state.js'

/**
 * Options of the `kitFastify` plugin: the core route configuration; anything required
 * but not given is read from `KIT_*` environment variables.
 */
export interface KitFastifyOptions extends KitEnvConfig {}

/** Same cap as core's default webhook limit; Fastify answers 413 above it. */
const DEFAULT_BODY_LIMIT = 1024 * 1024

function isKitRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { [kKitRoute]?: boolean } | undefined
  return config?.[kKitRoute] === true
}

function kitHandler(state: KitInstanceState, readsBody: boolean) {
  return async function kitRoute(request: FastifyRequest, reply: FastifyReply) {
    let body: Uint8Array | undefined
    if (readsBody) body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0)
    const response = await state.routes.handle(toWebRequest(request, state.origin, body))
    if (!response) return reply.callNotFound()
    return sendWebResponse(reply, response)
  }
}

/** Methods answered on a kit path besides its own: core replies 405 with `Allow`. */
const OTHER_METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Registers the kit's routes in their own encapsulated scope, whose only content-type
 * parser keeps every body as the raw Buffer received: webhook signatures are checked
 * over those bytes, and the app's parsers are untouched elsewhere.
 */
async function registerKitRoutes(
  app: FastifyInstance,
  state: KitInstanceState,
  bodyLimit: number,
): Promise<void> {
  await app.register(async function kitRoutes(scope) {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, payload, done) => {
      done(null, payload)
    })
    const paths = new Set(state.routes.endpoints.map((e) => e.path))
    for (const path of paths) {
      const own = state.routes.endpoints.filter((e) => e.path === path)
      for (const endpoint of own) {
        scope.route({
          method: endpoint.method,
          url: path,
          exposeHeadRoute: false,
          bodyLimit,
          config: { [kKitRoute]: true },
          handler: kitHandler(state, endpoint.body),
        })
      }
      const others = OTHER_METHODS.filter((m) => !own.some((e) => e.method === m))
      scope.route({
        method: others,
        url: path,
        exposeHeadRoute: false,
        bodyLimit,
        config: { [kKitRoute]: true },
        handler: kitHandler(state, false),
      })
    }
  })
}

async function kitFastifyPlugin(app: FastifyInstance, options: KitFastifyOptions): Promise<void> {
  const config = resolveEnvConfig(options, process.env)
  const routes = createKitRoutes(config)
  const state: KitInstanceState = { routes, origin: new URL(routes.redirectUri).origin }
  const bodyLimit = config.webhookMaxBytes ?? DEFAULT_BODY_LIMIT

  app.decorateRequest('auth', null)
  app.decorateRequest(kRequestState, null)
  const guards = createGuards(state)
  app.decorate('requireAuth', guards.requireAuth)
  app.decorate('requirePermission', guards.requirePermission)
  app.decorate('requireRole', guards.requireRole)
  app.decorate('requireOrganization', guards.requireOrganization)

  const apply = (request: FastifyRequest, reply: FastifyReply, result: AuthenticateResult) => {
    setRequestState(request, { auth: result.auth })
    request.auth = result.auth
    if (result.setCookies.length > 0) {
      appendSetCookies(reply, result.setCookies)
      reply.header('cache-control', 'no-store')
    }
  }
  // A callback hook, not an async one: the common request (no credentials, or a session
  // already unsealed here) is answered synchronously by `peekAuthentication`, with no
  // promise on the way to the handler.
  app.addHook('onRequest', function kitReadSession(request, reply, done) {
    if (isKitRoute(request)) return done()
    const view = toKitRequestLike(request, state.origin)
    const quick = routes.peekAuthentication(view)
    if (quick !== undefined) {
      apply(request, reply, quick)
      return done()
    }
    routes.authenticate(view).then((result) => {
      apply(request, reply, result)
      done()
    }, done)
  })

  await registerKitRoutes(app, state, bodyLimit)
}

/**
 * The auth kit as a Fastify 5 plugin: serves the login, callback, logout and webhook
 * routes (bodies kept as raw bytes by a content-type parser scoped to those routes;
 * other methods on their paths get core's 405), reads the session on every other request into `request.auth`, and adds
 * `app.requireAuth()`, `app.requirePermission()`, `app.requireRole()` and
 * `app.requireOrganization()` preHandler factories. Invalid options reject
 * `register` with the setting named.
 *
 * @example
 * ```ts
 * await app.register(kitFastify, { kit, baseUrl: 'https://app.example.com', session: { secret } })
 * app.get('/admin', { preHandler: app.requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export const kitFastify = fp(kitFastifyPlugin, { name: '@kit/fastify', fastify: '5.x' })
