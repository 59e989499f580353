// Webhooks signed and delivered by the running emulator, received by the route engine
// behind a bare Node HTTP server that passes the raw body bytes through untouched.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import type { WebhookEvent } from '../../src/webhooks/verify.js'
import {
  appKit,
  type RequestReceiver,
  startRequestReceiver,
  startTestEmulator,
} from '../support/emulator.js'
import { SECRET } from './support/harness.js'

let emu: EmulatorHandle
let receiver: RequestReceiver
let routes: KitRoutes
const events: WebhookEvent[] = []
const statuses: number[] = []
/** Raw deliveries as received (headers + bytes), to replay them. */
const deliveries: { headers: Record<string, string>; body: Buffer }[] = []

beforeAll(async () => {
  receiver = await startRequestReceiver('http://localhost:3000', async (req, raw) => {
    deliveries.push(raw)
    const response = await routes.handle(req)
    statuses.push(response?.status ?? 404)
    return response
  })
  emu = await startTestEmulator({ webhookUrl: `${receiver.url}/webhooks` })
  routes = createKitRoutes({
    kit: appKit(emu),
    baseUrl: 'http://localhost:3000',
    session: { secret: SECRET },
    webhookSecret: emu.webhookSecret!,
    onWebhook: (event) => {
      events.push(event)
    },
  })
})

afterAll(async () => {
  await emu?.stop()
  await receiver?.close()
})

describe('webhooks from the emulator', () => {
  it('an emulator event is verified and handed to onWebhook once; a redelivery is ignored', async () => {
    emu.ctx.events.emit(
      'organization.updated',
      { id: 'org_acme', display_name: 'Acme Corp' },
      {
        organizationId: 'org_acme',
      },
    )
    await emu.flushWebhooks()
    await vi.waitFor(() => expect(events.length).toBe(1), { timeout: 10_000 })
    expect(events[0]!.type).toBe('organization.updated')
    expect(statuses).toContain(204)

    // The same delivery again (a retry after a lost 204): acknowledged, not handled again.
    const first = deliveries.find((d) => d.body.length > 0)!
    const again = await routes.handle(
      new Request('http://localhost:3000/webhooks', {
        method: 'POST',
        headers: first.headers,
        body: new Uint8Array(first.body),
      }),
    )
    expect(again!.status).toBe(204)
    expect(events).toHaveLength(1)

    // Same headers, body re-serialised: the signature no longer matches (checked before the
    // duplicate check, so this is a 401, not a silent 204).
    const reserialised = JSON.stringify(JSON.parse(first.body.toString('utf8')), null, 2)
    const forged = await routes.handle(
      new Request('http://localhost:3000/webhooks', {
        method: 'POST',
        headers: first.headers,
        body: reserialised,
      }),
    )
    expect(forged!.status).toBe(401)
    expect(events).toHaveLength(1)
  })
})
