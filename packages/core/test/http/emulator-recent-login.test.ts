// Step-up (recent login) end to end against the emulator over HTTP: a step-up login sends
// max_age + prompt=login and the emulator asks for the login again even with a live
// session; its ID token's auth_time becomes the session's authTime; an old login is sent
// back through the login page; the emulator honours max_age on its own; a refresh keeps
// the login time; bearer tokens carry auth_time for RFC 9470 resource servers.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { asResponse } from '../support/as-response.js'
import { appKit, startTestEmulator } from '../support/emulator.js'
import { nowSec } from '../support/kit-for-idp.js'
import { loginThroughEmulator, openLogin, toApp } from './support/emulator-login.js'
import { BASE, type Jar, request, SECRET, testLogger } from './support/harness.js'

const EMAIL = 'alice@acme.test'
let emu: EmulatorHandle
/** Milliseconds the app's clock runs ahead of real time (ages the session's login). */
let clockOffset = 0
let routes: KitRoutes
/** The same app, configured for an environment that honours max_age (no prompt=login). */
let honouring: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  const common = {
    kit: appKit(emu),
    baseUrl: BASE,
    session: { secret: SECRET },
    now: () => Date.now() + clockOffset,
    logger: testLogger,
  }
  routes = createKitRoutes(common)
  honouring = createKitRoutes({ ...common, stepUpPromptLogin: false })
})
afterAll(() => emu?.stop())
beforeEach(() => {
  clockOffset = 0
})

const page = (path: string, jar: Jar) => request(path, jar, { headers: { accept: 'text/html' } })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('step-up login through the emulator', () => {
  it('a step-up login: the ID token auth_time becomes the session authTime', async () => {
    const before = nowSec()
    const { jar, res } = await loginThroughEmulator(
      routes,
      emu,
      EMAIL,
      '?returnTo=%2Fbilling&maxAge=60',
    )
    expect(res.status, await res.clone().text()).toBe(302)
    expect(res.headers.get('location')).toBe(`${BASE}/billing`)
    const { auth } = await routes.authenticate(page('/billing', jar))
    expect(auth!.authTime).toBeGreaterThanOrEqual(before - 1)
    expect(auth!.authTime).toBeLessThanOrEqual(nowSec())
    // The emulator's access token reports the same login time (RFC 9068 auth_time).
    expect(auth!.claims['auth_time']).toBe(auth!.authTime)
    expect(
      asResponse(routes.guard(page('/billing', jar), auth, { kind: 'auth', maxAgeSeconds: 60 })),
    ).toBe(null)
  })

  it('an old login: the guard sends the page through the login page again and back', async () => {
    const { jar, browser } = await loginThroughEmulator(routes, emu, EMAIL, '?returnTo=%2F')
    const first = (await routes.authenticate(page('/billing?tab=2', jar))).auth!
    // Two minutes later (app clock), a page that needs a login within 60 s.
    clockOffset = 120_000
    const aged = (await routes.authenticate(page('/billing?tab=2', jar))).auth!
    const denied = asResponse(
      routes.guard(page('/billing?tab=2', jar), aged, {
        kind: 'auth',
        maxAgeSeconds: 60,
      }),
    )!
    expect(denied.status).toBe(302)
    const location = new URL(denied.headers.get('location')!)
    expect(location.pathname + location.search).toBe(
      `/auth/login?returnTo=${encodeURIComponent('/billing?tab=2')}&maxAge=60`,
    )
    clockOffset = 0
    // The emulator still has a live session, yet shows its login page (prompt=login).
    const loginPage = await openLogin(routes, jar, browser, location.search)
    expect(loginPage.stopped).toBe(false)
    expect(loginPage.body).toContain(`Sign in as ${EMAIL}`)
    const back = await toApp(routes, await browser.click(loginPage, `Sign in as ${EMAIL}`), jar)
    expect(back.status, await back.clone().text()).toBe(302)
    expect(back.headers.get('location')).toBe(`${BASE}/billing?tab=2`)
    const again = (await routes.authenticate(page('/billing?tab=2', jar))).auth!
    expect(again.authTime).toBeGreaterThanOrEqual(first.authTime!)
    expect(
      asResponse(
        routes.guard(page('/billing?tab=2', jar), again, { kind: 'auth', maxAgeSeconds: 60 }),
      ),
    ).toBe(null)
  })

  it('the emulator honours max_age alone: silent while recent, login page once older', async () => {
    const { jar, browser } = await loginThroughEmulator(honouring, emu, EMAIL, '?returnTo=%2F')
    const first = (await honouring.authenticate(page('/', jar))).auth!
    // Recent enough: no login page, straight back to the app with the same login time.
    const start = (await honouring.handle(
      request('/auth/login?maxAge=300', jar, { headers: { 'sec-fetch-site': 'same-origin' } }),
    ))!
    jar.apply(start)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.searchParams.get('max_age')).toBe('300')
    expect(authorize.searchParams.has('prompt')).toBe(false)
    const silent = await browser.get(authorize)
    expect(silent.stopped, silent.body.slice(0, 200)).toBe(true)
    expect((await toApp(honouring, silent, jar)).status).toBe(302)
    expect((await honouring.authenticate(page('/', jar))).auth!.authTime).toBe(first.authTime)
    // Older than max_age at the emulator: its login page again.
    await sleep(2100)
    const loginPage = await openLogin(honouring, jar, browser, '?maxAge=1')
    expect(loginPage.stopped).toBe(false)
    expect(loginPage.body).toContain(`Sign in as ${EMAIL}`)
  })
})

describe('login time across refresh and bearer tokens', () => {
  it('a refreshed session keeps its authTime', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, EMAIL, '?returnTo=%2F')
    const first = (await routes.authenticate(page('/', jar))).auth!
    expect(first.authTime).toBeTypeOf('number')
    await sleep(1100)
    // 1 s inside the refresh skew (60 s) of the access token's expiry.
    clockOffset = (first.expiresAt - 60) * 1000 + 200 - Date.now()
    const refreshed = await routes.authenticate(page('/', jar))
    expect(refreshed.setCookies.length).toBeGreaterThan(0)
    expect(refreshed.auth!.accessToken).not.toBe(first.accessToken)
    expect(refreshed.auth!.authTime).toBe(first.authTime)
    expect(refreshed.auth!.claims['auth_time']).toBe(first.authTime)
    jar.apply(refreshed)
    expect((await routes.authenticate(page('/', jar))).auth!.authTime).toBe(first.authTime)
  })

  it('a bearer token: auth_time of the access token; an old one gets the RFC 9470 challenge', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, EMAIL, '?returnTo=%2F')
    const session = (await routes.authenticate(page('/', jar))).auth!
    const call = request('/api/billing', undefined, {
      headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/json' },
    })
    const bearer = (await routes.authenticate(call)).auth!
    expect(bearer.authTime).toBe(session.authTime)
    expect(asResponse(routes.guard(call, bearer, { kind: 'auth', maxAgeSeconds: 60 }))).toBe(null)
    clockOffset = 120_000
    const denied = asResponse(routes.guard(call, bearer, { kind: 'auth', maxAgeSeconds: 60 }))!
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toMatch(
      /^Bearer error="insufficient_user_authentication".*max_age="60"$/,
    )
  })
})
