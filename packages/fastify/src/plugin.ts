import { createKitRoutes, type KitAuthentication } from '@kit/core'
import {
  bodyErrorResponse,
  bodyTooLarge,
  type KitEnvConfig,
  resolveEnvConfig,
  routeFailureOf,
} from '@kit/core/adapter'
import { peekNodeAuthentication, retainNextTickShape } from '@kit/core/node'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import fp from 'fastify-plugin'
import { createGuards } from './guards.js'
import { appendResponseHeaders, sendWebResponse } from './reply-translator.js'
import { toKitRequestLike, toWebRequest } from './request-translator.js'
import { type KitInstanceState, kInstanceState, kRequestState, setRequestState } from './state.js'

/**
 * Options of the `kitFastify` plugin: the core route configuration (anything required
 * but not given is read from `KIT_*` environment variables) plus Fastify-only hooks.
 */
export interface KitFastifyOptions extends KitEnvConfig {
  /**
   * Called when a sign-in callback fails, with the `KitError` behind the kit's error
   * page (`ERR_KIT_STATE_MISMATCH`, the code exchange's error, the identity provider's
   * `error`). Send a reply to take over; otherwise the kit's page is sent. Unexpected
   * errors of the kit's routes go to Fastify's error handler as usual.
   */
  onError?: (err: unknown, request: FastifyRequest, reply: FastifyReply) => unknown
}

function kitHandler(state: KitInstanceState, readsBody: boolean) {
  return async function kitRoute(request: FastifyRequest, reply: FastifyReply) {
    let body: Uint8Array | undefined
    if (readsBody) body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0)
    const response = await state.routes.handle(toWebRequest(request, state.origin, body))
    if (!response) return reply.callNotFound()
    const failure = state.onError ? routeFailureOf(response) : undefined
    if (failure) {
      await state.onError!(failure, request, reply)
      if (reply.sent) return reply
    }
    return sendWebResponse(reply, response)
  }
}

/** Methods answered on a kit path besides its own: core replies 405 with `Allow`. */
const OTHER_METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Registers the kit's routes in their own encapsulated scope, whose only content-type
 * parser keeps every body as the raw Buffer received: webhook signatures are checked
 * over those bytes, and the app's parsers are untouched elsewhere. Each route takes at
 * most its endpoint's `maxBodyBytes`; above it the kit's 413 JSON is sent.
 */
async function registerKitRoutes(
  app: FastifyInstance,
  state: KitInstanceState,
  onScope: (scope: FastifyInstance) => void,
): Promise<void> {
  const { endpoints } = state.routes
  await app.register(async function kitRoutes(scope) {
    onScope(scope)
    scope.removeAllContentTypeParsers()
    // Route limits override this one; it only covers a route whose limit is 0.
    const bodyLimit = Math.max(1, ...endpoints.map((e) => e.maxBodyBytes))
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, payload, done) => {
      done(null, payload)
    })
    scope.setErrorHandler((error, request, reply) => {
      if ((error as { code?: unknown }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error
      const limit = request.routeOptions.bodyLimit ?? bodyLimit
      return sendWebResponse(reply, bodyErrorResponse(bodyTooLarge(limit))!)
    })
    for (const path of new Set(endpoints.map((e) => e.path))) {
      const own = endpoints.filter((e) => e.path === path)
      for (const endpoint of own) {
        scope.route({
          method: endpoint.method,
          url: path,
          exposeHeadRoute: false,
          bodyLimit: endpoint.maxBodyBytes,
          handler: kitHandler(state, endpoint.body),
        })
      }
      const others = OTHER_METHODS.filter((m) => !own.some((e) => e.method === m))
      scope.route({
        method: others,
        url: path,
        exposeHeadRoute: false,
        bodyLimit: Math.min(...own.map((e) => e.maxBodyBytes)),
        handler: kitHandler(state, false),
      })
    }
  })
}

async function kitFastifyPlugin(app: FastifyInstance, options: KitFastifyOptions): Promise<void> {
  const { onError, ...config } = options
  const routes = createKitRoutes(resolveEnvConfig(config, process.env))
  retainNextTickShape()
  // 'fail' mode: `register` rejects with what to fix; otherwise this resolves at once.
  await routes.ready
  const state: KitInstanceState = { routes, origin: routes.origin, onError }

  app.decorateRequest('auth', null)
  app.decorateRequest(kRequestState, null)
  app.decorate(kInstanceState, state)
  const guards = createGuards(() => state)
  app.decorate('requireAuth', guards.requireAuth)
  app.decorate('requirePermission', guards.requirePermission)
  app.decorate('requireRole', guards.requireRole)
  app.decorate('requireOrganization', guards.requireOrganization)
  app.decorate('requireRecentLogin', guards.requireRecentLogin)

  // The kit's routes live in their own scope, and a request's `server` is the scope of its
  // route: one comparison tells them apart (`routeOptions` builds an object per call).
  let kitScope: FastifyInstance | undefined
  // The request's state is core's answer itself: one frozen object shared by every
  // request without credentials, and one per settled session, so reading the session
  // allocates nothing per request.
  const apply = (request: FastifyRequest, reply: FastifyReply, result: KitAuthentication) => {
    setRequestState(request, result)
    if (result.auth !== null) request.auth = result.auth
    if (result.responseHeaders.length > 0) appendResponseHeaders(reply, result.responseHeaders)
  }
  // A callback hook, not an async one: the common request (no credentials, or a session
  // already unsealed here) is answered synchronously, with no promise on the way to the
  // handler.
  app.addHook('onRequest', function kitReadSession(request, reply, done) {
    // The kit's own routes read the session themselves when they need it.
    if (request.server === kitScope) return done()
    const quick = peekNodeAuthentication(routes, request.raw)
    if (quick !== undefined) {
      apply(request, reply, quick)
      return done()
    }
    const view = toKitRequestLike(request, state.origin)
    routes.authenticate(view).then((result) => {
      apply(request, reply, result)
      done()
    }, done)
  })

  await registerKitRoutes(app, state, (scope) => {
    kitScope = scope
  })
}

/**
 * The auth kit as a Fastify 5 plugin: serves the login, callback, logout and webhook
 * routes (bodies kept as raw bytes by a content-type parser scoped to those routes;
 * other methods on their paths get core's 405), reads the session on every other request into `request.auth`, and adds
 * `app.requireAuth()`, `app.requirePermission()`, `app.requireRole()` and
 * `app.requireOrganization()` preHandler factories (or import `requireAuth` & co. from
 * `@kit/fastify`, which do not depend on the plugin having loaded yet). Invalid options
 * reject `register` with the setting named, as does a failed start-up check with
 * `checkSetupOnStart: 'fail'`.
 *
 * @example
 * ```ts
 * await app.register(kitFastify, { kit, baseUrl: 'https://app.example.com', session: { secret } })
 * app.get('/admin', { preHandler: app.requirePermission('org:manage') }, (req) => req.auth)
 * ```
 */
export const kitFastify = fp(kitFastifyPlugin, { name: '@kit/fastify', fastify: '5.x' })
