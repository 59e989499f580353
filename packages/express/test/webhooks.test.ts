import {
  BASE_URL,
  offlineKit,
  SESSION_SECRET,
  signedHeaders,
  WEBHOOK_SECRET,
} from '@kit/adapter-suite'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { kitExpress } from '../src/index.js'
import { expressVersions } from './frameworks.js'

// Whitespace a JSON parser drops: a re-serialised body would no longer match.
const BODY = '{ "id": "evt_1",\n  "type": "organization.created", "data": { "id": "org_x" } }'

// Express-only: what happens when an app mounts a body parser before the kit.
describe.each(expressVersions)('webhooks behind an earlier body parser ($name)', ({ express }) => {
  const kitOptions = {
    kit: offlineKit(),
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
    webhookSecret: WEBHOOK_SECRET,
  }

  it('uses req.rawBody when a parser mounted earlier kept it', async () => {
    const app = express()
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          ;(req as unknown as { rawBody: Buffer }).rawBody = buf
        },
      }),
    )
    app.use(kitExpress(kitOptions))
    const res = await request(app)
      .post('/webhooks')
      .set(await signedHeaders(BODY))
      .send(BODY)
    expect(res.status).toBe(204)
  })

  it('fails clearly (503, no 500) when an earlier parser consumed the body without rawBody', async () => {
    let called = 0
    const app = express()
    app.use(express.json())
    app.use(
      kitExpress({
        ...kitOptions,
        onWebhook: () => {
          called++
        },
      }),
    )
    const res = await request(app)
      .post('/webhooks')
      .set(await signedHeaders(BODY))
      .send(BODY)
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('ERR_KIT_BODY_CONSUMED')
    expect(res.body.error.message).toMatch(/before body parsers/)
    expect(called).toBe(0)
  })

  it('lets onError take over a failure', async () => {
    const app = express()
    app.use(express.json())
    app.use(
      kitExpress({
        ...kitOptions,
        onError: (err, _req, res) => {
          res.status(418).json({ seen: (err as { code?: string }).code })
        },
      }),
    )
    const res = await request(app)
      .post('/webhooks')
      .set(await signedHeaders(BODY))
      .send(BODY)
    expect(res.status).toBe(418)
    expect(res.body).toEqual({ seen: 'ERR_KIT_BODY_CONSUMED' })
  })
})
