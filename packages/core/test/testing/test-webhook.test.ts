// @kit/core/testing signTestWebhook: deliveries the app's webhook route accepts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { KitClient } from '../../src/client.js'
import { createKitRoutes } from '../../src/http/index.js'
import { signTestWebhook } from '../../src/testing/index.js'
import type { WebhookEvent } from '../../src/webhooks/verify.js'

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const received: WebhookEvent[] = []
const routes = createKitRoutes({
  kit: new KitClient({ environmentUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' }),
  baseUrl: 'http://localhost:3000',
  session: { secret: 'testing-helpers-secret-0123456789-abcdefgh' },
  webhookSecret: WEBHOOK_SECRET,
  onWebhook: (event) => {
    received.push(event)
  },
})

const post = (body: string, headers: Record<string, string>) =>
  routes.handle(new Request('http://localhost:3000/webhooks', { method: 'POST', body, headers }))

describe('signTestWebhook', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('signs an event the webhook route verifies and hands to onWebhook', async () => {
    const event = { id: 'evt_1', type: 'organization.created', data: { id: 'org_1' } }
    const { body, headers } = await signTestWebhook({ secret: WEBHOOK_SECRET, event, id: 'msg_a' })
    expect(headers).toMatchObject({ 'webhook-id': 'msg_a', 'content-type': 'application/json' })
    const res = await post(body, headers)
    expect(res?.status).toBe(204)
    expect(received.at(-1)).toEqual(event)
    // Same webhook-id again: a duplicate, handled once.
    await post(body, headers)
    expect(received.filter((e) => e.id === 'evt_1')).toHaveLength(1)
  })

  it('signs an exact payload byte for byte', async () => {
    const payload = '{ "id": "evt_2",\n "type": "user.created" }'
    const signed = await signTestWebhook({ secret: WEBHOOK_SECRET, payload })
    expect(signed.body).toBe(payload)
    expect((await post(payload, signed.headers))?.status).toBe(204)
  })

  it('a delivery signed with another secret, or too old, is refused (401)', async () => {
    const event = { type: 'organization.updated' }
    const other = await signTestWebhook({
      secret: `whsec_${btoa('another-webhook-secret-32-bytes!')}`,
      event,
    })
    expect((await post(other.body, other.headers))?.status).toBe(401)
    const old = await signTestWebhook({
      secret: WEBHOOK_SECRET,
      event,
      timestamp: new Date(Date.now() - 3600_000),
    })
    expect((await post(old.body, old.headers))?.status).toBe(401)
  })

  it('needs exactly one of event or payload', async () => {
    await expect(signTestWebhook({ secret: WEBHOOK_SECRET } as never)).rejects.toMatchObject({
      code: 'ERR_KIT_INVALID_ARGUMENT',
    })
  })

  it('throws ERR_KIT_TESTING_IN_PRODUCTION when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    await expect(
      signTestWebhook({ secret: WEBHOOK_SECRET, event: { type: 'x' } }),
    ).rejects.toMatchObject({ code: 'ERR_KIT_TESTING_IN_PRODUCTION' })
  })
})
