import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { KitError } from '@kit/core'
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

// Express-only start-up behaviour; what every adapter must refuse is in the conformance suite.
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
  it('throws from kitExpress() itself, before any request, naming the setting', () => {
    const err = startupError(() =>
      kitExpress({ kit: offlineKit(), session: { secret: SESSION_SECRET }, env: {} }),
    )
    expect(err.message).toContain('KIT_BASE_URL')
    expect(
      kitExpress({ kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    ).toEqual(expect.any(Function))
  })

  it('guards throw when declared with empty requirements', () => {
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
