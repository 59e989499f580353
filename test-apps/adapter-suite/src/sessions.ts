import { CookieJar } from '@kit/emulator/testing'
import { describe, expect, it } from 'vitest'
import { BASE_URL, login, sessionCookies } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/**
 * 60 long permission names: their access token only fits the session in two chunks (the
 * default cookie budget; a session needing more is refused at login).
 */
const MANY_PERMISSIONS = Array.from(
  { length: 60 },
  (_, i) => `reports:${String(i).padStart(3, '0')}:export-archive`,
)

/** An organization whose role grants all of {@link MANY_PERMISSIONS}, and its user dave. */
const BIG_ORGANIZATION = {
  permissions: MANY_PERMISSIONS.map((name) => ({ name })),
  organizations: [
    {
      id: 'org_big',
      display_name: 'Big Co',
      domains: ['big.test'],
      roles: [{ name: 'power', permissions: MANY_PERMISSIONS }],
      users: [{ email: 'dave@big.test', first_name: 'Dave', last_name: 'Big', roles: ['power'] }],
    },
  ],
}

/** Chunked session cookies and token refresh, written back through the adapter. */
export function describeSessions(harness: AdapterHarness): void {
  describe('sessions through the adapter', () => {
    const ctx = useKitApp(harness, {
      // Access tokens live 30 s, inside the default 60 s refresh skew: every request refreshes.
      emulator: { accessTokenTtl: 30 },
      prepare: ({ emu }) => emu.seed(BIG_ORGANIZATION),
      routes: [
        {
          method: 'GET',
          path: '/dashboard',
          guard: { kind: 'auth' },
          reply: ({ auth }) => ({
            json: { email: auth!.user.email, permissions: auth!.permissions.length },
          }),
        },
        {
          method: 'GET',
          path: '/reports',
          guard: { kind: 'permission', names: [MANY_PERMISSIONS[59]!] },
          reply: () => ({ text: 'ok' }),
        },
      ],
    })

    const get = (path: string, headers: Record<string, string> = {}) =>
      send(ctx.app, 'GET', path, { headers })

    it('a chunked session survives the round trip (several Set-Cookie lines, one Cookie)', async () => {
      const { jar, callback } = await login(ctx.app, 'dave@big.test')
      expect(callback.status).toBe(302)
      const chunks = sessionCookies(callback.setCookies)
      expect(chunks.length).toBeGreaterThanOrEqual(2)
      expect(chunks.every((c) => /^kit_session\.\d+$/.test(c))).toBe(true)
      expect(jar.names()).toEqual(expect.arrayContaining(chunks))

      const res = await get('/dashboard', { cookie: jar.header() })
      expect(res.status).toBe(200)
      expect(res.json()).toEqual({ email: 'dave@big.test', permissions: 60 })
      jar.store(res.setCookies)
      expect((await get('/reports', { cookie: jar.header() })).status).toBe(200)

      // Dropping chunks makes the session unreadable: anonymous, not a 500.
      const partial = new CookieJar().scope(BASE_URL)
      partial.store([`${chunks[0]}=${jar.get(chunks[0]!)}`])
      const broken = await get('/dashboard', {
        cookie: partial.header(),
        accept: 'application/json',
      })
      expect(broken.status).toBe(401)
    })

    it('refreshes an expiring access token and writes the new session on the response', async () => {
      const { jar } = await login(ctx.app, 'alice@acme.test')
      const before = jar.header()
      const res = await get('/dashboard', { cookie: jar.header() })
      expect(res.status).toBe(200)
      expect(res.json().email).toBe('alice@acme.test')
      expect(sessionCookies(res.setCookies).length).toBeGreaterThan(0)
      expect(String(res.headers['cache-control'])).toContain('no-store')
      jar.store(res.setCookies)
      expect(jar.header()).not.toBe(before)

      // The refreshed session keeps working (its refresh token is the rotated one).
      expect((await get('/dashboard', { cookie: jar.header() })).status).toBe(200)
    })

    it('a guard denial still carries the refreshed session cookies', async () => {
      const { jar } = await login(ctx.app, 'bob@acme.test')
      const denied = await get('/reports', { cookie: jar.header() })
      expect(denied.status).toBe(403)
      expect(sessionCookies(denied.setCookies).length).toBeGreaterThan(0)
      jar.store(denied.setCookies)
      // The refreshed session is the one to keep: it still signs bob in.
      expect((await get('/dashboard', { cookie: jar.header() })).status).toBe(200)
    })

    it('concurrent requests with one expiring session refresh once and all pass', async () => {
      const { jar } = await login(ctx.app, 'bob@acme.test')
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          get('/dashboard', { cookie: jar.header(), accept: 'application/json' }),
        ),
      )
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    })
  })
}
