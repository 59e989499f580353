/**
 * Child of test/protectors.test.ts: an Express app, bare or with `kitExpress` mounted and
 * a guarded route, serves a public request, a guarded one without a cookie and one with
 * a cookie that does not unseal (over node:http: `fetch` would detach buffers in both),
 * then prints `done`. The kit is configured against an address nothing answers, with its
 * start-up check off, so nothing is fetched.
 */
import { request } from 'node:http'
import { KitClient } from '@kit/core'
import { kitExpress, requireAuth } from '@kit/express'
import express from 'express'

const app = express()
if (process.argv[2] === 'kit') {
  const kit = new KitClient({
    environmentUrl: 'http://127.0.0.1:9',
    clientId: 'client_protectors',
    clientSecret: 'secret_protectors',
  })
  app.use(
    kitExpress({
      kit,
      baseUrl: 'http://localhost:3000',
      session: { secret: 'protectors-session-secret-of-32-chars' },
      checkSetupOnStart: false,
    }),
  )
  app.get('/dashboard', requireAuth(), (req, res) => {
    res.json({ user: req.auth?.user.id })
  })
} else {
  app.get('/dashboard', (_req, res) => {
    res.json({ user: null })
  })
}
app.get('/', (_req, res) => {
  res.json({ page: 'home' })
})

const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const { port } = server.address() as { port: number }
const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<void>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume()
      res.once('end', resolve)
    })
      .once('error', reject)
      .end()
  })
for (let i = 0; i < 200; i++) {
  await get('/')
  await get('/dashboard', { accept: 'application/json' })
  await get('/dashboard', { cookie: 'kit_session=Fe26.2**not-a-seal' })
}
await new Promise((resolve) => server.close(resolve))
process.stdout.write('done\n')
