// Server-side revocation end to end: `kit.sessions.revokeSession` at the emulator ->
// signed `session.revoked` webhook -> the app's onWebhook marks the session id in a
// revocation store shared by two route instances -> the session stops working on both,
// with no refresh needed. An instance without the store keeps trusting the cookie until
// its next refresh, which is why the store exists.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { KitClient } from '../../src/client.js'
import {
  createKitRoutes,
  createMemoryRevocationStore,
  type KitRoutes,
  type KitRoutesConfig,
} from '../../src/http/index.js'
import { EmulatorBrowser } from './support/emulator-browser.js'
import { BASE, Jar, request, SECRET } from './support/harness.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>

let emu: Emulator
let server: Server
let kit: KitClient
/** Instance that receives the webhooks. */
let first: KitRoutes
/** Another instance sharing the revocation store. */
let second: KitRoutes
/** An instance configured without a revocation store. */
let storeless: KitRoutes
const store = createMemoryRevocationStore()
const revokedTypes: string[] = []

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    const response = await first.handle(
      new Request(`${BASE}${req.url}`, {
        method: req.method,
        headers,
        body: new Uint8Array(Buffer.concat(chunks)),
      }),
    )
    res.writeHead(response?.status ?? 404)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  emu = await startEmulator({
    port: 0,
    dbPath: ':memory:',
    webhookUrl: `http://127.0.0.1:${port}/webhooks`,
    log: false,
  })
  kit = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  })
  const config: KitRoutesConfig = { kit, baseUrl: BASE, session: { secret: SECRET } }
  first = createKitRoutes({
    ...config,
    revocationStore: store,
    webhookSecret: emu.webhookSecret!,
    onWebhook: async (event) => {
      const data = event.data as { session_id?: unknown } | undefined
      if (
        (event.type === 'session.revoked' || event.type === 'session.logged_out') &&
        typeof data?.session_id === 'string'
      ) {
        revokedTypes.push(event.type)
        await store.revoke(data.session_id, Math.floor(Date.now() / 1000) + 7 * 86_400)
      }
    },
  })
  second = createKitRoutes({ ...config, revocationStore: store })
  storeless = createKitRoutes(config)
})

afterAll(async () => {
  await emu?.stop()
  await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve())
})

async function login(email: string): Promise<Jar> {
  const jar = new Jar()
  const browser = new EmulatorBrowser(emu.url)
  const start = (await first.handle(request('/auth/login', jar)))!
  jar.apply(start)
  const landing = await browser.signInAs(await browser.go(start.headers.get('location')!), email)
  expect(landing.external).toBe(true)
  const res = (await first.handle(request(landing.url.pathname + landing.url.search, jar)))!
  expect(res.status).toBe(302)
  jar.apply(res)
  return jar
}

describe('revocation through the emulator', () => {
  it('sessions.revokeSession ends the session on every instance sharing the store', async () => {
    const jar = await login('alice@acme.test')
    const other = await login('bob@acme.test')
    const auth = (await first.authenticate(request('/', jar))).auth
    const sessionId = auth?.sessionId
    expect(sessionId).toMatch(/^ses_/)
    expect((await second.authenticate(request('/', jar))).auth).not.toBeNull()

    await kit.sessions.revokeSession(sessionId!)
    await emu.flushWebhooks()
    await vi.waitFor(() => expect(revokedTypes).toContain('session.revoked'), { timeout: 10_000 })

    for (const routes of [first, second]) {
      const result = await routes.authenticate(request('/', jar))
      expect(result.auth).toBeNull()
      expect(result.setCookies.some((c) => /^kit_session=;/.test(c))).toBe(true)
    }
    // Other sessions are untouched.
    expect((await second.authenticate(request('/', other))).auth?.user.email).toBe('bob@acme.test')
    // Without a store, the cookie stays trusted until its access token must be refreshed.
    expect((await storeless.authenticate(request('/', jar))).auth?.sessionId).toBe(sessionId)
  })
})
