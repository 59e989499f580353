import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'
import { CookieJar } from './emulator-login.js'
import {
  BASE_URL,
  type KitFixture,
  login,
  SESSION_SECRET,
  setCookiesOf,
  startKit,
} from './harness.js'

/** 100 long permission names: their access token only fits the session in several chunks. */
const MANY_PERMISSIONS = Array.from(
  { length: 100 },
  (_, i) => `reports:${String(i).padStart(3, '0')}:export-archive`,
)

let fixture: KitFixture
let app: FastifyInstance

beforeAll(async () => {
  // Access tokens live 30 s, inside the default 60 s refresh skew: every request refreshes.
  fixture = await startKit({ accessTokenTtl: 30 })
  await fixture.emu.seed({
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
  })
  app = Fastify()
  await app.register(kitFastify, {
    kit: fixture.kit,
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
  })
  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request) => ({
    email: request.auth!.user.email,
    permissions: request.auth!.permissions.length,
  }))
  app.get(
    '/reports',
    { preHandler: app.requirePermission(MANY_PERMISSIONS[99]!) },
    async () => 'ok',
  )
})

afterAll(async () => {
  await app?.close()
  await fixture?.emu.stop()
})

function sessionCookies(lines: readonly string[]): string[] {
  return lines.filter((l) => /^kit_session(\.\d+)?=[^;]/.test(l)).map((l) => l.split('=')[0]!)
}

describe('sessions through the plugin', () => {
  it('a chunked session survives the round trip (several Set-Cookie lines, one Cookie)', async () => {
    const { jar, callback } = await login(app, 'dave@big.test')
    expect(callback.statusCode).toBe(302)
    const chunks = sessionCookies(setCookiesOf(callback))
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    expect(chunks.every((c) => /^kit_session\.\d+$/.test(c))).toBe(true)
    expect(jar.names()).toEqual(expect.arrayContaining(chunks))

    const res = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ email: 'dave@big.test', permissions: 100 })
    jar.store(setCookiesOf(res))
    const reports = await app.inject({
      method: 'GET',
      url: '/reports',
      headers: { cookie: jar.header() },
    })
    expect(reports.statusCode).toBe(200)

    // Dropping chunks makes the session unreadable: anonymous, not a 500.
    const partial = new CookieJar()
    partial.store([`${chunks[0]}=${jar.get(chunks[0]!)}`])
    const broken = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: partial.header(), accept: 'application/json' },
    })
    expect(broken.statusCode).toBe(401)
  })

  it('refreshes an expiring access token and writes the new session on the response', async () => {
    const { jar } = await login(app, 'alice@acme.test')
    const before = jar.header()
    const res = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().email).toBe('alice@acme.test')
    expect(sessionCookies(setCookiesOf(res)).length).toBeGreaterThan(0)
    expect(String(res.headers['cache-control'])).toContain('no-store')
    jar.store(setCookiesOf(res))
    expect(jar.header()).not.toBe(before)
    const again = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(again.statusCode).toBe(200)
  })

  it('a guard denial still carries the refreshed session cookies', async () => {
    const { jar } = await login(app, 'bob@acme.test')
    const denied = await app.inject({
      method: 'GET',
      url: '/reports',
      headers: { cookie: jar.header() },
    })
    expect(denied.statusCode).toBe(403)
    expect(sessionCookies(setCookiesOf(denied)).length).toBeGreaterThan(0)
    jar.store(setCookiesOf(denied))
    const still = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(still.statusCode).toBe(200)
  })

  it('concurrent requests with one expiring session refresh once and all pass', async () => {
    const { jar } = await login(app, 'bob@acme.test')
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.inject({
          method: 'GET',
          url: '/dashboard',
          headers: { cookie: jar.header(), accept: 'application/json' },
        }),
      ),
    )
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200])
  })
})
