import type { AddressInfo } from 'node:net'
import { KitClient, signWebhookPayload, type WebhookEvent } from '@kit/core'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kitFastify } from '../src/index.js'
import { BASE_URL, type KitFixture, SESSION_SECRET, startKit, WEBHOOK_SECRET } from './harness.js'

/** Signature headers for `body` exactly as given. */
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

describe('webhooks (fastify.inject)', () => {
  let fixture: KitFixture
  let app: FastifyInstance
  const events: WebhookEvent[] = []

  beforeAll(async () => {
    fixture = await startKit()
    app = Fastify()
    await app.register(kitFastify, {
      kit: fixture.kit,
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      webhookMaxBytes: 64 * 1024,
      onWebhook: (event) => {
        events.push(event)
      },
    })
    // The app's own JSON route keeps Fastify's default parser.
    app.post('/api/items', async (request) => ({ parsed: request.body }))
  })

  afterAll(async () => {
    await app?.close()
    await fixture?.emu.stop()
  })

  const post = async (payload: string | Buffer, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/webhooks', headers, payload })

  it('verifies the raw bytes and calls onWebhook; app JSON routes still parse JSON', async () => {
    const res = await post(BODY, await signed(BODY))
    expect(res.statusCode).toBe(204)
    expect(events.at(-1)).toMatchObject({ id: 'evt_1', type: 'organization.created' })
    const items = await app.inject({ method: 'POST', url: '/api/items', payload: { a: 1 } })
    expect(items.json()).toEqual({ parsed: { a: 1 } })
  })

  it('accepts any content type (and none) as raw bytes', async () => {
    const headers = await signed(BODY)
    expect((await post(BODY, { ...headers, 'content-type': 'text/plain' })).statusCode).toBe(204)
    const { 'content-type': _omitted, ...bare } = await signed(BODY)
    expect((await post(Buffer.from(BODY), bare)).statusCode).toBe(204)
  })

  it('rejects a re-serialised body: 401, handler not called', async () => {
    const headers = await signed(BODY)
    const before = events.length
    const res = await post(JSON.stringify(JSON.parse(BODY)), headers)
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('invalid_webhook_signature')
    expect(events.length).toBe(before)
  })

  it('rejects missing signature headers: 401', async () => {
    const before = events.length
    expect((await post(BODY, { 'content-type': 'application/json' })).statusCode).toBe(401)
    expect(events.length).toBe(before)
  })

  it('handles a duplicated webhook-id once', async () => {
    const headers = await signed(BODY, 'msg_fastify_duplicate')
    const before = events.length
    expect((await post(BODY, headers)).statusCode).toBe(204)
    expect((await post(BODY, headers)).statusCode).toBe(204)
    expect(events.length).toBe(before + 1)
  })

  it('answers 413 for a body over the limit without calling the handler', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) })
    const before = events.length
    const res = await post(big, await signed(big))
    expect(res.statusCode).toBe(413)
    expect(events.length).toBe(before)
  })
})

describe('webhooks delivered by the emulator to a listening Fastify app', () => {
  it('arrive signed over the raw body and reach onWebhook', async () => {
    const delivered: WebhookEvent[] = []
    const app = Fastify()
    let fixture: KitFixture | undefined
    try {
      // The app listens before the emulator starts (the emulator needs its URL); webhook
      // verification is local, so the client's environment address is not used here.
      await app.register(kitFastify, {
        kit: new KitClient({
          environmentUrl: 'http://127.0.0.1:9',
          clientId: 'a',
          clientSecret: 'b',
        }),
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        onWebhook: (event) => {
          delivered.push(event)
        },
      })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as AddressInfo
      fixture = await startKit({
        webhookUrl: `http://127.0.0.1:${port}/webhooks`,
        webhookSecret: WEBHOOK_SECRET,
      })
      fixture.emu.ctx.events.emit('organization.created', {
        id: 'org_delivered',
        display_name: 'D',
      })
      // emit() already starts the delivery; flushWebhooks() does not wait for one in flight.
      await fixture.emu.flushWebhooks()
      await vi.waitFor(
        () => expect(delivered.map((e) => e.type)).toContain('organization.created'),
        { timeout: 5000 },
      )
      expect(JSON.stringify(delivered)).toContain('org_delivered')
    } finally {
      await app.close()
      await fixture?.emu.stop()
    }
  })
})
