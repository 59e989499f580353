import { createKitRoutes, type KitEndpoint } from '@kit/core'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type KitEnvConfig, resolveEnvConfig } from './env-options.js'
import { createGuards } from './guards.js'
import { appendSetCookies, sendWebResponse } from './reply-translator.js'
import { toKitRequestLike, toWebRequest } from './request-translator.js'
import {
  type KitInstanceState,
  kInstanceState,
  kKitRoute,
  kRequestState,
  setRequestState,
} from './state.js'

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

function kitHandler(state: KitInstanceState, endpoint: KitEndpoint) {
  return async function kitRoute(request: FastifyRequest, reply: FastifyReply) {
    let body: Uint8Array | undefined
    if (endpoint.body) body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0)
    const response = await state.routes.handle(toWebRequest(request, state.origin, body))
    if (!response) return reply.callNotFound()
    return sendWebResponse(reply, response)
  }
}

/** Registers the webhook route in its own scope, where every body arrives as a raw Buffer. */
async function registerBodyRoute(
  app: FastifyInstance,
  state: KitInstanceState,
  endpoint: KitEndpoint,
  bodyLimit: number,
): Promise<void> {
  await app.register(async function kitRawBodyScope(scope) {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, payload, done) => {
      done(null, payload)
    })
    scope.route({
      method: endpoint.method,
      url: endpoint.path,
      config: { [kKitRoute]: true },
      bodyLimit,
      handler: kitHandler(state, endpoint),
    })
  })
}

async function kitFastifyPlugin(app: FastifyInstance, options: KitFastifyOptions): Promise<void> {
  const config = resolveEnvConfig(options)
  const routes = createKitRoutes(config)
  const state: KitInstanceState = { routes, origin: new URL(routes.redirectUri).origin }
  const bodyLimit = config.webhookMaxBytes ?? DEFAULT_BODY_LIMIT

  app.decorate(kInstanceState, state)
  app.decorateRequest('auth', null)
  app.decorateRequest(kRequestState, null)
  const guards = createGuards(state)
  app.decorate('requireAuth', guards.requireAuth)
  app.decorate('requirePermission', guards.requirePermission)
  app.decorate('requireRole', guards.requireRole)
  app.decorate('requireOrganization', guards.requireOrganization)

  app.addHook('onRequest', async function kitReadSession(request, reply) {
    if (isKitRoute(request)) return
    const { auth, setCookies } = await routes.authenticate(toKitRequestLike(request, state.origin))
    setRequestState(request, { auth })
    request.auth = auth
    if (setCookies.length > 0) {
      appendSetCookies(reply, setCookies)
      reply.header('cache-control', 'no-store')
    }
  })

  for (const endpoint of routes.endpoints) {
    if (endpoint.body) {
      await registerBodyRoute(app, state, endpoint, bodyLimit)
      continue
    }
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      exposeHeadRoute: false,
      config: { [kKitRoute]: true },
      handler: kitHandler(state, endpoint),
    })
  }
}

/**
 * The auth kit as a Fastify 5 plugin: serves the login, callback, logout and webhook
 * routes (webhook bodies kept as raw bytes by a content-type parser scoped to that
 * route), reads the session on every other request into `request.auth`, and adds
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
