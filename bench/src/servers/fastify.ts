/**
 * The Fastify app under load (see express.ts): `bare`; `noop`, bare with one no-op
 * onRequest hook and one no-op preHandler; or `kit` with the `kitFastify` plugin and
 * `app.requireAuth()` on `/dashboard` and `/account`.
 */
import { retainNextTickShape } from '@kit/core/node'
import { kitFastify } from '@kit/fastify'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { readBeforeStep, runBeforeStep } from './before.js'
import { afterListening, DENIED, kitOptionsOf, loginRedirect, readServerEnv } from './env.js'

// Exit normally on SIGTERM so a requested CPU profile is written.
process.on('SIGTERM', () => process.exit(0))

const env = readServerEnv()
// The control "bare, nextTick shape kept" (throughput.ts): what the kit's adapter does.
if (env.keepTickShape) retainNextTickShape()
const before = readBeforeStep()
if (before) {
  await runBeforeStep(before, env, async (withKit) => {
    const other = Fastify({ logger: false })
    if (withKit) await other.register(kitFastify, kitOptionsOf(env, { check: false }))
    else other.get('/', home)
    await other.ready()
    return other
  })
}
const app = Fastify({ logger: false })

if (env.mode === 'kit') {
  await app.register(kitFastify, kitOptionsOf(env, { check: env.kitCheck }))
  const dashboard = async (request: FastifyRequest) => ({
    user: request.auth?.user.id,
    permissions: request.auth?.permissions.length,
  })
  app.get('/dashboard', { preHandler: app.requireAuth() }, dashboard)
  app.get('/account', { preHandler: app.requireAuth() }, dashboard)
} else if (env.mode === 'noop') {
  // Fastify's own cost of the kit's shape: one onRequest hook and one route preHandler,
  // both callback-style and doing nothing (as express.ts's no-op middlewares).
  const pass = (_request: unknown, _reply: unknown, done: () => void) => done()
  app.addHook('onRequest', pass)
  app.get('/dashboard', { preHandler: pass }, bareDashboard)
  app.get('/denied', { preHandler: pass }, bareDenied)
  app.get('/account', { preHandler: pass }, bareLoginRedirect)
} else {
  app.get('/dashboard', bareDashboard)
  app.get('/denied', bareDenied)
  app.get('/account', bareLoginRedirect)
}
app.get('/', home)

if (env.twinPort !== undefined) {
  // The bare app again, in this (the kit's) process: see servers/env.ts `twinPort`.
  const twin = Fastify({ logger: false })
  twin.get('/dashboard', bareDashboard)
  twin.get('/denied', bareDenied)
  twin.get('/account', bareLoginRedirect)
  twin.get('/', home)
  await twin.listen({ port: env.twinPort, host: '127.0.0.1' })
}
// Not listening (BENCH_KIT_LISTEN=off), the kit app is still made ready: plugins loaded.
if (env.kitListens) await app.listen({ port: env.port, host: '127.0.0.1' })
else await app.ready()
afterListening()

/** What the bare app answers on `/dashboard`: the same JSON shape as the guarded route. */
async function bareDashboard() {
  return { user: 'usr_anonymous', permissions: 0 }
}

/**
 * What the bare app answers on `/denied`: the bytes of the kit's 401 to an API request
 * without credentials (`/dashboard` with `Accept: application/json`), sent the way a
 * Fastify app sends its own 401. throughput.ts checks both answers match before measuring.
 */
async function bareDenied(_request: FastifyRequest, reply: FastifyReply) {
  reply
    .code(401)
    .header('cache-control', 'no-store')
    .header('content-type', DENIED.contentType)
    .header('www-authenticate', 'Bearer')
  return DENIED.body
}

/**
 * What the bare app answers a browser on `/account`: the kit's 302 to login with the
 * request's path as `returnTo` (servers/env.ts `loginRedirect`), as a Fastify app sends
 * its own.
 */
function bareLoginRedirect(request: FastifyRequest, reply: FastifyReply) {
  reply
    .code(302)
    .header('cache-control', 'no-store')
    .header('location', loginRedirect(env.baseUrl, request.url))
    .send()
}

async function home() {
  return { page: 'home' }
}
