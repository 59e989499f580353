/**
 * A guarded app for the revocation-store benchmark (`redis-revocation.ts`), in its own
 * process: `kitExpress` or `kitFastify` (`BENCH_FRAMEWORK`) with `requireAuth()` on
 * `/dashboard`, and the revocation store chosen by `BENCH_REVOCATION`:
 * - `none`: a store that never finds a revocation (the check costs a function call):
 *   the baseline "no store";
 * - `memory`: the kit's default per-process store;
 * - `redis`: `...redisStores({ url: REDIS_URL })` spread in as an app deploys it (the
 *   revocation check reads the local copy that pub/sub keeps current).
 */
import { kitExpress, requireAuth } from '@kit/express'
import { kitFastify } from '@kit/fastify'
import { redisStores } from '@kit/redis'
import express from 'express'
import Fastify from 'fastify'
import { noRevocationStore } from '../no-revocation-store.js'
import { kitOptionsOf, readServerEnv } from './env.js'

const env = readServerEnv()
const framework = process.env['BENCH_FRAMEWORK']
const revocation = process.env['BENCH_REVOCATION']
if (framework !== 'express' && framework !== 'fastify') {
  throw new Error(`bench server: bad BENCH_FRAMEWORK ${framework}`)
}

/** The adapter options that select the store, and how to let go of it on SIGTERM. */
function storeOptions(): { options: object; close: () => Promise<void> } {
  const none = async () => {}
  if (revocation === 'none') return { options: { revocationStore: noRevocationStore }, close: none }
  if (revocation === 'memory') return { options: {}, close: none }
  if (revocation === 'redis') {
    const url = process.env['REDIS_URL']
    if (!url) throw new Error('bench server: REDIS_URL is not set')
    const stores = redisStores({ url })
    return { options: stores, close: () => stores.close() }
  }
  throw new Error(`bench server: bad BENCH_REVOCATION ${revocation}`)
}

const store = storeOptions()
// Exit normally on SIGTERM (so a requested CPU profile is written), Redis closed first.
process.on('SIGTERM', () => void store.close().finally(() => process.exit(0)))
const options = { ...kitOptionsOf(env), ...store.options }

if (framework === 'express') {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(kitExpress(options))
  app.get('/dashboard', requireAuth(), (req, res) => {
    res.json({ user: req.auth?.user.id, permissions: req.auth?.permissions.length })
  })
  app.listen(env.port, '127.0.0.1', () => process.stdout.write('ready\n'))
} else {
  const app = Fastify({ logger: false })
  await app.register(kitFastify, options)
  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request) => ({
    user: request.auth?.user.id,
    permissions: request.auth?.permissions.length,
  }))
  await app.listen({ port: env.port, host: '127.0.0.1' })
  process.stdout.write('ready\n')
}
