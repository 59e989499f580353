/**
 * The Fastify example: the same pages as the Express example (from
 * `@kit/example-shared`), wired with the `kitFastify` plugin and its `preHandler`
 * guards. Only the Fastify wiring lives here.
 */
import { KitClient } from '@kit/core'
import {
  createOrganizationNameLookup,
  createWebhookLog,
  type ExampleConfig,
  pageUser,
  renderAdmin,
  renderDashboard,
  renderError,
  renderHome,
  renderSecurity,
  renderWebhookEvents,
  type WebhookLog,
} from '@kit/example-shared'
import { kitFastify } from '@kit/fastify'
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify'

const FRAMEWORK = 'Fastify'

/** The app plus what tests and the demo want to look at. */
export interface FastifyExample {
  app: FastifyInstance
  /** Webhook events received so far (also shown at `/webhooks/events`). */
  webhooks: WebhookLog
}

/**
 * Builds the Fastify example for a configuration (see `loadExampleConfig`) and waits
 * until its plugins are loaded. `fastifyOptions` go to `Fastify()` (a test may pass a
 * `serverFactory` to run on a server it already listens with).
 *
 * @example
 * const { app } = await createFastifyExample(loadExampleConfig(process.env, { defaultPort: 3001 }))
 * await app.listen({ port: 3001 })
 */
export async function createFastifyExample(
  config: ExampleConfig,
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyExample> {
  const kit = new KitClient({
    environmentUrl: config.environmentUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  })
  const webhooks = createWebhookLog()
  const organizationName = createOrganizationNameLookup(
    async (id) => (await kit.organization.getOrganization(id)).organization?.displayName,
  )

  const app = Fastify(fastifyOptions)
  await app.register(kitFastify, {
    kit,
    baseUrl: config.baseUrl,
    // Both demo apps run on localhost, where cookies are shared across ports: own names.
    session: { secret: config.sessionSecret, cookieName: 'kit_example_fastify' },
    webhookSecret: config.webhookSecret,
    onWebhook: (event) => webhooks.record(event),
    apiPrefixes: ['/api/'],
  })

  app.get('/', async (request, reply) => {
    return reply.type('text/html').send(renderHome({ framework: FRAMEWORK, auth: request.auth }))
  })

  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request, reply) => {
    const auth = request.auth!
    const name = await organizationName(auth.organizationId)
    return reply
      .type('text/html')
      .send(renderDashboard({ framework: FRAMEWORK, auth, organizationName: name }))
  })

  app.get('/admin', { preHandler: app.requirePermission('org:manage') }, async (request, reply) => {
    const auth = request.auth!
    const name = await organizationName(auth.organizationId)
    return reply
      .type('text/html')
      .send(renderAdmin({ framework: FRAMEWORK, auth, organizationName: name }))
  })

  // Step-up: sensitive settings need a sign-in within the last few minutes.
  const maxAgeSeconds = config.recentLoginMaxAgeSeconds ?? 300
  app.get(
    '/account/security',
    { preHandler: app.requireRecentLogin({ maxAgeSeconds }) },
    async (request, reply) =>
      reply
        .type('text/html')
        .send(renderSecurity({ framework: FRAMEWORK, auth: request.auth!, maxAgeSeconds })),
  )

  // Under the `/api/` prefix, so a visitor gets 401 JSON instead of a login redirect.
  app.get('/api/me', { preHandler: app.requireAuth() }, async (request, reply) => {
    const { accessToken: _a, idToken: _i, ...auth } = request.auth!
    return reply.header('cache-control', 'no-store').send({ auth })
  })

  app.get('/webhooks/events', async (request, reply) => {
    const user = pageUser(request.auth)
    return reply
      .type('text/html')
      .send(renderWebhookEvents({ framework: FRAMEWORK, user, events: webhooks.list() }))
  })

  app.setNotFoundHandler(async (request, reply) => {
    const message = `Nothing lives at ${request.url.split('?')[0]}.`
    const page = renderError({
      framework: FRAMEWORK,
      user: pageUser(request.auth ?? null),
      status: 404,
      title: 'Not found',
      message,
    })
    return reply.code(404).type('text/html').send(page)
  })

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) request.log.error(error)
    const message =
      status >= 500 ? 'Something went wrong while handling this request.' : error.message
    const page = renderError({
      framework: FRAMEWORK,
      user: pageUser(request.auth ?? null),
      status,
      title: status >= 500 ? 'Error' : 'Bad request',
      message,
    })
    return reply.code(status).type('text/html').send(page)
  })

  await app.ready()
  return { app, webhooks }
}
