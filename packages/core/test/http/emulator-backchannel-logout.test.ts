// Sessions ended at the emulator end in the app, with no code in the app: the emulator
// posts a signed logout token to the back-channel route (OIDC Back-Channel Logout) of
// one instance, and sends `session.revoked` to the webhook route of another; each
// records the revocation in its store. Instances sharing a store see it too.
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
  emulatorBrowser,
  type RequestReceiver,
  startRequestReceiver,
  startTestEmulator,
} from '../support/emulator.js'
import { loginThroughEmulator } from './support/emulator-login.js'
import { BASE, type Jar, request, SECRET, testLogger } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient
let backchannelReceiver: RequestReceiver
let webhookReceiver: RequestReceiver
/** Receives the back-channel logout posts; shares its store with `sibling`. */
let receiving: KitRoutes
let sibling: KitRoutes
/** Receives the webhooks, with its own store and an onWebhook that revokes nothing. */
let hooks: KitRoutes
const handled: string[] = []

beforeAll(async () => {
  backchannelReceiver = await startRequestReceiver(BASE, (req) => receiving.handle(req))
  webhookReceiver = await startRequestReceiver(BASE, (req) => hooks.handle(req))
  emu = await startTestEmulator({ webhookUrl: `${webhookReceiver.url}/webhooks` })
  emu.ctx.db
    .prepare(
      `UPDATE clients SET data = json_set(data, '$.backchannel_logout_uri', ?) WHERE client_id = ?`,
    )
    .run(`${backchannelReceiver.url}/auth/backchannel-logout`, emu.clientId)
  kit = appKit(emu)
  const config: KitRoutesConfig = {
    kit,
    baseUrl: BASE,
    session: { secret: SECRET },
    logger: testLogger,
  }
  const shared = createMemoryRevocationStore()
  receiving = createKitRoutes({ ...config, revocationStore: shared })
  sibling = createKitRoutes({ ...config, revocationStore: shared })
  hooks = createKitRoutes({
    ...config,
    webhookSecret: emu.webhookSecret!,
    onWebhook: (event) => void handled.push(String(event.type)),
  })
})

afterAll(async () => {
  await emu?.stop()
  await backchannelReceiver?.close()
  await webhookReceiver?.close()
})

async function login(email: string): Promise<{ jar: Jar; idToken: string; sid: string }> {
  const { jar, res } = await loginThroughEmulator(receiving, emu, email)
  expect(res.status).toBe(302)
  const auth = (await receiving.authenticate(request('/', jar))).auth!
  expect(auth.sessionId).toMatch(/^ses_/)
  return { jar, idToken: auth.idToken!, sid: auth.sessionId! }
}

const userOf = async (routes: KitRoutes, jar: Jar) =>
  (await routes.authenticate(request('/', jar))).auth?.user.email ?? null

describe('sessions ended at the emulator', () => {
  it('signing out at the emulator (RP-initiated logout of another tab) ends the session on every instance', async () => {
    const { jar, idToken } = await login('alice@acme.test')
    const other = await login('bob@acme.test')
    const logoutUrl = kit.getLogoutUrl({ idTokenHint: idToken, postLogoutRedirectUri: `${BASE}/` })
    await emulatorBrowser(emu).signOut({ logoutUrl })
    await vi.waitFor(async () => expect(await userOf(receiving, jar)).toBeNull(), {
      timeout: 5000,
    })
    expect(await userOf(sibling, jar)).toBeNull()
    expect(await userOf(sibling, other.jar)).toBe('bob@acme.test')
  })

  it('sessions.revokeSession: back-channel on one instance, session.revoked webhook on another', async () => {
    const { jar, sid } = await login('carol@globex.test')
    expect(await userOf(hooks, jar)).toBe('carol@globex.test')
    await kit.sessions.revokeSession(sid)
    await emu.flushWebhooks()
    await vi.waitFor(() => expect(handled).toContain('session.revoked'), { timeout: 10_000 })
    // The webhook instance revoked it before calling onWebhook, whose code revokes nothing.
    expect(await userOf(hooks, jar)).toBeNull()
    await vi.waitFor(async () => expect(await userOf(receiving, jar)).toBeNull(), {
      timeout: 5000,
    })
    expect(await userOf(sibling, jar)).toBeNull()
  })
})
