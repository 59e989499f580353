import type { AddressInfo } from 'node:net'
import type { Auth } from '@kit/core'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'
import type { CookieJar } from './emulator-login.js'
import {
  BASE_URL,
  type KitFixture,
  login,
  rawGet,
  SESSION_SECRET,
  setCookiesOf,
  startKit,
} from './harness.js'

let fixture: KitFixture
let app: FastifyInstance
let alice: CookieJar
let bob: CookieJar
const logins: Auth[] = []

async function buildApp(): Promise<FastifyInstance> {
  const instance = Fastify()
  await instance.register(kitFastify, {
    kit: fixture.kit,
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
    apiPrefixes: ['/api/'],
    onLogin: (auth) => {
      logins.push(auth)
      return auth.user.email !== 'carol@globex.test' ? undefined : false
    },
  })
  const who = async (request: FastifyRequest) => ({ email: request.auth?.user.email ?? null })
  instance.get('/', who)
  instance.get('/dashboard', { preHandler: instance.requireAuth() }, who)
  instance.get('/admin', { preHandler: instance.requirePermission('org:manage') }, who)
  instance.get('/api/projects', { preHandler: instance.requirePermission('projects:read') }, who)
  instance.get('/billing', { preHandler: instance.requireRole('admin') }, who)
  instance.get('/org', { preHandler: instance.requireOrganization() }, who)
  instance.get('/org/acme', { preHandler: instance.requireOrganization('org_acme') }, who)
  instance.get('/org/globex', { preHandler: instance.requireOrganization('org_globex') }, who)
  instance.post('/api/echo', { preHandler: instance.requireAuth() }, async (request) => ({
    body: request.body,
  }))
  // A guard as a scope-wide hook: every route of the scope needs the permission.
  await instance.register(async (scope) => {
    scope.addHook('preHandler', scope.requirePermission('org:manage'))
    scope.get('/scoped/users', who)
  })
  return instance
}

beforeAll(async () => {
  fixture = await startKit()
  app = await buildApp()
  const a = await login(app, 'alice@acme.test')
  expect(a.callback.statusCode).toBe(302)
  alice = a.jar
  bob = (await login(app, 'bob@acme.test')).jar
})

afterAll(async () => {
  await app?.close()
  await fixture?.emu.stop()
})

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers })

describe('kitFastify routes', () => {
  it('GET /auth/login sets a transaction cookie and redirects to the authorize URL', async () => {
    const res = await get('/auth/login?returnTo=%2Fbilling&loginHint=alice%40acme.test')
    expect(res.statusCode).toBe(302)
    const location = new URL(String(res.headers.location))
    expect(location.origin).toBe(fixture.emu.url)
    expect(location.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('login_hint')).toBe('alice@acme.test')
    expect(setCookiesOf(res).some((c) => c.startsWith('kit_txn.'))).toBe(true)
  })

  it('HEAD /auth/login does not start a login (405)', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/auth/login' })
    expect(res.statusCode).toBe(405)
    expect(setCookiesOf(res)).toEqual([])
  })

  it('GET /auth/callback with a code signs in and returns to returnTo', async () => {
    const { jar, callback } = await login(app, 'alice@acme.test', '/billing')
    expect(callback.statusCode).toBe(302)
    expect(callback.headers.location).toBe(`${BASE_URL}/billing`)
    expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(true)
    expect(logins.some((a) => a.user.email === 'alice@acme.test')).toBe(true)
    const me = await get('/', { cookie: jar.header() })
    expect(me.json()).toEqual({ email: 'alice@acme.test' })
  })

  it('GET /auth/callback refuses a login that onLogin vetoes (no session)', async () => {
    const { jar, callback } = await login(app, 'carol@globex.test')
    expect(callback.statusCode).toBe(403)
    expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
  })

  it('GET /auth/callback with an error shows it escaped', async () => {
    const res = await get(
      '/auth/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      { accept: 'text/html' },
    )
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(res.body).not.toContain('<script>alert(1)</script>')
    expect(res.body).toContain('&lt;script&gt;')
  })

  it('GET /auth/callback with an IdP-initiated token restarts a login', async () => {
    const trigger = await fetch(`${fixture.emu.url}/idp/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        connection_id: 'conn_acme_sso',
        organization_id: 'org_acme',
        client_id: fixture.emu.clientId,
        relay_state: '/billing',
      }),
      redirect: 'manual',
    })
    expect(trigger.status).toBe(303)
    const target = new URL(trigger.headers.get('location')!)
    expect(target.origin).toBe(BASE_URL)
    const res = await get(target.pathname + target.search)
    expect(res.statusCode).toBe(302)
    const authorize = new URL(String(res.headers.location))
    expect(authorize.origin).toBe(fixture.emu.url)
    expect(authorize.searchParams.get('connection_id')).toBe('conn_acme_sso')
  })

  it('POST /auth/logout clears the session and redirects to the environment logout', async () => {
    const { jar } = await login(app, 'bob@acme.test')
    const res = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: jar.header(), origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
    })
    expect(res.statusCode).toBe(302)
    const location = new URL(String(res.headers.location))
    expect(location.origin).toBe(fixture.emu.url)
    expect(location.searchParams.get('id_token_hint')).toBeTruthy()
    jar.store(setCookiesOf(res))
    expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
    const after = await get('/dashboard', { cookie: jar.header(), accept: 'application/json' })
    expect(after.statusCode).toBe(401)
  })

  it('POST /auth/logout from an HTML form (urlencoded, empty body) logs out', async () => {
    const { jar } = await login(app, 'bob@acme.test')
    const res = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: {
        cookie: jar.header(),
        origin: BASE_URL,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: '',
    })
    expect(res.statusCode).toBe(302)
    jar.store(setCookiesOf(res))
    expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
  })

  it('GET /auth/logout is refused unless configured (405, Allow: POST)', async () => {
    const res = await get('/auth/logout')
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('POST')
    expect(res.json().error.code).toBe('method_not_allowed')
  })

  it('leaves the app routes and its JSON body parser alone', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { cookie: alice.header(), origin: BASE_URL },
      payload: { hello: 'world' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ body: { hello: 'world' } })
  })
})

describe('request.auth', () => {
  it('is null for an anonymous request', async () => {
    expect((await get('/')).json()).toEqual({ email: null })
  })

  it('is null for a garbage or tampered session cookie (never a 500)', async () => {
    const garbage = await get('/', { cookie: 'kit_session=garbage' })
    expect(garbage.statusCode).toBe(200)
    expect(garbage.json()).toEqual({ email: null })
    const tampered = alice
      .header()
      .replace(/kit_session(\.0)?=([^;]{10})/, 'kit_session$1=AAAAAAAAAA')
    const res = await get('/', { cookie: tampered })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ email: null })
  })
})

describe('bearer tokens', () => {
  it('a valid access token passes requireAuth; malformed or repeated headers get 401', async () => {
    const token = await fixture.kit.getClientAccessToken()
    const server = await buildApp()
    try {
      await server.listen({ port: 0, host: '127.0.0.1' })
      const { port } = server.server.address() as AddressInfo
      const ok = await rawGet(port, '/dashboard', [['authorization', `Bearer ${token}`]])
      expect(ok.status).toBe(200)
      for (const lines of [
        [['authorization', 'Bearer not.a.jwt']],
        [['authorization', `Basic ${Buffer.from('a:b').toString('base64')}`]],
        [
          ['authorization', `Bearer ${token}`],
          ['authorization', `Bearer ${token}`],
        ],
      ] as [string, string][][]) {
        const res = await rawGet(port, '/dashboard', lines)
        expect(res.status).toBe(401)
        expect(JSON.parse(res.body).error.code).toEqual(expect.any(String))
      }
    } finally {
      await server.close()
    }
  })
})

describe('guards', () => {
  it('requireAuth: browser -> 302 to login with returnTo, API -> 401 JSON, session -> 200', async () => {
    const browser = await get('/dashboard?tab=1', { accept: 'text/html' })
    expect(browser.statusCode).toBe(302)
    const to = new URL(String(browser.headers.location), BASE_URL)
    expect(to.pathname).toBe('/auth/login')
    expect(to.searchParams.get('returnTo')).toBe('/dashboard?tab=1')

    const api = await get('/dashboard', { accept: 'application/json' })
    expect(api.statusCode).toBe(401)
    expect(api.json().error.code).toEqual(expect.any(String))
    expect(api.json().error.message).toEqual(expect.any(String))

    expect((await get('/api/projects', { accept: 'text/html' })).statusCode).toBe(401)

    const ok = await get('/dashboard', { cookie: alice.header() })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ email: 'alice@acme.test' })
  })

  it('requirePermission: 200 with it, 403 JSON naming what is missing without it', async () => {
    expect((await get('/admin', { cookie: alice.header() })).statusCode).toBe(200)
    const denied = await get('/admin', { cookie: bob.header(), accept: 'application/json' })
    expect(denied.statusCode).toBe(403)
    expect(denied.body).toContain('org:manage')
    expect((await get('/api/projects', { cookie: bob.header() })).statusCode).toBe(200)
  })

  it('requireRole: admin passes, member gets 403, anonymous API 401', async () => {
    expect((await get('/billing', { cookie: alice.header() })).statusCode).toBe(200)
    expect((await get('/billing', { cookie: bob.header() })).statusCode).toBe(403)
    expect((await get('/billing', { accept: 'application/json' })).statusCode).toBe(401)
  })

  it('requireOrganization: any organization, the right one, and the wrong one', async () => {
    expect((await get('/org', { cookie: alice.header() })).statusCode).toBe(200)
    expect((await get('/org/acme', { cookie: alice.header() })).statusCode).toBe(200)
    expect((await get('/org/globex', { cookie: alice.header() })).statusCode).toBe(403)
  })

  it('a guard added as a scope hook covers the scope', async () => {
    expect((await get('/scoped/users', { cookie: alice.header() })).statusCode).toBe(200)
    expect((await get('/scoped/users', { cookie: bob.header() })).statusCode).toBe(403)
    expect((await get('/scoped/users', { accept: 'application/json' })).statusCode).toBe(401)
  })

  it('guard denials carry Cache-Control: no-store', async () => {
    const res = await get('/admin', { cookie: bob.header() })
    expect(res.statusCode).toBe(403)
    expect(String(res.headers['cache-control'])).toContain('no-store')
  })
})
