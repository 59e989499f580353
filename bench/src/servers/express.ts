/**
 * The Express app under load, in its own process so the load generator does not share
 * its event loop. `BENCH_MODE=bare` is plain Express; `kit` mounts `kitExpress` and
 * guards `/dashboard` with `requireAuth()`; `eoc` is the peer express-openid-connect with
 * its `requiresAuth()`. All answer the same JSON shape. `/denied` and `/account` (bare)
 * send the bytes of the kit's denials, to an API client and to a browser.
 */
import { retainNextTickShape } from '@kit/core/node'
import { kitExpress, requireAuth } from '@kit/express'
import express from 'express'
import eoc from 'express-openid-connect'
import { readBeforeStep, runBeforeStep } from './before.js'
import { afterListening, DENIED, kitOptionsOf, loginRedirect, readServerEnv } from './env.js'

// Exit normally on SIGTERM so a requested CPU profile is written.
process.on('SIGTERM', () => process.exit(0))

const env = readServerEnv()
// The control "bare, nextTick shape kept" (throughput.ts): what the kit's adapter does.
if (env.keepTickShape) retainNextTickShape()
const before = readBeforeStep()
if (before) {
  await runBeforeStep(before, env, async (withKit) =>
    withKit
      ? express().use(kitExpress(kitOptionsOf(env, { check: false })))
      : express().get('/', home),
  )
}
const app = express()
app.disable('x-powered-by')
app.disable('etag')
// bench:cold-sessions and bench:memory read the server's memory and cache fill here.
if (process.env['BENCH_STATS'] === '1') {
  app.get('/__bench/stats', (await import('./stats.js')).statsHandler)
}

if (env.mode === 'kit') {
  app.use(kitExpress(kitOptionsOf(env, { check: env.kitCheck })))
  const dashboard: express.RequestHandler = (req, res) => {
    res.json({ user: req.auth?.user.id, permissions: req.auth?.permissions.length })
  }
  app.get('/dashboard', requireAuth(), dashboard)
  app.get('/account', requireAuth(), dashboard)
} else if (env.mode === 'eoc') {
  // Peer: express-openid-connect with the same environment, its default encrypted
  // cookie session and its own guard.
  app.use(
    eoc.auth({
      issuerBaseURL: env.environmentUrl,
      baseURL: env.baseUrl,
      clientID: env.clientId,
      clientSecret: env.clientSecret,
      secret: env.sessionSecret,
      authRequired: false,
      idpLogout: false,
      authorizationParams: { response_type: 'code', scope: 'openid profile email' },
      routes: { login: '/auth/login', callback: '/auth/callback', logout: '/auth/logout' },
    }),
  )
  // Named: bench:throughput --profile tells the app's functions from the kit's by name.
  app.get('/dashboard', eoc.requiresAuth(), function eocDashboard(req, res) {
    const permissions = (req.oidc.accessToken?.access_token ?? '').length > 0 ? 1 : 0
    res.json({ user: req.oidc.user?.sub, permissions })
  })
} else if (env.mode === 'noop') {
  // The framework's own cost of the same shape: one app-level middleware and one route
  // middleware that do nothing, so the kit's ratio can be read against Express's layers.
  const pass: express.RequestHandler = (_req, _res, next) => next()
  app.use(pass)
  app.get('/dashboard', pass, bareDashboard)
  app.get('/denied', pass, bareDenied)
  app.get('/account', pass, bareLoginRedirect)
} else {
  app.get('/dashboard', bareDashboard)
  app.get('/denied', bareDenied)
  app.get('/account', bareLoginRedirect)
}
app.get('/', home)

/** What the bare app answers on `/dashboard`: the same JSON shape as the guarded route. */
function bareDashboard(_req: express.Request, res: express.Response) {
  res.json({ user: 'usr_anonymous', permissions: 0 })
}

/**
 * What the bare app answers on `/denied`: the bytes of the kit's 401 to an API request
 * without credentials (`/dashboard` with `Accept: application/json`), written the way an
 * Express app writes its own 401. throughput.ts checks both answers match before measuring.
 */
function bareDenied(_req: express.Request, res: express.Response) {
  res
    .status(401)
    .set('cache-control', 'no-store')
    .set('content-type', DENIED.contentType)
    .set('www-authenticate', 'Bearer')
    .end(DENIED.body)
}

/**
 * What the bare app answers a browser on `/account`: the kit's 302 to login with the
 * request's path as `returnTo` (servers/env.ts `loginRedirect`), as an Express app sends
 * its own.
 */
function bareLoginRedirect(req: express.Request, res: express.Response) {
  res
    .status(302)
    .set('cache-control', 'no-store')
    .set('location', loginRedirect(env.baseUrl, req.originalUrl))
    .end()
}

function home(_req: express.Request, res: express.Response) {
  res.json({ page: 'home' })
}

/** Listens on `port` and resolves once it does. */
const listen = (server: express.Express, port: number) =>
  new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))

if (env.twinPort !== undefined) {
  // The bare app again, in this (the kit's) process: see servers/env.ts `twinPort`.
  const twin = express()
  twin.disable('x-powered-by')
  twin.disable('etag')
  twin.get('/dashboard', bareDashboard)
  twin.get('/denied', bareDenied)
  twin.get('/account', bareLoginRedirect)
  twin.get('/', home)
  await listen(twin, env.twinPort)
}
// Not listening (BENCH_KIT_LISTEN=off), the kit app is still built and held by `app`.
if (env.kitListens) await listen(app, env.port)
afterListening()
