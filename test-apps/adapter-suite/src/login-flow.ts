import { EmulatorBrowser } from '@kit/emulator/testing'
import { describe, expect, it } from 'vitest'
import { BASE_URL, login } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/** A whole login and logout with the emulator's pages, and a forged logout refused. */
export function describeLoginFlow(harness: AdapterHarness): void {
  describe('full login through the emulator', () => {
    const ctx = useKitApp(harness, {
      routes: [
        {
          method: 'GET',
          path: '/',
          reply: ({ auth }) => ({ text: auth ? `hello ${auth.user.email}` : 'hello guest' }),
        },
        {
          method: 'GET',
          path: '/dashboard',
          guard: { kind: 'auth' },
          reply: ({ auth }) => ({
            text: `dashboard of ${auth!.user.email} in ${auth!.organizationId}`,
          }),
        },
      ],
    })

    it('login form -> guarded dashboard -> logout -> guarded again', async () => {
      // Anonymous: the dashboard sends the browser to the login route.
      const anonymous = await send(ctx.app, 'GET', '/dashboard', {
        headers: { accept: 'text/html' },
      })
      expect(anonymous.status).toBe(302)
      expect(anonymous.location).toContain('/auth/login?returnTo=%2Fdashboard')

      // Log in with the emulator's form (browser cookies kept on both sides).
      const browser = new EmulatorBrowser()
      const { jar, callback } = await login(ctx.app, 'alice@acme.test', '/dashboard', browser)
      expect(callback.status).toBe(302)
      expect(callback.location).toBe(`${BASE_URL}/dashboard`)
      expect(jar.names().some((n) => n.startsWith('kit_txn.'))).toBe(false)

      const dashboard = await send(ctx.app, 'GET', '/dashboard', {
        headers: { cookie: jar.header() },
      })
      expect(dashboard.status).toBe(200)
      expect(dashboard.text).toBe('dashboard of alice@acme.test in org_acme')

      // Log out: session cleared, then the environment ends its own session.
      const logout = await send(ctx.app, 'POST', '/auth/logout', {
        headers: { cookie: jar.header(), origin: BASE_URL },
      })
      expect(logout.status).toBe(302)
      jar.store(logout.setCookies)
      const back = (await browser.signOut({ logoutUrl: logout.location!, stopAt: BASE_URL })).url
      expect(back.toString()).toBe(`${BASE_URL}/`)
      const home = await send(ctx.app, 'GET', back.pathname, { headers: { cookie: jar.header() } })
      expect(home.text).toBe('hello guest')

      const again = await send(ctx.app, 'GET', '/dashboard', {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(again.status).toBe(302)

      // The emulator asks to sign in again: its session ended too.
      const restart = await send(ctx.app, 'GET', '/auth/login')
      expect((await browser.get(restart.location!, { stopAt: BASE_URL })).kind).toBe('login')
    })

    it('a cross-site logout POST does not log the user out', async () => {
      const { jar } = await login(ctx.app, 'bob@acme.test')
      const forged = await send(ctx.app, 'POST', '/auth/logout', {
        headers: {
          cookie: jar.header(),
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
      })
      expect(forged.status).toBe(403)
      jar.store(forged.setCookies)
      expect(
        (await send(ctx.app, 'GET', '/dashboard', { headers: { cookie: jar.header() } })).status,
      ).toBe(200)
    })
  })
}
