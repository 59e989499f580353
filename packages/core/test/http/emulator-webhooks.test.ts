// Webhooks signed and delivered by the running emulator, received by the route engine
// behind a bare Node HTTP server that passes the raw body bytes through untouched.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import type { WebhookEvent } from '../../src/webhooks/verify.js'
import { SECRET } from './support/harness.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>

let emu: Emulator
let server: Server
let routes: KitRoutes
const events: WebhookEvent[] = []
const statuses: number[] = []
/** Raw deliveries as received (headers + bytes), to replay them. */
const deliveries: { headers: Record<string, string>; body: Buffer }[] = []

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    deliveries.push({ headers, body })
    const response = await routes.handle(
      new Request(`http://localhost:3000${req.url}`, {
        method: req.method,
        headers,
        body: new Uint8Array(body),
      }),
    )
    const status = response?.status ?? 404
    statuses.push(status)
    res.writeHead(status)
    res.end(response ? Buffer.from(await response.arrayBuffer()) : undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  emu = await startEmulator({
    port: 0,
    dbPath: ':memory:',
    webhookUrl: `http://127.0.0.1:${port}/webhooks`,
    log: false,
  })
  routes = createKitRoutes({
    kit: new KitClient({
      environmentUrl: emu.url,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    }),
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
  await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve())
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
