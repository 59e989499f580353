import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'
import { CookieJar, emulatorAsksToSignIn, signOutAtEmulator } from './emulator-login.js'
import {
  BASE_URL,
  type KitFixture,
  login,
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

async function buildApp() {
  const app = Fastify()
  await app.register(kitFastify, {
    kit: fixture.kit,
    baseUrl: BASE_URL,
    session: { secret: SESSION_SECRET },
  })
  app.get('/', async (request) =>
    request.auth ? `hello ${request.auth.user.email}` : 'hello guest',
  )
  app.get('/dashboard', { preHandler: app.requireAuth() }, async (request) => {
    return `dashboard of ${request.auth!.user.email} in ${request.auth!.organizationId}`
  })
  return app
}

describe('full login through the emulator (fastify)', () => {
  it('login form -> guarded dashboard -> logout -> guarded again', async () => {
    const app = await buildApp()
    const anonymous = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { accept: 'text/html' },
    })
    expect(anonymous.statusCode).toBe(302)
    expect(anonymous.headers.location).toContain('/auth/login?returnTo=%2Fdashboard')

    const emulatorJar = new CookieJar()
    const { jar, callback } = await login(app, 'alice@acme.test', '/dashboard', emulatorJar)
    expect(callback.statusCode).toBe(302)
    expect(callback.headers.location).toBe(`${BASE_URL}/dashboard`)
    expect(jar.names().some((n) => n.startsWith('kit_txn.'))).toBe(false)

    const dashboard = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(dashboard.statusCode).toBe(200)
    expect(dashboard.body).toBe('dashboard of alice@acme.test in org_acme')

    const logout = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: jar.header(), origin: BASE_URL },
    })
    expect(logout.statusCode).toBe(302)
    jar.store(setCookiesOf(logout))
    const back = await signOutAtEmulator({
      logoutUrl: String(logout.headers.location),
      appOrigin: BASE_URL,
      jar: emulatorJar,
    })
    expect(back.toString()).toBe(`${BASE_URL}/`)
    const home = await app.inject({
      method: 'GET',
      url: back.pathname,
      headers: { cookie: jar.header() },
    })
    expect(home.body).toBe('hello guest')

    const again = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header(), accept: 'text/html' },
    })
    expect(again.statusCode).toBe(302)

    const restart = await app.inject({ method: 'GET', url: '/auth/login' })
    expect(
      await emulatorAsksToSignIn(String(restart.headers.location), emulatorJar, BASE_URL),
    ).toBe(true)
    await app.close()
  })

  it('a cross-site logout POST does not log the user out', async () => {
    const app = await buildApp()
    const { jar } = await login(app, 'bob@acme.test')
    const forged = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: {
        cookie: jar.header(),
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
    })
    expect(forged.statusCode).toBe(403)
    jar.store(setCookiesOf(forged))
    const still = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: jar.header() },
    })
    expect(still.statusCode).toBe(200)
    await app.close()
  })
})
