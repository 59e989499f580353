import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signWebhookPayload, type WebhookEvent } from '@kit/core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kitExpress } from '../src/index.js'
import { expressVersions } from './frameworks.js'
import { BASE_URL, type KitFixture, SESSION_SECRET, startKit, WEBHOOK_SECRET } from './harness.js'

let fixture: KitFixture
let server: Server
let delivered: WebhookEvent[] = []

beforeAll(async () => {
  // The emulator delivers to this server; the app is attached once the emulator is up.
  server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  fixture = await startKit({
    webhookUrl: `http://127.0.0.1:${port}/webhooks`,
    webhookSecret: WEBHOOK_SECRET,
  })
})

afterAll(async () => {
  await fixture?.emu.stop()
  await new Promise((resolve) => server?.close(resolve))
})

/** A delivery signed over `body` exactly as given. */
async function signed(body: string, id = `msg_${Math.random().toString(36).slice(2)}`) {
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = await signWebhookPayload(WEBHOOK_SECRET, { id, timestamp, payload: body })
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  }
}

// Whitespace a JSON parser drops: a re-serialised body would no longer match.
const BODY = '{ "id": "evt_1",\n  "type": "organization.created", "data": { "id": "org_x" } }'

describe.each(expressVersions)('webhooks ($name)', ({ express }) => {
  const events: WebhookEvent[] = []

  function buildApp(before?: (app: import('express').Express) => void) {
    const app = express()
    before?.(app)
    app.use(
      kitExpress({
        kit: fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        webhookMaxBytes: 64 * 1024,
        onWebhook: (event) => {
          events.push(event)
        },
      }),
    )
    // The app's own JSON parser, after the kit, as documented.
    app.use(express.json())
    app.post('/api/items', (req, res) => res.json({ parsed: req.body }))
    return app
  }

  it('verifies the raw bytes, even with a JSON body parser in the app, and calls onWebhook', async () => {
    const app = buildApp()
    const headers = await signed(BODY)
    const res = await request(app).post('/webhooks').set(headers).send(BODY)
    expect(res.status).toBe(204)
    expect(events.at(-1)).toMatchObject({ id: 'evt_1', type: 'organization.created' })
    // The app's own body parser still works for its routes.
    const items = await request(app).post('/api/items').send({ a: 1 })
    expect(items.body).toEqual({ parsed: { a: 1 } })
  })

  it('rejects a re-serialised body (signature over the original bytes): 401', async () => {
    const app = buildApp()
    const headers = await signed(BODY)
    const before = events.length
    const reserialised = JSON.stringify(JSON.parse(BODY))
    const res = await request(app).post('/webhooks').set(headers).send(reserialised)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_webhook_signature')
    expect(events.length).toBe(before)
  })

  it('rejects missing signature headers: 401, handler not called', async () => {
    const app = buildApp()
    const before = events.length
    const res = await request(app)
      .post('/webhooks')
      .set('content-type', 'application/json')
      .send(BODY)
    expect(res.status).toBe(401)
    expect(events.length).toBe(before)
  })

  it('handles a duplicated webhook-id once', async () => {
    const app = buildApp()
    const headers = await signed(BODY, 'msg_duplicate_once')
    const before = events.length
    expect((await request(app).post('/webhooks').set(headers).send(BODY)).status).toBe(204)
    expect((await request(app).post('/webhooks').set(headers).send(BODY)).status).toBe(204)
    expect(events.length).toBe(before + 1)
  })

  it('answers 413 for a body over the limit without calling the handler', async () => {
    const app = buildApp()
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) })
    const before = events.length
    const res = await request(app)
      .post('/webhooks')
      .set(await signed(big))
      .send(big)
    expect(res.status).toBe(413)
    expect(events.length).toBe(before)
  })

  it('uses req.rawBody when a parser mounted earlier kept it', async () => {
    const app = buildApp((a) =>
      a.use(
        express.json({
          verify: (req, _res, buf) => {
            ;(req as unknown as { rawBody: Buffer }).rawBody = buf
          },
        }),
      ),
    )
    const res = await request(app)
      .post('/webhooks')
      .set(await signed(BODY))
      .send(BODY)
    expect(res.status).toBe(204)
  })

  it('fails clearly (503, no 500) when an earlier parser consumed the body without rawBody', async () => {
    const app = buildApp((a) => a.use(express.json()))
    const before = events.length
    const res = await request(app)
      .post('/webhooks')
      .set(await signed(BODY))
      .send(BODY)
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('ERR_KIT_BODY_CONSUMED')
    expect(res.body.error.message).toMatch(/before body parsers/)
    expect(events.length).toBe(before)
  })

  it('lets onError take over a failure', async () => {
    const app = express()
    app.use(express.json())
    app.use(
      kitExpress({
        kit: fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        onError: (err, _req, res) => {
          res.status(418).json({ seen: (err as { code?: string }).code })
        },
      }),
    )
    const res = await request(app)
      .post('/webhooks')
      .set(await signed(BODY))
      .send(BODY)
    expect(res.status).toBe(418)
    expect(res.body).toEqual({ seen: 'ERR_KIT_BODY_CONSUMED' })
  })
})

describe('webhooks delivered by the emulator', () => {
  it('arrive signed over the raw body and reach onWebhook', async () => {
    const express = expressVersions[0].express
    const app = express()
    app.use(
      kitExpress({
        kit: fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: fixture.emu.webhookSecret,
        onWebhook: (event) => {
          delivered.push(event)
        },
      }),
    )
    app.use(express.json())
    server.on('request', app)
    delivered = []
    fixture.emu.ctx.events.emit('organization.created', { id: 'org_delivered', display_name: 'D' })
    // emit() already starts the delivery; flushWebhooks() does not wait for one in flight.
    await fixture.emu.flushWebhooks()
    await vi.waitFor(() => expect(delivered.map((e) => e.type)).toContain('organization.created'), {
      timeout: 5000,
    })
    expect(JSON.stringify(delivered)).toContain('org_delivered')
  })
})
