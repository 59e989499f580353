import { EmulatorBrowser } from '@kit/emulator/testing'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { BASE_URL, login, who } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/** A token shaped like a logout token, signed by nobody the environment knows. */
function forgedLogoutToken(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  return [
    part({ alg: 'RS256', typ: 'logout+jwt', kid: 'forged' }),
    part({
      iss: 'forged',
      aud: 'forged',
      iat: now,
      exp: now + 60,
      jti: 'forged-1',
      sid: 'ses_forged',
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    }),
    Buffer.from('not a signature').toString('base64url'),
  ].join('.')
}

/**
 * OIDC Back-Channel Logout through the adapter: the emulator posts a signed logout token
 * (form-encoded) to the app's `/auth/backchannel-logout` when the user signs out at the
 * emulator, and the app's session stops working without the browser ever calling the
 * app. A token the environment did not sign is refused (400) and ends nothing.
 */
export function describeBackchannelLogout(harness: AdapterHarness): void {
  describe('back-channel logout from the emulator', () => {
    const ctx = useKitApp(harness, {
      routes: [{ method: 'GET', path: '/dashboard', guard: { kind: 'auth' }, reply: who }],
    })

    beforeAll(() => {
      // The emulator posts to where the app really listens (its public origin is BASE_URL).
      const { emu } = ctx.fixture
      emu.ctx.db
        .prepare(
          `UPDATE clients SET data = json_set(data, '$.backchannel_logout_uri', ?) WHERE client_id = ?`,
        )
        .run(`${ctx.app.url}/auth/backchannel-logout`, emu.clientId)
    })

    const dashboard = (cookie: string) =>
      send(ctx.app, 'GET', '/dashboard', { headers: { cookie, accept: 'application/json' } })

    it('signing out at the emulator ends the app session (401), without the app logout route', async () => {
      const browser = new EmulatorBrowser()
      const { jar } = await login(ctx.app, 'alice@acme.test', '/dashboard', browser)
      const before = await dashboard(jar.header())
      expect(before.status).toBe(200)
      expect(before.json()).toEqual({ email: 'alice@acme.test' })

      // The user signs out at the identity provider (another app's logout, say).
      const logoutUrl = ctx.fixture.kit.getLogoutUrl({ postLogoutRedirectUri: `${BASE_URL}/` })
      await browser.signOut({ logoutUrl, stopAt: BASE_URL })

      // The same cookie, never cleared by the browser, no longer opens the dashboard.
      await vi.waitFor(async () => expect((await dashboard(jar.header())).status).toBe(401), {
        timeout: 5000,
      })
    })

    it('a logout token the environment did not sign: 400 invalid_request, session untouched', async () => {
      const { jar } = await login(ctx.app, 'bob@acme.test')
      const res = await send(ctx.app, 'POST', '/auth/backchannel-logout', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: forgedLogoutToken() }).toString(),
      })
      expect(res.status).toBe(400)
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.json()).toMatchObject({ error: 'invalid_request' })
      expect((await dashboard(jar.header())).status).toBe(200)
    })
  })
}
