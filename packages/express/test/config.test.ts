import { KitClient, KitError } from '@kit/core'
import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import {
  kitExpress,
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRole,
} from '../src/index.js'
import { BASE_URL, SESSION_SECRET, WEBHOOK_SECRET } from './constants.js'

// No network at start-up: a client for an address nothing listens on is enough here.
const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:9',
  clientId: 'skc_config_test',
  clientSecret: 'sks_config_test',
})

function startupError(fn: () => unknown): KitError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
    return error as KitError
  }
  throw new Error('expected a start-up error')
}

describe('kitExpress start-up configuration', () => {
  it('names the environment variables when no client is given or configured', () => {
    const err = startupError(() => kitExpress({ env: {} }))
    expect(err.message).toMatch(/KIT_ENVIRONMENT_URL|environmentUrl/)
  })

  it('names baseUrl / KIT_BASE_URL when missing', () => {
    const err = startupError(() =>
      kitExpress({ kit, session: { secret: SESSION_SECRET }, env: {} }),
    )
    expect(err.message).toContain('baseUrl')
    expect(err.message).toContain('KIT_BASE_URL')
  })

  it('names session.secret / KIT_SESSION_SECRET when missing', () => {
    const err = startupError(() => kitExpress({ kit, baseUrl: BASE_URL, env: {} }))
    expect(err.message).toContain('session.secret')
    expect(err.message).toContain('KIT_SESSION_SECRET')
  })

  it('rejects a short session secret, naming it', () => {
    const err = startupError(() =>
      kitExpress({ kit, baseUrl: BASE_URL, session: { secret: 'short' }, env: {} }),
    )
    expect(err.message).toContain('session.secret')
  })

  it('rejects a baseUrl that is not an origin, naming it', () => {
    for (const baseUrl of ['not a url', 'ftp://app.example.com', 'https://app.example.com/app']) {
      const err = startupError(() =>
        kitExpress({ kit, baseUrl, session: { secret: SESSION_SECRET }, env: {} }),
      )
      expect(err.message).toContain('baseUrl')
    }
  })

  it('rejects an unusable webhook secret, naming it', () => {
    const err = startupError(() =>
      kitExpress({
        kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: 'whsec_',
        env: {},
      }),
    )
    expect(err.message).toContain('webhookSecret')
  })

  it('rejects onWebhook without a webhook secret, naming KIT_WEBHOOK_SECRET', () => {
    const err = startupError(() =>
      kitExpress({
        kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        onWebhook: () => {},
        env: {},
      }),
    )
    expect(err.message).toContain('KIT_WEBHOOK_SECRET')
  })

  it('reads every setting from the environment when not given in code', async () => {
    const app = express()
    app.use(
      kitExpress({
        env: {
          KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
          KIT_CLIENT_ID: 'skc_env',
          KIT_CLIENT_SECRET: 'sks_env',
          KIT_BASE_URL: BASE_URL,
          KIT_SESSION_SECRET: `${SESSION_SECRET}-new,${SESSION_SECRET}`,
          KIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        },
      }),
    )
    const login = await request(app).get('/auth/login')
    expect(login.status).toBe(302)
    const authorize = new URL(login.headers.location!)
    expect(authorize.origin).toBe('http://127.0.0.1:9')
    expect(authorize.searchParams.get('client_id')).toBe('skc_env')
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
    // KIT_WEBHOOK_SECRET enabled the webhook route: unsigned deliveries are refused.
    const hook = await request(app)
      .post('/webhooks')
      .set('content-type', 'application/json')
      .send('{}')
    expect(hook.status).toBe(401)
  })

  it('allowGetLogout adds GET on the logout path; other methods still get 405', async () => {
    const app = express()
    app.use(
      kitExpress({
        kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        allowGetLogout: true,
        env: {},
      }),
    )
    expect((await request(app).get('/auth/logout')).status).toBe(302)
    const put = await request(app).put('/auth/logout')
    expect(put.status).toBe(405)
    expect(put.headers.allow).toBe('POST, GET')
  })

  it('guards refuse empty requirements when declared', () => {
    startupError(() => requirePermission())
    startupError(() => requireRole())
    startupError(() => requirePermission(''))
    startupError(() => requireOrganization(''))
  })

  it('a guard on a request kitExpress never saw fails closed, naming the fix', async () => {
    const app = express()
    app.get('/dashboard', requireAuth(), (_req, res) => res.send('secret'))
    app.use(
      (
        err: KitError,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).json({ code: err.code, message: err.message })
      },
    )
    const res = await request(app).get('/dashboard')
    expect(res.text).not.toContain('secret')
    expect(res.body.code).toBe('ERR_KIT_CONFIG')
    expect(res.body.message).toContain('kitExpress')
  })
})
