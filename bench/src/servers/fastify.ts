/**
 * The Fastify app under load (see express.ts): `bare`; `noop`, bare with one no-op
 * onRequest hook and one no-op preHandler; or `kit` with the `kitFastify` plugin and
 * `app.requireAuth()` on `/dashboard`.
 */
import { KitClient } from '@kit/core'
import { kitFastify } from '@kit/fastify'
import Fastify from 'fastify'
import { afterListening, readServerEnv } from './env.js'

// Exit normally on SIGTERM so a requested CPU profile is written.
process.on('SIGTERM', () => process.exit(0))

const env = readServerEnv()
const app = Fastify({ logger: false })

if (env.mode === 'kit') {
  const kit = new KitClient({
    environmentUrl: env.environmentUrl,
    clientId: env.clientId,
    clientSecret: env.clientSecret,
  })
  await app.register(kitFastify, {
    kit,
    baseUrl: env.baseUrl,
    session: { secret: env.sessionSecret },
  })
  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request) => ({
    user: request.auth?.user.id,
    permissions: request.auth?.permissions.length,
  }))
} else if (env.mode === 'noop') {
  // Fastify's own cost of the kit's shape: one onRequest hook and one route preHandler,
  // both callback-style and doing nothing (as express.ts's no-op middlewares).
  const pass = (_request: unknown, _reply: unknown, done: () => void) => done()
  app.addHook('onRequest', pass)
  app.get('/dashboard', { preHandler: pass }, async () => ({
    user: 'usr_anonymous',
    permissions: 0,
  }))
} else {
  app.get('/dashboard', async () => ({ user: 'usr_anonymous', permissions: 0 }))
}
app.get('/', async () => ({ page: 'home' }))

await app.listen({ port: env.port, host: '127.0.0.1' })
await afterListening(env)
