import type { AddressInfo } from 'node:net'
import type { Auth } from '@kit/core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  kitExpress,
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRole,
} from '../src/index.js'
import type { CookieJar } from './emulator-login.js'
import { expressVersions } from './frameworks.js'
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

beforeAll(async () => {
  fixture = await startKit()
})

afterAll(async () => {
  await fixture?.emu.stop()
})

describe.each(expressVersions)('kitExpress ($name)', ({ express }) => {
  const logins: Auth[] = []

  function buildApp() {
    const app = express()
    app.use(
      kitExpress({
        kit: fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        apiPrefixes: ['/api/'],
        onLogin: (auth) => {
          logins.push(auth)
          return auth.user.email !== 'carol@globex.test' ? undefined : false
        },
      }),
    )
    app.use(express.json())
    const who = (req: import('express').Request, res: import('express').Response) => {
      res.json({ email: req.auth?.user.email ?? null })
    }
    app.get('/', who)
    app.get('/dashboard', requireAuth(), who)
    app.get('/admin', requirePermission('org:manage'), who)
    app.get('/api/projects', requirePermission('projects:read'), who)
    app.get('/billing', requireRole('admin'), who)
    app.get('/org', requireOrganization(), who)
    app.get('/org/acme', requireOrganization('org_acme'), who)
    app.get('/org/globex', requireOrganization('org_globex'), who)
    app.post('/api/echo', requireAuth(), (req, res) => res.json({ body: req.body }))
    return app
  }

  let app: ReturnType<typeof buildApp>
  let alice: CookieJar
  let bob: CookieJar

  beforeAll(async () => {
    app = buildApp()
    const a = await login(app, 'alice@acme.test')
    expect(a.callback.status).toBe(302)
    alice = a.jar
    bob = (await login(app, 'bob@acme.test')).jar
  })

  describe('routes', () => {
    it('GET /auth/login sets a transaction cookie and redirects to the authorize URL', async () => {
      const res = await request(app).get(
        '/auth/login?returnTo=%2Fbilling&loginHint=alice%40acme.test',
      )
      expect(res.status).toBe(302)
      const location = new URL(res.headers.location!)
      expect(location.origin).toBe(fixture.emu.url)
      expect(location.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
      expect(location.searchParams.get('code_challenge_method')).toBe('S256')
      expect(location.searchParams.get('login_hint')).toBe('alice@acme.test')
      const cookies = setCookiesOf(res)
      expect(cookies.some((c) => c.startsWith('kit_txn.'))).toBe(true)
    })

    it('GET /auth/callback with a code signs in and returns to returnTo', async () => {
      const { jar, callback } = await login(app, 'alice@acme.test', '/billing')
      expect(callback.status).toBe(302)
      expect(callback.headers.location).toBe(`${BASE_URL}/billing`)
      expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(true)
      expect(logins.some((a) => a.user.email === 'alice@acme.test')).toBe(true)
      const me = await request(app).get('/').set('Cookie', jar.header())
      expect(me.body).toEqual({ email: 'alice@acme.test' })
    })

    it('GET /auth/callback refuses a login that onLogin vetoes (no session)', async () => {
      const { jar, callback } = await login(app, 'carol@globex.test')
      expect(callback.status).toBe(403)
      expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
    })

    it('GET /auth/callback with an error shows it escaped', async () => {
      const res = await request(app)
        .get(
          '/auth/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        )
        .set('Accept', 'text/html')
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(res.text).not.toContain('<script>alert(1)</script>')
      expect(res.text).toContain('&lt;script&gt;')
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
      const res = await request(app).get(target.pathname + target.search)
      expect(res.status).toBe(302)
      const authorize = new URL(res.headers.location!)
      expect(authorize.origin).toBe(fixture.emu.url)
      expect(authorize.searchParams.get('connection_id')).toBe('conn_acme_sso')
    })

    it('POST /auth/logout clears the session and redirects to the environment logout', async () => {
      const { jar } = await login(app, 'bob@acme.test')
      const res = await request(app)
        .post('/auth/logout')
        .set('Cookie', jar.header())
        .set('Origin', BASE_URL)
        .set('Sec-Fetch-Site', 'same-origin')
      expect(res.status).toBe(302)
      const location = new URL(res.headers.location!)
      expect(location.origin).toBe(fixture.emu.url)
      expect(location.searchParams.get('id_token_hint')).toBeTruthy()
      jar.store(setCookiesOf(res))
      expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
      const after = await request(app)
        .get('/dashboard')
        .set('Cookie', jar.header())
        .set('Accept', 'application/json')
      expect(after.status).toBe(401)
    })

    it('POST /auth/logout from an HTML form (urlencoded, empty body) logs out', async () => {
      const { jar } = await login(app, 'bob@acme.test')
      const res = await request(app)
        .post('/auth/logout')
        .set('Cookie', jar.header())
        .set('Origin', BASE_URL)
        .type('form')
        .send('')
      expect(res.status).toBe(302)
      jar.store(setCookiesOf(res))
      expect(jar.names().some((n) => n.startsWith('kit_session'))).toBe(false)
    })

    it('HEAD /auth/login does not start a login (405)', async () => {
      const res = await request(app).head('/auth/login')
      expect(res.status).toBe(405)
      expect(setCookiesOf(res)).toEqual([])
    })

    it('GET /auth/logout is refused unless configured (405, Allow: POST)', async () => {
      const res = await request(app).get('/auth/logout')
      expect(res.status).toBe(405)
      expect(res.headers.allow).toBe('POST')
      expect(res.body.error.code).toBe('method_not_allowed')
    })

    it('leaves other routes and the app body parser alone', async () => {
      const res = await request(app)
        .post('/api/echo')
        .set('Cookie', alice.header())
        .set('Origin', BASE_URL)
        .send({ hello: 'world' })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ body: { hello: 'world' } })
    })
  })

  describe('req.auth', () => {
    it('is null for an anonymous request', async () => {
      const res = await request(app).get('/')
      expect(res.body).toEqual({ email: null })
    })

    it('is null for a garbage or tampered session cookie (never a 500)', async () => {
      const garbage = await request(app).get('/').set('Cookie', 'kit_session=garbage')
      expect(garbage.status).toBe(200)
      expect(garbage.body).toEqual({ email: null })
      const tampered = alice
        .header()
        .replace(/kit_session(\.0)?=([^;]{10})/, 'kit_session$1=AAAAAAAAAA')
      const res = await request(app).get('/').set('Cookie', tampered)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ email: null })
    })
  })

  describe('bearer tokens', () => {
    it('a valid access token passes requireAuth; malformed or repeated headers get 401', async () => {
      const token = await fixture.kit.getClientAccessToken()
      const server = app.listen(0)
      try {
        const { port } = server.address() as AddressInfo
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
        server.close()
      }
    })
  })

  describe('guards', () => {
    it('requireAuth: browser -> 302 to login with returnTo, API -> 401 JSON, session -> 200', async () => {
      const browser = await request(app).get('/dashboard?tab=1').set('Accept', 'text/html')
      expect(browser.status).toBe(302)
      const to = new URL(browser.headers.location!, BASE_URL)
      expect(to.pathname).toBe('/auth/login')
      expect(to.searchParams.get('returnTo')).toBe('/dashboard?tab=1')

      const api = await request(app).get('/dashboard').set('Accept', 'application/json')
      expect(api.status).toBe(401)
      expect(api.body.error.code).toEqual(expect.any(String))
      expect(api.body.error.message).toEqual(expect.any(String))

      const prefixed = await request(app).get('/api/projects').set('Accept', 'text/html')
      expect(prefixed.status).toBe(401)

      const ok = await request(app).get('/dashboard').set('Cookie', alice.header())
      expect(ok.status).toBe(200)
      expect(ok.body).toEqual({ email: 'alice@acme.test' })
    })

    it('requirePermission: 200 with it, 403 JSON naming what is missing without it', async () => {
      expect((await request(app).get('/admin').set('Cookie', alice.header())).status).toBe(200)
      const denied = await request(app)
        .get('/admin')
        .set('Cookie', bob.header())
        .set('Accept', 'application/json')
      expect(denied.status).toBe(403)
      expect(JSON.stringify(denied.body)).toContain('org:manage')
      expect((await request(app).get('/api/projects').set('Cookie', bob.header())).status).toBe(200)
    })

    it('requireRole: admin passes, member gets 403, anonymous API 401', async () => {
      expect((await request(app).get('/billing').set('Cookie', alice.header())).status).toBe(200)
      expect((await request(app).get('/billing').set('Cookie', bob.header())).status).toBe(403)
      const anon = await request(app).get('/billing').set('Accept', 'application/json')
      expect(anon.status).toBe(401)
    })

    it('requireOrganization: any organization, the right one, and the wrong one', async () => {
      expect((await request(app).get('/org').set('Cookie', alice.header())).status).toBe(200)
      expect((await request(app).get('/org/acme').set('Cookie', alice.header())).status).toBe(200)
      const wrong = await request(app).get('/org/globex').set('Cookie', alice.header())
      expect(wrong.status).toBe(403)
    })

    it('guard denials carry Cache-Control: no-store', async () => {
      const res = await request(app).get('/admin').set('Cookie', bob.header())
      expect(res.status).toBe(403)
      expect(res.headers['cache-control']).toContain('no-store')
    })
  })
})
