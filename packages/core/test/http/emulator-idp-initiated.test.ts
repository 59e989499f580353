// IdP-initiated login tokens against the running emulator: its real ID tokens (same
// issuer, audience and signing key) never pass for an `idp_initiated_login` token, at
// the client or at the callback, while the emulator's real IdP-initiated token still
// restarts an SP-initiated login end to end.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import {
  appKit,
  emulatorBrowser,
  initiateIdpLogin,
  startTestEmulator,
} from '../support/emulator.js'
import { expectKitError } from '../support/kit-for-idp.js'
import { loginThroughEmulator, toApp } from './support/emulator-login.js'
import { BASE, Jar, request, SECRET } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient
let routes: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
  routes = createKitRoutes({ kit, baseUrl: BASE, session: { secret: SECRET } })
})
afterAll(() => emu?.stop())

/** Alice's ID token and refresh token from a real login, read out of our session seal. */
async function aliceTokens(): Promise<{ idToken: string; refreshToken: string }> {
  const { jar, res } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
  expect(res.status).toBe(302)
  const seal = decodeURIComponent(jar.cookies.get('kit_session')!)
  const data = await unsealValue<{ idToken: string; refreshToken: string }>(
    seal,
    await derivePasswords([SECRET]),
  )
  expect(data?.idToken).toBeTruthy()
  return data!
}

const callbackWith = (token: string, jar = new Jar()) =>
  routes.handle(request(`/auth/callback?idp_initiated_login=${encodeURIComponent(token)}`, jar))

describe('an ID token where an IdP-initiated login token is expected', () => {
  it('getIdpInitiatedLoginClaims refuses a login ID token and a refreshed one', async () => {
    const { idToken, refreshToken } = await aliceTokens()
    await expectKitError(kit.getIdpInitiatedLoginClaims(idToken), 'ERR_KIT_JWT_CLAIM')
    const refreshed = await kit.refreshAccessToken(refreshToken)
    expect(refreshed.idToken).toBeTruthy()
    await expectKitError(kit.getIdpInitiatedLoginClaims(refreshed.idToken!), 'ERR_KIT_JWT_CLAIM')
  })

  it('the callback answers 400 to an ID token and starts no login', async () => {
    const { idToken } = await aliceTokens()
    const res = (await callbackWith(idToken))!
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('the real IdP-initiated token still restarts a login that completes', async () => {
    const { status, url } = await initiateIdpLogin(emu, {
      organization_id: 'org_acme',
      login_hint: 'alice@acme.test',
      relay_state: '/reports',
    })
    expect(status).toBe(200)
    const target = new URL(url)
    const jar = new Jar()
    const restart = (await routes.handle(request(target.pathname + target.search, jar)))!
    expect(restart.status).toBe(302)
    jar.apply(restart)
    const authorize = new URL(restart.headers.get('location')!)
    expect(authorize.searchParams.get('organization_id')).toBe('org_acme')
    const browser = emulatorBrowser(emu)
    let landing = await browser.get(authorize.href)
    if (!landing.stopped && landing.kind === 'sso') {
      landing = await browser.click(landing, 'Sign in', { fill: { Email: 'alice@acme.test' } })
    } else if (!landing.stopped) {
      landing = await browser.click(landing, 'Sign in as alice@acme.test')
    }
    const done = await toApp(routes, landing, jar)
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe(`${BASE}/reports`)
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.email).toBe('alice@acme.test')
    expect(auth?.organizationId).toBe('org_acme')
  })
})
