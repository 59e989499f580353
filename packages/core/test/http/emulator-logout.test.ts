// Logout end to end against the emulator: the session is revoked on this instance by
// default (a cookie copied before logout gets 401 / a login redirect afterwards), the
// refresh token is revoked at the environment (it no longer refreshes), and the browser
// always reaches the end-session endpoint: with a missing or unreadable cookie the
// emulator accepts client_id + post_logout_redirect_uri alone and its SSO session ends.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { appKit, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator, openLogin } from './support/emulator-login.js'
import { BASE, type Jar, request, SECRET, testLogger } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient
let routes: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
  routes = createKitRoutes({ kit, baseUrl: BASE, session: { secret: SECRET }, logger: testLogger })
})
afterAll(() => emu?.stop())

const logout = (jar: Jar, headers: Record<string, string> = {}) =>
  routes.handle(
    request('/auth/logout', jar, {
      method: 'POST',
      headers: { origin: BASE, 'sec-fetch-site': 'same-origin', ...headers },
    }),
  ) as Promise<Response>

async function refreshTokenOf(jar: Jar): Promise<string> {
  const seal = decodeURIComponent(jar.cookies.get('kit_session')!)
  const data = await unsealValue<{ refreshToken?: string }>(seal, await derivePasswords([SECRET]))
  expect(data?.refreshToken).toBeTruthy()
  return data!.refreshToken!
}

describe('logout through the emulator', () => {
  it('kit.revokeToken uses the discovered revocation endpoint; the revoked refresh token is dead', async () => {
    expect((await kit.getEndpoints()).revocationEndpoint).toBe(`${emu.url}/oauth/revoke`)
    const { jar } = await loginThroughEmulator(routes, emu, 'carol@globex.test')
    const refreshToken = await refreshTokenOf(jar)
    await kit.revokeToken(refreshToken, { tokenTypeHint: 'refresh_token' })
    await expect(kit.refreshAccessToken(refreshToken)).rejects.toMatchObject({
      code: 'ERR_KIT_INVALID_GRANT',
    })
    // Revoking again (an unknown token, RFC 7009 section 2.2) is not an error.
    await kit.revokeToken(refreshToken)
  })

  it('revokes the refresh token at the environment: it no longer refreshes', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
    const refreshToken = await refreshTokenOf(jar)
    const res = await logout(jar)
    expect(res.status).toBe(302)
    await expect(kit.refreshAccessToken(refreshToken)).rejects.toMatchObject({
      code: 'ERR_KIT_INVALID_GRANT',
    })
  })

  it('a session cookie copied before logout gets a login redirect or 401 afterwards', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, 'bob@acme.test')
    const copy = jar.clone()
    expect((await routes.authenticate(request('/admin', copy))).auth?.user.email).toBe(
      'bob@acme.test',
    )
    expect((await logout(jar)).status).toBe(302)

    const page = await routes.authenticate(request('/admin', copy))
    expect(page.auth).toBeNull()
    expect(routes.guard(request('/admin', copy), page.auth, { kind: 'auth' })?.status).toBe(302)
    const api = request('/api/me', copy, { headers: { accept: 'application/json' } })
    const apiAuth = await routes.authenticate(api)
    expect(routes.guard(api, apiAuth.auth, { kind: 'auth' })?.status).toBe(401)
  })

  it('without a session cookie the emulator still ends its SSO session (client_id, no id_token_hint)', async () => {
    const { jar, browser } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
    // The kit cookie is gone (expired, cleared by the browser) but the emulator's is not.
    jar.cookies.clear()
    const res = await logout(jar)
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!)
    expect(location.href.startsWith(`${emu.url}/oidc/logout?`)).toBe(true)
    expect(location.searchParams.get('client_id')).toBe(emu.clientId)
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/`)
    expect(location.searchParams.has('id_token_hint')).toBe(false)

    const back = await browser.get(location.href)
    expect(back.stopped, back.body.slice(0, 300)).toBe(true)
    expect(back.url.href).toBe(`${BASE}/`)
    // The emulator's SSO session ended: the next login asks who is signing in again.
    const page = await openLogin(routes, jar, browser)
    expect(page.body).toContain('Sign in as alice@acme.test')
  })
})
