import { EmulatorBrowser } from '@kit/emulator/testing'
import { describe, expect, it } from 'vitest'
import { BASE_URL, login, who } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/**
 * The secure defaults of an attacker's review, through the adapter: a session cookie
 * copied before logout stops working (revocation on by default), logout always reaches
 * the environment's end-session endpoint (even with no readable session), a cross-site
 * navigation cannot choose the organization or connection a user signs in with (login
 * CSRF), and the identity provider's error text never appears on the app's pages.
 */
export function describeSecureDefaults(harness: AdapterHarness): void {
  describe('secure defaults', () => {
    const warnings: string[] = []
    const ctx = useKitApp(harness, {
      options: {
        apiPrefixes: ['/api/'],
        logger: { warn: (message: string) => void warnings.push(message) },
      },
      routes: [
        { method: 'GET', path: '/', reply: who },
        { method: 'GET', path: '/dashboard', guard: { kind: 'auth' }, reply: who },
        { method: 'GET', path: '/api/me', guard: { kind: 'auth' }, reply: who },
      ],
    })
    const logout = (cookie: string) =>
      send(ctx.app, 'POST', '/auth/logout', {
        headers: { cookie, origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
      })

    it('a session cookie copied before logout gets 401 / a login redirect afterwards', async () => {
      const { jar } = await login(ctx.app, 'alice@acme.test')
      const copied = jar.header()
      expect((await send(ctx.app, 'GET', '/api/me', { headers: { cookie: copied } })).status).toBe(
        200,
      )
      expect((await logout(copied)).status).toBe(302)
      const api = await send(ctx.app, 'GET', '/api/me', { headers: { cookie: copied } })
      expect(api.status).toBe(401)
      const page = await send(ctx.app, 'GET', '/dashboard', {
        headers: { cookie: copied, accept: 'text/html' },
      })
      expect(page.status).toBe(302)
      expect(page.location).toContain('/auth/login')
    })

    it.each([
      ['no session cookie', ''],
      ['a tampered session cookie', 'kit_session=Fe26.2**tampered~2'],
    ])(
      'logout with %s still goes to the end-session endpoint and the emulator signs out',
      async (_name, cookie) => {
        const browser = new EmulatorBrowser()
        await login(ctx.app, 'bob@acme.test', '/dashboard', browser)
        const res = await logout(cookie)
        expect(res.status).toBe(302)
        const location = new URL(res.location!)
        expect(location.origin + location.pathname).toBe(`${ctx.fixture.emu.url}/oidc/logout`)
        expect(location.searchParams.get('client_id')).toBe(ctx.fixture.emu.clientId)
        expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE_URL}/`)
        expect(location.searchParams.has('id_token_hint')).toBe(false)
        const back = (await browser.signOut({ logoutUrl: res.location!, stopAt: BASE_URL })).url
        expect(back.toString()).toBe(`${BASE_URL}/`)
        // The emulator's own session ended: the next login shows its login page again.
        const restart = await send(ctx.app, 'GET', '/auth/login')
        expect((await browser.get(restart.location!, { stopAt: BASE_URL })).kind).toBe('login')
      },
    )

    const TARGET =
      '/auth/login?returnTo=%2Fdashboard&organizationId=org_evil&connectionId=conn_evil&loginHint=victim%40acme.test'

    it('a cross-site navigation to /auth/login cannot choose the organization, connection or hint', async () => {
      const crossSite: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { referer: 'https://evil.example/' },
        {},
      ]
      for (const headers of crossSite) {
        const res = await send(ctx.app, 'GET', TARGET, {
          headers: { accept: 'text/html', ...headers },
        })
        expect(res.status).toBe(302)
        const authorize = new URL(res.location!)
        expect(authorize.origin).toBe(ctx.fixture.emu.url)
        expect(authorize.searchParams.has('organization_id')).toBe(false)
        expect(authorize.searchParams.has('connection_id')).toBe(false)
        expect(authorize.searchParams.has('login_hint')).toBe(false)
      }
      const same = await send(ctx.app, 'GET', TARGET, {
        headers: { accept: 'text/html', 'sec-fetch-site': 'same-origin' },
      })
      const authorize = new URL(same.location!)
      expect(authorize.searchParams.get('organization_id')).toBe('org_evil')
      expect(authorize.searchParams.get('connection_id')).toBe('conn_evil')
      expect(authorize.searchParams.get('login_hint')).toBe('victim@acme.test')
    })

    it('the identity provider error text never reaches the page; it goes to the logger', async () => {
      const spoof = 'Your account is locked. Call support at +1 555 0100'
      const res = await send(
        ctx.app,
        'GET',
        `/auth/callback?error=access_denied&error_description=${encodeURIComponent(spoof)}`,
        { headers: { accept: 'text/html' } },
      )
      expect(res.status).toBe(400)
      expect(res.text).toContain('Sign-in was cancelled or access was denied')
      expect(res.text).not.toContain('Call support')
      expect(warnings.some((w) => w.includes(spoof))).toBe(true)
    })
  })
}
