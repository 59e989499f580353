/**
 * The Express example: public home page, a dashboard behind `requireAuth()`, an admin
 * page behind `requirePermission('org:manage')`, an account security page behind
 * `requireRecentLogin()` (step-up), a JSON API, and the list of webhook
 * events received from the environment. Pages come from `@kit/example-shared`; this
 * file is only the Express wiring, which is what the example is here to show.
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
import { kitExpress, requireAuth, requirePermission, requireRecentLogin } from '@kit/express'
import express, { type ErrorRequestHandler, type Express } from 'express'

const FRAMEWORK = 'Express'

/** The app plus what tests and the demo want to look at. */
export interface ExpressExample {
  app: Express
  /** Webhook events received so far (also shown at `/webhooks/events`). */
  webhooks: WebhookLog
}

/**
 * Builds the Express example for a configuration (see `loadExampleConfig`). The app is
 * not listening yet: `server.ts` listens, tests attach it to their own server.
 *
 * @example
 * const { app } = createExpressExample(loadExampleConfig(process.env, { defaultPort: 3000 }))
 * app.listen(3000)
 */
export function createExpressExample(config: ExampleConfig): ExpressExample {
  const kit = new KitClient({
    environmentUrl: config.environmentUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  })
  const webhooks = createWebhookLog()
  const organizationName = createOrganizationNameLookup(
    async (id) => (await kit.organization.getOrganization(id)).organization?.displayName,
  )

  const app = express()
  app.disable('x-powered-by')
  // Mounted first so the kit reads webhook bodies raw, before any body parser.
  app.use(
    kitExpress({
      kit,
      baseUrl: config.baseUrl,
      // Both demo apps run on localhost, where cookies are shared across ports: own names.
      session: { secret: config.sessionSecret, cookieName: 'kit_example_express' },
      webhookSecret: config.webhookSecret,
      onWebhook: (event) => webhooks.record(event),
      apiPrefixes: ['/api/'],
    }),
  )

  const send = (res: express.Response, page: string, status = 200) =>
    res.status(status).type('html').send(page)

  app.get('/', (req, res) => {
    send(res, renderHome({ framework: FRAMEWORK, auth: req.auth }))
  })

  app.get('/dashboard', requireAuth(), async (req, res) => {
    const auth = req.auth!
    const name = await organizationName(auth.organizationId)
    send(res, renderDashboard({ framework: FRAMEWORK, auth, organizationName: name }))
  })

  app.get('/admin', requirePermission('org:manage'), async (req, res) => {
    const auth = req.auth!
    const name = await organizationName(auth.organizationId)
    send(res, renderAdmin({ framework: FRAMEWORK, auth, organizationName: name }))
  })

  // Step-up: sensitive settings need a sign-in within the last few minutes.
  const maxAgeSeconds = config.recentLoginMaxAgeSeconds ?? 300
  app.get('/account/security', requireRecentLogin({ maxAgeSeconds }), (req, res) => {
    send(res, renderSecurity({ framework: FRAMEWORK, auth: req.auth!, maxAgeSeconds }))
  })

  // Under the `/api/` prefix, so a visitor gets 401 JSON instead of a login redirect.
  app.get('/api/me', requireAuth(), (req, res) => {
    const { accessToken: _a, idToken: _i, ...auth } = req.auth!
    res.set('cache-control', 'no-store').json({ auth })
  })

  app.get('/webhooks/events', (req, res) => {
    const user = pageUser(req.auth)
    send(res, renderWebhookEvents({ framework: FRAMEWORK, user, events: webhooks.list() }))
  })

  app.use((req, res) => {
    const message = `Nothing lives at ${req.path}.`
    send(
      res,
      renderError({
        framework: FRAMEWORK,
        user: pageUser(req.auth),
        status: 404,
        title: 'Not found',
        message,
      }),
      404,
    )
  })

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    console.error('[example-express]', err)
    if (res.headersSent) return
    const message = 'Something went wrong while handling this request.'
    send(
      res,
      renderError({
        framework: FRAMEWORK,
        user: pageUser(req.auth ?? null),
        status: 500,
        title: 'Error',
        message,
      }),
      500,
    )
  }
  app.use(onError)

  return { app, webhooks }
}
