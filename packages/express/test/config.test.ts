import { BASE_URL, configError, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import type { KitError } from '@kit/core'
import { createTestSession } from '@kit/core/testing'
import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import * as kitExpressApi from '../src/index.js'

const { kitExpress, requireAuth } = kitExpressApi

/** Answers a failed request with the error's code and message, for the tests to read. */
function reportError(
  err: KitError,
  _req: express.Request,
  res: express.Response,
  _next: express.NextFunction,
): void {
  res.status(500).json({ code: err.code, message: err.message })
}

// Express-only start-up behaviour; what every adapter must refuse is in the conformance suite.
describe('kitExpress start-up configuration', () => {
  it('throws from kitExpress() itself, before any request, naming the setting', () => {
    expect(() =>
      kitExpress({ kit: offlineKit(), session: { secret: SESSION_SECRET }, env: {} }),
    ).toThrow(configError('KIT_BASE_URL'))
    const valid = { kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }
    expect(kitExpress(valid)).toEqual(expect.any(Function))
  })

  it('guards throw when declared with empty requirements', () => {
    expect(() => kitExpressApi.requirePermission()).toThrow(configError())
    expect(() => kitExpressApi.requireRole()).toThrow(configError())
    expect(() => kitExpressApi.requirePermission('')).toThrow(configError())
    expect(() => kitExpressApi.requireOrganization('')).toThrow(configError())
  })

  it('a guard on a request kitExpress never saw fails closed, naming the fix', async () => {
    const app = express()
    app.get('/dashboard', requireAuth(), (_req, res) => res.send('secret'))
    app.use(reportError)
    const res = await request(app).get('/dashboard')
    expect(res.text).not.toContain('secret')
    expect(res.body.code).toBe('ERR_KIT_CONFIG')
    expect(res.body.message).toContain('kitExpress')
  })

  it('a guard after the app replaced res.locals fails closed too, naming res.locals', async () => {
    const app = express()
    app.use(
      kitExpress({ kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    app.use((_req, res, next) => {
      res.locals = { page: 'replaced' }
      next()
    })
    app.get('/dashboard', requireAuth(), (_req, res) => res.send('secret'))
    app.use(reportError)
    const session = await createTestSession({ secret: SESSION_SECRET, user: { id: 'usr_ada' } })
    const res = await request(app).get('/dashboard').set('cookie', session)
    expect(res.text).not.toContain('secret')
    expect(res.body.code).toBe('ERR_KIT_CONFIG')
    expect(res.body.message).toContain('res.locals')
  })
})
