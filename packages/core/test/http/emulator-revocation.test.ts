// Server-side revocation end to end: `kit.sessions.revokeSession` at the emulator ->
// signed `session.revoked` webhook -> the app's onWebhook marks the session id in a
// revocation store shared by two route instances -> the session stops working on both,
// with no refresh needed. An instance without the store keeps trusting the cookie until
// its next refresh, which is why the store exists.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { KitClient } from '../../src/client.js'
import {
  createKitRoutes,
  createMemoryRevocationStore,
  type KitRoutes,
  type KitRoutesConfig,
} from '../../src/http/index.js'
import {
  appKit,
  type RequestReceiver,
  startRequestReceiver,
  startTestEmulator,
} from '../support/emulator.js'
import { loginThroughEmulator } from './support/emulator-login.js'
import { BASE, type Jar, request, SECRET } from './support/harness.js'

let emu: EmulatorHandle
let receiver: RequestReceiver
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
  receiver = await startRequestReceiver(BASE, (req) => first.handle(req))
  emu = await startTestEmulator({ webhookUrl: `${receiver.url}/webhooks` })
  kit = appKit(emu)
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
  await receiver?.close()
})

async function login(email: string): Promise<Jar> {
  const { jar, res } = await loginThroughEmulator(first, emu, email)
  expect(res.status).toBe(302)
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
