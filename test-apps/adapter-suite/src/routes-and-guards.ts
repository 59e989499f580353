import type { Auth } from '@kit/core'
import type { OriginCookies } from '@kit/emulator/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ConformanceOptions } from './conformance.js'
import { BASE_URL, login, who } from './fixtures.js'
import type { AdapterHarness, TestRoute } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/** The app's routes: one per guard kind, plus a JSON echo behind the app's own parser. */
const ROUTES: readonly TestRoute[] = [
  { method: 'GET', path: '/', reply: who },
  { method: 'GET', path: '/dashboard', guard: { kind: 'auth' }, reply: who },
  {
    method: 'GET',
    path: '/admin',
    guard: { kind: 'permission', names: ['org:manage'] },
    reply: who,
  },
  {
    method: 'GET',
    path: '/api/projects',
    guard: { kind: 'permission', names: ['projects:read'] },
    reply: who,
  },
  { method: 'GET', path: '/billing', guard: { kind: 'role', names: ['admin'] }, reply: who },
  { method: 'GET', path: '/org', guard: { kind: 'organization' }, reply: who },
  { method: 'GET', path: '/org/acme', guard: { kind: 'organization', id: 'org_acme' }, reply: who },
  {
    method: 'GET',
    path: '/org/globex',
    guard: { kind: 'organization', id: 'org_globex' },
    reply: who,
  },
  {
    method: 'POST',
    path: '/api/echo',
    guard: { kind: 'auth' },
    reply: ({ body }) => ({ json: { body } }),
  },
]

/** The kit's routes, `req.auth`, bearer tokens and every guard kind, through the adapter. */
export function describeRoutesAndGuards(
  harness: AdapterHarness,
  options: Pick<ConformanceOptions, 'writesDenialsWhole'>,
): void {
  describe('routes and guards', () => {
    const logins: Auth[] = []
    const ctx = useKitApp(harness, {
      options: {
        apiPrefixes: ['/api/'],
        onLogin: (auth) => {
          logins.push(auth)
          return auth.user.email !== 'carol@globex.test' ? undefined : false
        },
      },
      routes: ROUTES,
    })
    let alice: OriginCookies
    let bob: OriginCookies

    beforeAll(async () => {
      const a = await login(ctx.app, 'alice@acme.test')
      expect(a.callback.status).toBe(302)
      alice = a.jar
      bob = (await login(ctx.app, 'bob@acme.test')).jar
    })

    const get = (path: string, headers: Record<string, string> = {}) =>
      send(ctx.app, 'GET', path, { headers })

    describe('routes', () => {
      it('GET /auth/login sets a transaction cookie and redirects to the authorize URL', async () => {
        // A navigation from the app's own page: login parameters are kept (see secure-defaults).
        const res = await get('/auth/login?returnTo=%2Fbilling&loginHint=alice%40acme.test', {
          'sec-fetch-site': 'same-origin',
        })
        expect(res.status).toBe(302)
        const location = new URL(res.location!)
        expect(location.origin).toBe(ctx.fixture.emu.url)
        expect(location.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
        expect(location.searchParams.get('code_challenge_method')).toBe('S256')
        expect(location.searchParams.get('login_hint')).toBe('alice@acme.test')
        expect(res.setCookies.some((c) => c.startsWith('kit_txn.'))).toBe(true)
      })

      it('GET /auth/callback with a code signs in and returns to returnTo', async () => {
        const { jar, callback } = await login(ctx.app, 'alice@acme.test', '/billing')
        expect(callback.status).toBe(302)
        expect(callback.location).toBe(`${BASE_URL}/billing`)
        expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(true)
        expect(logins.some((a) => a.user.email === 'alice@acme.test')).toBe(true)
        const me = await get('/', { cookie: jar.header() })
        expect(me.json()).toEqual({ email: 'alice@acme.test' })
      })

      it('GET /auth/callback refuses a login that onLogin vetoes (no session)', async () => {
        const { jar, callback } = await login(ctx.app, 'carol@globex.test')
        expect(callback.status).toBe(403)
        expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
      })

      it('GET /auth/callback with an error shows a fixed message, never the error text', async () => {
        const res = await get(
          '/auth/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
          { accept: 'text/html' },
        )
        expect(res.status).toBeGreaterThanOrEqual(400)
        expect(res.status).toBeLessThan(500)
        expect(res.text).not.toContain('<script>alert(1)</script>')
        expect(res.text).not.toContain('alert(1)')
        expect(res.text).toContain('Sign-in was cancelled or access was denied')
      })

      it('GET /auth/callback with an IdP-initiated token restarts a login', async () => {
        const trigger = await fetch(`${ctx.fixture.emu.url}/idp/initiate`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            connection_id: 'conn_acme_sso',
            organization_id: 'org_acme',
            client_id: ctx.fixture.emu.clientId,
            relay_state: '/billing',
          }),
          redirect: 'manual',
        })
        expect(trigger.status).toBe(303)
        const target = new URL(trigger.headers.get('location')!)
        expect(target.origin).toBe(BASE_URL)
        const res = await get(target.pathname + target.search)
        expect(res.status).toBe(302)
        const authorize = new URL(res.location!)
        expect(authorize.origin).toBe(ctx.fixture.emu.url)
        expect(authorize.searchParams.get('connection_id')).toBe('conn_acme_sso')
      })

      it('POST /auth/logout clears the session and redirects to the environment logout', async () => {
        const { jar } = await login(ctx.app, 'bob@acme.test')
        const res = await send(ctx.app, 'POST', '/auth/logout', {
          headers: { cookie: jar.header(), origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
        })
        expect(res.status).toBe(302)
        const location = new URL(res.location!)
        expect(location.origin).toBe(ctx.fixture.emu.url)
        expect(location.searchParams.get('id_token_hint')).toBeTruthy()
        jar.store(res.setCookies)
        expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
        const after = await get('/dashboard', { cookie: jar.header(), accept: 'application/json' })
        expect(after.status).toBe(401)
      })

      it('POST /auth/logout from an HTML form (urlencoded, empty body) logs out', async () => {
        const { jar } = await login(ctx.app, 'bob@acme.test')
        const res = await send(ctx.app, 'POST', '/auth/logout', {
          headers: {
            cookie: jar.header(),
            origin: BASE_URL,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: '',
        })
        expect(res.status).toBe(302)
        jar.store(res.setCookies)
        expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
      })

      it('HEAD /auth/login does not start a login (405)', async () => {
        const res = await send(ctx.app, 'HEAD', '/auth/login')
        expect(res.status).toBe(405)
        expect(res.setCookies).toEqual([])
      })

      it('GET /auth/logout is refused unless configured (405, Allow: POST)', async () => {
        const res = await get('/auth/logout')
        expect(res.status).toBe(405)
        expect(res.headers.allow).toBe('POST')
        expect(res.json().error.code).toBe('method_not_allowed')
      })

      it('leaves the app routes and its JSON body parser alone', async () => {
        const res = await send(ctx.app, 'POST', '/api/echo', {
          headers: {
            cookie: alice.header(),
            origin: BASE_URL,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ hello: 'world' }),
        })
        expect(res.status).toBe(200)
        expect(res.json()).toEqual({ body: { hello: 'world' } })
      })
    })

    describe('auth on the request', () => {
      it('is null for an anonymous request', async () => {
        expect((await get('/')).json()).toEqual({ email: null })
      })

      it('is null for a garbage or tampered session cookie (never a 500)', async () => {
        const garbage = await get('/', { cookie: 'kit_session=garbage' })
        expect(garbage.status).toBe(200)
        expect(garbage.json()).toEqual({ email: null })
        const tampered = alice
          .header()
          .replace(/kit_session(\.0)?=([^;]{10})/, 'kit_session$1=AAAAAAAAAA')
        const res = await get('/', { cookie: tampered })
        expect(res.status).toBe(200)
        expect(res.json()).toEqual({ email: null })
      })
    })

    describe('bearer tokens', () => {
      it('a valid access token passes requireAuth; malformed or repeated headers get 401', async () => {
        const token = await ctx.fixture.kit.getClientAccessToken()
        const ok = await send(ctx.app, 'GET', '/dashboard', {
          headers: [['authorization', `Bearer ${token}`]],
        })
        expect(ok.status).toBe(200)
        for (const lines of [
          [['authorization', 'Bearer not.a.jwt']],
          [['authorization', `Basic ${Buffer.from('a:b').toString('base64')}`]],
          [
            ['authorization', `Bearer ${token}`],
            ['authorization', `Bearer ${token}`],
          ],
        ] as [string, string][][]) {
          const res = await send(ctx.app, 'GET', '/dashboard', { headers: lines })
          expect(res.status).toBe(401)
          expect(res.json().error.code).toEqual(expect.any(String))
        }
      })
    })

    describe('guards', () => {
      it('requireAuth: browser -> 302 to login with returnTo, API -> 401 JSON, session -> 200', async () => {
        const browser = await get('/dashboard?tab=1', { accept: 'text/html' })
        expect(browser.status).toBe(302)
        const to = new URL(browser.location!, BASE_URL)
        expect(to.pathname).toBe('/auth/login')
        expect(to.searchParams.get('returnTo')).toBe('/dashboard?tab=1')

        const api = await get('/dashboard', { accept: 'application/json' })
        expect(api.status).toBe(401)
        expect(api.json().error.code).toEqual(expect.any(String))
        expect(api.json().error.message).toEqual(expect.any(String))

        expect((await get('/api/projects', { accept: 'text/html' })).status).toBe(401)

        const ok = await get('/dashboard', { cookie: alice.header() })
        expect(ok.status).toBe(200)
        expect(ok.json()).toEqual({ email: 'alice@acme.test' })
      })

      it('requirePermission: 200 with it, 403 JSON naming what is missing without it', async () => {
        expect((await get('/admin', { cookie: alice.header() })).status).toBe(200)
        const denied = await get('/admin', { cookie: bob.header(), accept: 'application/json' })
        expect(denied.status).toBe(403)
        expect(denied.text).toContain('org:manage')
        expect((await get('/api/projects', { cookie: bob.header() })).status).toBe(200)
      })

      it('requireRole: admin passes, member gets 403, anonymous API 401', async () => {
        expect((await get('/billing', { cookie: alice.header() })).status).toBe(200)
        expect((await get('/billing', { cookie: bob.header() })).status).toBe(403)
        expect((await get('/billing', { accept: 'application/json' })).status).toBe(401)
      })

      it('requireOrganization: any organization, the right one, and the wrong one', async () => {
        expect((await get('/org', { cookie: alice.header() })).status).toBe(200)
        expect((await get('/org/acme', { cookie: alice.header() })).status).toBe(200)
        expect((await get('/org/globex', { cookie: alice.header() })).status).toBe(403)
      })

      it('guard denials carry Cache-Control: no-store', async () => {
        const res = await get('/admin', { cookie: bob.header() })
        expect(res.status).toBe(403)
        expect(String(res.headers['cache-control'])).toContain('no-store')
      })

      // Core answers a denial as plain data (KitReply), which a Node adapter writes in one
      // piece; a streamed Web Response would go out chunked, in several writes.
      it('guard denials have a body (whole, with its Content-Length, where the adapter writes it); HEAD gets the headers only', async () => {
        const denials: Array<[string, Record<string, string>, number]> = [
          ['/dashboard', { accept: 'application/json' }, 401],
          ['/admin', { cookie: bob.header(), accept: 'application/json' }, 403],
          ['/admin', { cookie: bob.header(), accept: 'text/html' }, 403],
        ]
        for (const [path, headers, status] of denials) {
          const res = await get(path, headers)
          expect(res.status).toBe(status)
          expect(res.text.length).toBeGreaterThan(0)
          if (!options.writesDenialsWhole) continue
          expect(res.headers['transfer-encoding']).toBeUndefined()
          expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text))
        }
        const head = await send(ctx.app, 'HEAD', '/dashboard', {
          headers: { accept: 'application/json' },
        })
        expect(head.status).toBe(401)
        expect(head.headers['www-authenticate']).toBe('Bearer')
        expect(head.text).toBe('')
      })
    })
  })
}
