/**
 * Child of test/protectors.test.ts: a Fastify app, bare or with `kitFastify` mounted and a
 * guarded route, serves a public request, a guarded one without a cookie and one with a
 * cookie that does not unseal, then prints `done`. The kit is configured against an
 * address nothing answers, with its start-up check off, so nothing is fetched.
 */
import { KitClient } from '@kit/core'
import { kitFastify } from '@kit/fastify'
import Fastify from 'fastify'

const app = Fastify({ logger: false })
if (process.argv[2] === 'kit') {
  const kit = new KitClient({
    environmentUrl: 'http://127.0.0.1:9',
    clientId: 'client_protectors',
    clientSecret: 'secret_protectors',
  })
  await app.register(kitFastify, {
    kit,
    baseUrl: 'http://localhost:3000',
    session: { secret: 'protectors-session-secret-of-32-chars' },
    checkSetupOnStart: false,
  })
  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request) => ({
    user: request.auth?.user.id,
  }))
} else {
  app.get('/dashboard', async () => ({ user: null }))
}
app.get('/', async () => ({ page: 'home' }))
await app.ready()
for (let i = 0; i < 200; i++) {
  await app.inject({ url: '/' })
  await app.inject({ url: '/dashboard', headers: { accept: 'application/json' } })
  await app.inject({ url: '/dashboard', headers: { cookie: 'kit_session=Fe26.2**not-a-seal' } })
}
await app.close()
process.stdout.write('done\n')
