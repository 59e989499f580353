/**
 * One Express instance of the app, in its own process: the kit mounted with the shared
 * Redis stores spread into its options, exactly as docs/scaling.md shows, plus the
 * routes the test reads (who answered, how often the webhook handler ran here, and the
 * Redis stores' metrics).
 */
import { kitExpress, requireAuth } from '@kit/express'
import { redisStores } from '@kit/redis'
import express from 'express'
import { readInstanceEnv } from './instance-env.js'
import { createWebhookCalls } from './webhook-calls.js'

const env = readInstanceEnv()
const stores = redisStores({ url: env.redisUrl })
const webhookCalls = createWebhookCalls()

const app = express()
app.disable('x-powered-by')
app.use(
  kitExpress({
    ...stores,
    refreshSkewSeconds: env.refreshSkewSeconds,
    apiPrefixes: ['/api/'],
    onWebhook: (event) => webhookCalls.record(event),
  }),
)
app.get('/api/me', requireAuth(), (req, res) => {
  const auth = req.auth!
  res.json({
    instance: env.name,
    user: auth.user.id,
    sessionId: auth.sessionId,
    expiresAt: auth.expiresAt,
  })
})
app.get('/test/webhook-calls', (_req, res) => {
  res.json({ instance: env.name, calls: webhookCalls.snapshot() })
})
app.get('/test/redis-metrics', (_req, res) => {
  res.json({ instance: env.name, metrics: stores.metrics })
})

const server = app.listen(env.port, '127.0.0.1', () => process.stdout.write('ready\n'))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close()
  void stores.close().finally(() => process.exit(0))
})
