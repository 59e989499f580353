// Impersonation end to end over HTTP: the emulator's console starts an impersonated
// session of Bob by Alice; the app's login flow ends with Bob's session whose access
// token carries `act` (auth.actor), refreshes keep it, and only the browser that started
// it, once, gets it.
import type { EmulatorHandle } from '@kit/emulator'
import type { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { appKit, emulatorBrowser, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator, toApp } from './support/emulator-login.js'
import { BASE, Jar, request, SECRET } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient
let routes: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
  routes = createKitRoutes({ kit, baseUrl: BASE, session: { secret: SECRET } })
})
afterAll(() => emu?.stop())

/** Presses "Impersonate" on the console; returns where the browser left the emulator. */
async function startFromConsole(browser: EmulatorBrowser, user: string, actor: string) {
  const consolePage = await browser.get(`${emu.url}/`)
  expect(consolePage.status).toBe(200)
  return browser.click(consolePage, 'Impersonate', { fill: { User: user, 'Acting admin': actor } })
}

/** The app's part: the IdP-initiated callback restarts a login; returns the authorize URL. */
async function restartAtApp(landing: { url: URL; stopped: boolean }, jar: Jar): Promise<string> {
  expect(landing.stopped).toBe(true)
  expect(landing.url.searchParams.get('idp_initiated_login')).toBeTruthy()
  const restart = (await routes.handle(request(landing.url.pathname + landing.url.search, jar)))!
  expect(restart.status).toBe(302)
  jar.apply(restart)
  return restart.headers.get('location')!
}

describe('impersonation started from the emulator console', () => {
  it('signs Bob in with Alice as the actor, without the login page', async () => {
    const browser = emulatorBrowser(emu)
    const jar = new Jar()
    const authorize = await restartAtApp(
      await startFromConsole(browser, 'usr_bob', 'usr_alice'),
      jar,
    )
    const back = await browser.get(authorize)
    const done = await toApp(routes, back, jar)
    expect(done.status).toBe(302)
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.email).toBe('bob@acme.test')
    expect(auth?.organizationId).toBe('org_acme')
    expect(auth?.roles).toEqual(['member'])
    expect(auth?.actor).toEqual({ id: 'usr_alice', email: 'alice@acme.test' })
    // The environment's own record of the sign-in names the actor too.
    const logins = emu.ctx.db
      .prepare("SELECT data FROM events WHERE type = 'user.login'")
      .all()
      .map((row) => JSON.parse((row as { data: string }).data))
    expect(logins.at(-1)).toMatchObject({ user_id: 'usr_bob', actor_id: 'usr_alice' })
    expect(auth?.claims['act']).toEqual({ sub: 'usr_alice', email: 'alice@acme.test' })
    const denied = routes.guard(
      request('/api/x', jar, { headers: { accept: 'application/json' } }),
      auth,
      { kind: 'auth', allowImpersonation: false },
    )
    expect(denied?.status).toBe(403)

    // A refresh of the impersonated session keeps the actor.
    const seal = decodeURIComponent(jar.cookies.get('kit_session')!)
    const data = await unsealValue<{ refreshToken: string }>(seal, await derivePasswords([SECRET]))
    const refreshed = await kit.refreshAccessToken(data!.refreshToken)
    const claims = await kit.validateToken(refreshed.accessToken)
    expect(claims['act']).toEqual({ sub: 'usr_alice', email: 'alice@acme.test' })
  })

  it('only the browser that started it, once: others and replays get the login page', async () => {
    const browser = emulatorBrowser(emu)
    const jar = new Jar()
    const authorize = await restartAtApp(
      await startFromConsole(browser, 'usr_bob', 'usr_alice'),
      jar,
    )
    const ticket = Object.entries(browser.jar.all(emu.url)).find(([name]) =>
      name.endsWith('_impersonation'),
    )
    expect(ticket).toBeDefined()

    // Another browser following the same authorization request is not signed in.
    // (The restarted request names Acme's SSO connection, so that is the page shown.)
    const other = await emulatorBrowser(emu).get(authorize)
    expect(other.stopped).toBe(false)
    expect(other.body).toContain('Sign in with Acme SSO')

    // The starting browser completes; the same ticket replayed in another browser is dead.
    expect((await toApp(routes, await browser.get(authorize), jar)).status).toBe(302)
    const replay = emulatorBrowser(emu)
    replay.jar.store(emu.url, `${ticket![0]}=${ticket![1]}; Path=/`)
    const login = (await routes.handle(request('/auth/login', new Jar())))!
    const page = await replay.get(login.headers.get('location')!)
    expect(page.stopped).toBe(false)
    expect(page.body).toContain('Sign in as')
  })

  it('a ticket not used within five minutes is dead', async () => {
    const browser = emulatorBrowser(emu)
    const jar = new Jar()
    const authorize = await restartAtApp(
      await startFromConsole(browser, 'usr_bob', 'usr_alice'),
      jar,
    )
    emu.setClockOffset(301)
    try {
      const page = await browser.get(authorize)
      expect(page.stopped).toBe(false)
      expect(page.body).toContain('Sign in with Acme SSO')
    } finally {
      emu.setClockOffset(0)
    }
  })

  it('a later ordinary login carries no actor', async () => {
    const { jar, res } = await loginThroughEmulator(routes, emu, 'bob@acme.test')
    expect(res.status).toBe(302)
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.email).toBe('bob@acme.test')
    expect(auth?.actor).toBeUndefined()
  })

  it('refuses a self-impersonation, unknown users and pages of other origins', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${emu.url}/impersonate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    const self = await post({ user_id: 'usr_bob', actor_id: 'usr_bob' })
    expect(self.status).toBe(400)
    expect((await self.json()).error_description).toMatch(/cannot impersonate themself/)
    expect((await post({ user_id: 'usr_nobody', actor_id: 'usr_alice' })).status).toBe(400)
    const crossSite = await post(
      { user_id: 'usr_bob', actor_id: 'usr_alice' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
    )
    expect(crossSite.status).toBe(403)
    expect(crossSite.headers.get('set-cookie')).toBeNull()
    const ok = await post({ user_id: 'usr_bob', actor_id: 'usr_alice' })
    expect(ok.status).toBe(200)
    expect(new URL((await ok.json()).url).searchParams.get('idp_initiated_login')).toBeTruthy()
  })
})
