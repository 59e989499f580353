/**
 * One Fastify instance of the app, in its own process (see express-instance.ts): the
 * kit plugin with the shared Redis stores, and the same test routes.
 */
import { kitFastify } from '@kit/fastify'
import { redisStores } from '@kit/redis'
import Fastify from 'fastify'
import { readInstanceEnv } from './instance-env.js'
import { createWebhookCalls } from './webhook-calls.js'

const env = readInstanceEnv()
const stores = redisStores({ url: env.redisUrl })
const webhookCalls = createWebhookCalls()

const app = Fastify({ logger: false })
await app.register(kitFastify, {
  ...stores,
  refreshSkewSeconds: env.refreshSkewSeconds,
  apiPrefixes: ['/api/'],
  onWebhook: (event) => webhookCalls.record(event),
})
app.get('/api/me', { preHandler: app.requireAuth() }, async (request) => {
  const auth = request.auth!
  return {
    instance: env.name,
    user: auth.user.id,
    sessionId: auth.sessionId,
    expiresAt: auth.expiresAt,
  }
})
app.get('/test/webhook-calls', async () => ({
  instance: env.name,
  calls: webhookCalls.snapshot(),
}))
app.get('/test/redis-metrics', async () => ({ instance: env.name, metrics: stores.metrics }))

await app.listen({ port: env.port, host: '127.0.0.1' })
process.stdout.write('ready\n')
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => stores.close())
    .finally(() => process.exit(0))
})
