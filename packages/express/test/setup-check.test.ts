import { BASE_URL, type KitFixture, SESSION_SECRET, startKit } from '@kit/adapter-suite'
import { KitClient, type KitError } from '@kit/core'
import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type KitExpressOptions, kitExpress } from '../src/index.js'

// Express-only translation of the start-up check and of onError for callback failures;
// the checks themselves are core's (packages/core/test/oidc/setup-check.test.ts).
let fixture: KitFixture
beforeAll(async () => {
  fixture = await startKit()
})
afterAll(() => fixture?.emu.stop())

const recorder = () => {
  const lines: string[] = []
  return {
    lines,
    logger: { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(`ERROR ${m}`) },
  }
}

function appWith(options: KitExpressOptions): express.Express {
  const app = express()
  app.use(kitExpress({ baseUrl: BASE_URL, session: { secret: SESSION_SECRET }, ...options }))
  app.get('/public', (_req, res) => res.send('public page'))
  app.use(
    (err: KitError, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ code: err.code, message: err.message })
    },
  )
  return app
}

const wrongSecretKit = () =>
  new KitClient({
    environmentUrl: fixture.emu.url,
    clientId: fixture.emu.clientId,
    clientSecret: 'sks_not_the_secret',
  })

describe('kitExpress checkSetupOnStart', () => {
  it("'fail': requests fail with the check's message until the setup is fixed", async () => {
    const { lines, logger } = recorder()
    const app = appWith({ kit: wrongSecretKit(), logger, checkSetupOnStart: 'fail' })
    for (const path of ['/public', '/auth/login']) {
      const res = await request(app).get(path)
      expect(res.status).toBe(500)
      expect(res.body.code).toBe('ERR_KIT_CONFIG')
      expect(res.body.message).toContain("the setup check failed (checkSetupOnStart: 'fail')")
      expect(res.body.message).toContain('Check KIT_CLIENT_ID and KIT_CLIENT_SECRET')
    }
    expect(lines.join('\n')).toContain('ERROR kit: setup check failed (invalid_client_credentials)')
  })

  it("'fail' with a right setup serves requests", async () => {
    const app = appWith({ kit: fixture.kit, checkSetupOnStart: 'fail' })
    const res = await request(app).get('/public')
    expect(res.status).toBe(200)
    expect(res.text).toBe('public page')
  })

  it("'warn': logs each failure through logger.error and keeps serving", async () => {
    const { lines, logger } = recorder()
    const app = appWith({ kit: wrongSecretKit(), logger, checkSetupOnStart: 'warn' })
    expect((await request(app).get('/public')).status).toBe(200)
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.stringContaining('ERROR kit: setup check failed (invalid_client_credentials)'),
      ),
    )
  })

  it('is off by default under NODE_ENV=test', async () => {
    const { lines, logger } = recorder()
    const app = appWith({ kit: wrongSecretKit(), logger })
    expect((await request(app).get('/public')).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(lines).toEqual([])
  })
})

describe('kitExpress onError for callback failures', () => {
  const state = 'a'.repeat(43)

  it('receives the KitError behind the error page and may answer instead', async () => {
    const seen: unknown[] = []
    const app = appWith({
      kit: fixture.kit,
      logger: recorder().logger,
      onError: (err, _req, res) => {
        seen.push(err)
        res.status(400).send('our own sign-in error page')
      },
    })
    const res = await request(app).get(`/auth/callback?code=abc&state=${state}`)
    expect(res.text).toBe('our own sign-in error page')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ code: 'ERR_KIT_STATE_MISMATCH' })
  })

  it("the kit's page is sent when onError does not answer", async () => {
    const seen: string[] = []
    const app = appWith({
      kit: fixture.kit,
      logger: recorder().logger,
      onError: (err) => void seen.push((err as KitError).code),
    })
    const res = await request(app)
      .get('/auth/callback?error=access_denied')
      .set('accept', 'application/json')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('authorization_error')
    expect(seen).toEqual(['ERR_KIT_OAUTH'])
  })
})
