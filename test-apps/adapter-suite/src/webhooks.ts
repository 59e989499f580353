import type { WebhookEvent } from '@kit/core'
import type { KitEnvConfig } from '@kit/core/adapter'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BASE_URL,
  type KitFixture,
  offlineKit,
  SESSION_SECRET,
  signedHeaders,
  startKit,
  WEBHOOK_SECRET,
} from './fixtures.js'
import type { AdapterHarness, RunningApp } from './harness.js'
import { send } from './http-client.js'

// Whitespace a JSON parser drops: a re-serialised body would no longer match.
const BODY = '{ "id": "evt_1",\n  "type": "organization.created", "data": { "id": "org_x" } }'

/** Kit options with webhooks on; verification is local, so no environment is contacted. */
function webhookOptions(events: WebhookEvent[]): KitEnvConfig {
  return {
    kit: offlineKit(),
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    onWebhook: (event) => {
      events.push(event)
    },
  }
}

/** Webhook bodies reach core as the raw bytes received, whatever the app parses. */
export function describeWebhooks(harness: AdapterHarness): void {
  describe('webhooks', () => {
    let app: RunningApp
    const events: WebhookEvent[] = []

    beforeAll(async () => {
      app = await harness.start({
        options: { ...webhookOptions(events), webhookMaxBytes: 64 * 1024 },
        routes: [
          { method: 'POST', path: '/api/items', reply: ({ body }) => ({ json: { parsed: body } }) },
        ],
      })
    })

    afterAll(async () => {
      await app?.close()
    })

    const post = (body: string | Uint8Array, headers: Record<string, string>) =>
      send(app, 'POST', '/webhooks', { headers, body })

    it('verifies the raw bytes and calls onWebhook; app JSON routes still parse JSON', async () => {
      const res = await post(BODY, await signedHeaders(BODY))
      expect(res.status).toBe(204)
      expect(events.at(-1)).toMatchObject({ id: 'evt_1', type: 'organization.created' })
      // The app's own body parser still works for its routes.
      const items = await send(app, 'POST', '/api/items', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ a: 1 }),
      })
      expect(items.json()).toEqual({ parsed: { a: 1 } })
    })

    it('accepts any content type (and none) as raw bytes', async () => {
      const headers = await signedHeaders(BODY)
      expect((await post(BODY, { ...headers, 'content-type': 'text/plain' })).status).toBe(204)
      const { 'content-type': _omitted, ...bare } = await signedHeaders(BODY)
      expect((await post(Buffer.from(BODY), bare)).status).toBe(204)
    })

    it('rejects a re-serialised body (signature over the original bytes): 401', async () => {
      const headers = await signedHeaders(BODY)
      const before = events.length
      const res = await post(JSON.stringify(JSON.parse(BODY)), headers)
      expect(res.status).toBe(401)
      expect(res.json().error.code).toBe('invalid_webhook_signature')
      expect(events.length).toBe(before)
    })

    it('rejects missing signature headers: 401, handler not called', async () => {
      const before = events.length
      expect((await post(BODY, { 'content-type': 'application/json' })).status).toBe(401)
      expect(events.length).toBe(before)
    })

    it('handles a duplicated webhook-id once', async () => {
      const headers = await signedHeaders(BODY, 'msg_duplicate_once')
      const before = events.length
      expect((await post(BODY, headers)).status).toBe(204)
      expect((await post(BODY, headers)).status).toBe(204)
      expect(events.length).toBe(before + 1)
    })

    it('answers 413 for a body over the limit without calling the handler', async () => {
      const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) })
      const before = events.length
      const res = await post(big, await signedHeaders(big))
      expect(res.status).toBe(413)
      expect(events.length).toBe(before)
    })
  })

  describe('webhooks delivered by the emulator to a listening app', () => {
    let app: RunningApp | undefined
    let fixture: KitFixture | undefined

    afterAll(async () => {
      await app?.close()
      await fixture?.emu.stop()
    })

    it('arrive signed over the raw body and reach onWebhook', async () => {
      const delivered: WebhookEvent[] = []
      // The app listens before the emulator starts (the emulator needs its URL).
      app = await harness.start({ options: webhookOptions(delivered) })
      fixture = await startKit({
        webhookUrl: `${app.url}/webhooks`,
        webhookSecret: WEBHOOK_SECRET,
      })
      fixture.emu.ctx.events.emit('organization.created', {
        id: 'org_delivered',
        display_name: 'D',
      })
      await fixture.emu.flushWebhooks()
      await vi.waitFor(
        () => expect(delivered.map((e) => e.type)).toContain('organization.created'),
        { timeout: 5000 },
      )
      expect(JSON.stringify(delivered)).toContain('org_delivered')
    })
  })
}
