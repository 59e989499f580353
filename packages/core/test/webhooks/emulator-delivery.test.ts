// Interop: a real delivery signed by the emulator (a different implementation, Node
// crypto) verifies with core's verifyWebhook, from the raw bytes received over HTTP.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator } from '@kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { KitClient, verifyWebhook, verifyWebhookPayload } from '../../src/index.js'

interface Delivery {
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array
}

let receiver: Server
let receiverUrl = ''
const deliveries: Delivery[] = []
let emu: Awaited<ReturnType<typeof startEmulator>>

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    deliveries.push({ headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) })
    res.statusCode = 204
    res.end()
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`
  emu = await startEmulator({ port: 0, dbPath: ':memory:', webhookUrl: receiverUrl })
})

afterAll(async () => {
  await emu?.stop()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
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
