// Interop: a real delivery signed by the emulator (a different implementation, Node
// crypto) verifies with core's verifyWebhook, from the raw bytes received over HTTP.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { KitClient, verifyWebhook, verifyWebhookPayload } from '../../src/index.js'
import {
  type RequestReceiver,
  startRequestReceiver,
  startTestEmulator,
} from '../support/emulator.js'

interface Delivery {
  headers: Record<string, string>
  body: Uint8Array
}

let receiver: RequestReceiver
const deliveries: Delivery[] = []
let emu: EmulatorHandle

beforeAll(async () => {
  receiver = await startRequestReceiver('http://localhost:3000', async (_request, raw) => {
    deliveries.push({ headers: raw.headers, body: new Uint8Array(raw.body) })
    return new Response(null, { status: 204 })
  })
  emu = await startTestEmulator({ webhookUrl: `${receiver.url}/webhooks` })
})

afterAll(async () => {
  await emu?.stop()
  await receiver?.close()
})

it('an organization.created delivery from the emulator verifies, and a tampered one does not', async () => {
  const kit = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.environmentClientId,
    clientSecret: emu.environmentClientSecret,
  })
  await kit.organization.createOrganization({ displayName: 'Webhook Test Co' })
  for (let i = 0; i < 50 && deliveries.length === 0; i++) {
    await emu.flushWebhooks()
    if (deliveries.length === 0) await new Promise((r) => setTimeout(r, 100))
  }
  expect(deliveries.length).toBeGreaterThan(0)
  const delivery = deliveries.find((d) =>
    new TextDecoder().decode(d.body).includes('Webhook Test Co'),
  )
  expect(delivery).toBeDefined()
  const event = await verifyWebhook(emu.webhookSecret!, delivery!.headers, delivery!.body)
  expect(event.type).toMatch(/organization/)
  expect(JSON.stringify(event)).toContain('Webhook Test Co')

  const tampered = new TextEncoder().encode(
    new TextDecoder().decode(delivery!.body).replace('Webhook Test Co', 'Evil Co'),
  )
  expect(await verifyWebhookPayload(emu.webhookSecret!, delivery!.headers, tampered)).toBe(false)
})
