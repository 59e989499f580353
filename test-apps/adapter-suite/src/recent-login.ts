import { EmulatorBrowser } from '@kit/emulator/testing'
import { describe, expect, it } from 'vitest'
import { BASE_URL, login, SESSION_SECRET } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/**
 * Step-up (recent login) in every adapter: a guard with `maxAgeSeconds` lets a fresh
 * login through; once the login is older (the app's clock moved ahead), a page is sent
 * to log in again with `maxAge`, the emulator shows its login page although its session
 * is live (`prompt=login`), and the user lands back on the same page; an API request
 * gets 401 `recent_login_required` with the RFC 9470 challenge; a bad `maxAgeSeconds`
 * stops start-up.
 */
export function describeRecentLogin(harness: AdapterHarness): void {
  describe('step-up: recent login', () => {
    /** Milliseconds the app's clock runs ahead of real time (ages every session's login). */
    let clockOffset = 0
    const ctx = useKitApp(harness, {
      options: { now: () => Date.now() + clockOffset },
      routes: [
        {
          method: 'GET',
          path: '/billing',
          guard: { kind: 'auth', maxAgeSeconds: 60 },
          reply: ({ auth }) => ({ text: `billing of ${auth!.user.email}` }),
        },
        {
          method: 'GET',
          path: '/api/billing',
          guard: { kind: 'permission', names: ['org:manage'], maxAgeSeconds: 60 },
          reply: ({ auth }) => ({ json: { authTime: auth!.authTime } }),
        },
      ],
    })

    it('an old login: the page goes through the login page again and back to itself', async () => {
      clockOffset = 0
      const browser = new EmulatorBrowser()
      const { jar } = await login(ctx.app, 'alice@acme.test', '/billing?tab=cards', browser)
      const fresh = await send(ctx.app, 'GET', '/billing?tab=cards', {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(fresh.status).toBe(200)
      expect(fresh.text).toBe('billing of alice@acme.test')

      clockOffset = 120_000
      const old = await send(ctx.app, 'GET', '/billing?tab=cards', {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(old.status).toBe(302)
      expect(old.location).toBe(
        `${BASE_URL}/auth/login?returnTo=${encodeURIComponent('/billing?tab=cards')}&maxAge=60`,
      )
      clockOffset = 0

      const again = new URL(old.location!)
      const start = await send(ctx.app, 'GET', again.pathname + again.search, {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(start.status).toBe(302)
      const authorize = new URL(start.location!)
      expect(authorize.searchParams.get('max_age')).toBe('60')
      expect(authorize.searchParams.get('prompt')).toBe('login')
      jar.store(start.setCookies)
      const loginPage = await browser.get(authorize, { stopAt: BASE_URL })
      expect(loginPage.kind, 'the emulator skipped its login page').toBe('login')
      const landed = await browser.click(loginPage, 'Sign in as alice@acme.test', {
        stopAt: BASE_URL,
      })
      expect(landed.stopped).toBe(true)
      const callback = await send(ctx.app, 'GET', landed.url.pathname + landed.url.search, {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(callback.status).toBe(302)
      expect(callback.location).toBe(`${BASE_URL}/billing?tab=cards`)
      jar.store(callback.setCookies)
      const back = await send(ctx.app, 'GET', '/billing?tab=cards', {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(back.status).toBe(200)
    })

    it('an API request with an old login: 401 recent_login_required and the RFC 9470 challenge', async () => {
      clockOffset = 0
      const { jar } = await login(ctx.app, 'alice@acme.test', '/')
      const fresh = await send(ctx.app, 'GET', '/api/billing', {
        headers: { cookie: jar.header(), accept: 'application/json' },
      })
      expect(fresh.status).toBe(200)
      expect(fresh.json().authTime).toBeTypeOf('number')

      clockOffset = 120_000
      const old = await send(ctx.app, 'GET', '/api/billing', {
        headers: { cookie: jar.header(), accept: 'application/json' },
      })
      clockOffset = 0
      expect(old.status).toBe(401)
      expect(old.json().error).toMatchObject({ code: 'recent_login_required', maxAgeSeconds: 60 })
      expect(old.headers['www-authenticate']).toMatch(
        /^Bearer error="insufficient_user_authentication", error_description="[^"]+", max_age="60"$/,
      )
    })

    it('a guard declared with a bad maxAgeSeconds stops start-up', async () => {
      for (const maxAgeSeconds of [0, 1.5, '60' as unknown as number]) {
        await expect(
          harness.start({
            options: {
              kit: ctx.fixture.kit,
              baseUrl: BASE_URL,
              session: { secret: SESSION_SECRET },
            },
            routes: [
              {
                method: 'GET',
                path: '/billing',
                guard: { kind: 'auth', maxAgeSeconds },
                reply: () => ({ text: 'never' }),
              },
            ],
          }),
        ).rejects.toThrow(/maxAgeSeconds/)
      }
    })
  })
}
