// Organization switching end to end against the emulator: /auth/switch-organization
// moves erin (seeded admin of Acme Corp, member of Globex) to Globex without a login
// page, with Globex's roles, and retires the old session; a non-member is refused with
// her session intact; the silent attempt falls back to an interactive one exactly once.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { KitClient } from '../../src/index.js'
import { appKit, emulatorBrowser, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator, toApp } from './support/emulator-login.js'
import { BASE, Jar, request, SAME_ORIGIN, SECRET, testLogger } from './support/harness.js'

let emu: EmulatorHandle
let routes: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  routes = createKitRoutes({
    kit: appKit(emu),
    baseUrl: BASE,
    session: { secret: SECRET },
    logger: testLogger,
  })
})
afterAll(() => emu?.stop())

const ERIN = 'erin@example.test'

async function authOf(jar: Jar) {
  return (await routes.authenticate(request('/', jar))).auth
}

/** GET /auth/switch-organization from one of the app's pages. */
async function switchTo(jar: Jar, query: string, headers: Record<string, string> = SAME_ORIGIN) {
  const res = (await routes.handle(request(`/auth/switch-organization${query}`, jar, { headers })))!
  jar.apply(res)
  return res
}

describe('switching organization through the emulator', () => {
  it('a member lands in the other organization with its roles, silently, and the old session ends', async () => {
    const { jar, browser, res } = await loginThroughEmulator(
      routes,
      emu,
      ERIN,
      '?organizationId=org_acme',
    )
    expect(res.status).toBe(302)
    const before = await authOf(jar)
    expect(before).toMatchObject({ organizationId: 'org_acme', roles: ['admin'] })
    expect(before?.organizations).toEqual([
      { id: 'org_acme', name: 'Acme Corp' },
      { id: 'org_globex', name: 'Globex' },
    ])
    const oldJar = jar.clone()

    const start = await switchTo(jar, '?organizationId=org_globex&returnTo=%2Fprojects%3Ftab%3D2')
    expect(start.status).toBe(302)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.origin).toBe(emu.url)
    expect(authorize.searchParams.get('organization_id')).toBe('org_globex')
    expect(authorize.searchParams.get('prompt')).toBe('none')

    // no page at the emulator: straight back to the callback
    const landing = await browser.get(authorize.href)
    expect(landing.stopped, `a page was shown: ${landing.kind}`).toBe(true)
    const done = await toApp(routes, landing, jar)
    expect(done.status, await done.clone().text()).toBe(302)
    expect(done.headers.get('location')).toBe(`${BASE}/projects?tab=2`)

    const after = await authOf(jar)
    expect(after).toMatchObject({
      user: { id: 'usr_erin' },
      organizationId: 'org_globex',
      roles: ['member'],
      permissions: ['projects:read'],
    })
    // the session value it replaced no longer opens
    expect(await authOf(oldJar)).toBeNull()
  })

  it('switching to the current organization goes straight back, no authorization request', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, ERIN, '?organizationId=org_acme')
    const res = await switchTo(jar, '?organizationId=org_acme&returnTo=%2Fsettings')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${BASE}/settings`)
    expect(res.headers.getSetCookie().some((c) => c.includes('kit_txn.'))).toBe(false)
  })

  it('a POSTed form from the app switches too', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, ERIN, '?organizationId=org_acme')
    const res = (await routes.handle(
      request('/auth/switch-organization', jar, {
        method: 'POST',
        headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'organizationId=org_globex&returnTo=%2Fteam',
      }),
    ))!
    expect(res.status).toBe(302)
    const authorize = new URL(res.headers.get('location')!)
    expect(authorize.searchParams.get('organization_id')).toBe('org_globex')
    expect(authorize.searchParams.get('prompt')).toBe('none')
  })

  it('a non-member is refused by the app: 403, nothing sent to the emulator, session intact', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, 'bob@acme.test')
    expect((await authOf(jar))?.organizations).toEqual([{ id: 'org_acme', name: 'Acme Corp' }])
    const res = (await routes.handle(
      request('/auth/switch-organization?organizationId=org_globex', jar, {
        headers: { ...SAME_ORIGIN, accept: 'application/json' },
      }),
    ))!
    expect(res.status).toBe(403)
    expect(res.headers.get('location')).toBeNull()
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_a_member')
    expect(await authOf(jar)).toMatchObject({ organizationId: 'org_acme', roles: ['member'] })
  })

  it('no session: the switch is a sign-in into that organization', async () => {
    const res = await switchTo(new Jar(), '?organizationId=org_globex')
    expect(res.status).toBe(302)
    const authorize = new URL(res.headers.get('location')!)
    expect(authorize.searchParams.get('organization_id')).toBe('org_globex')
    expect(authorize.searchParams.get('prompt')).toBeNull()
  })

  it('login_required on the silent attempt retries once interactively; the retry never loops', async () => {
    const { jar } = await loginThroughEmulator(routes, emu, ERIN, '?organizationId=org_acme')
    // another browser: the emulator does not know this user there, so prompt=none fails
    const browser = emulatorBrowser(emu)
    const start = await switchTo(jar, '?organizationId=org_globex')
    const silent = await browser.get(start.headers.get('location')!)
    expect(silent.url.searchParams.get('error')).toBe('login_required')
    const retry = await toApp(routes, silent, jar)
    expect(retry.status).toBe(302)
    const interactive = new URL(retry.headers.get('location')!)
    expect(interactive.searchParams.get('organization_id')).toBe('org_globex')
    expect(interactive.searchParams.get('prompt')).toBeNull()

    // the same error on the interactive attempt is an error page, not another retry
    const state = interactive.searchParams.get('state')!
    const again = (await routes.handle(
      request(`/auth/callback?error=login_required&state=${state}`, jar.clone()),
    ))!
    expect(again.status).toBe(400)
    expect(again.headers.get('location')).toBeNull()

    // the interactive page signs erin in to Globex
    const page = await browser.get(interactive.href)
    expect(page.kind).toBe('login')
    const done = await toApp(routes, await browser.click(page, `Sign in as ${ERIN}`), jar)
    expect(done.status).toBe(302)
    expect(await authOf(jar)).toMatchObject({ organizationId: 'org_globex', roles: ['member'] })
  })
})

describe('an impersonated session', () => {
  it('stays impersonated across a switch: the new tokens still name the actor', async () => {
    const browser = emulatorBrowser(emu)
    const jar = new Jar()
    const consolePage = await browser.get(`${emu.url}/`)
    const landing = await browser.click(consolePage, 'Impersonate', {
      fill: { User: 'usr_erin', 'Acting admin': 'usr_alice' },
    })
    const restart = await toApp(routes, landing, jar)
    const signedIn = await toApp(routes, await browser.get(restart.headers.get('location')!), jar)
    expect(signedIn.status).toBe(302)
    const before = await authOf(jar)
    expect(before?.actor).toEqual({ id: 'usr_alice', email: 'alice@acme.test' })
    const target = before?.organizationId === 'org_globex' ? 'org_acme' : 'org_globex'

    const start = await switchTo(jar, `?organizationId=${target}`)
    const done = await toApp(routes, await browser.get(start.headers.get('location')!), jar)
    expect(done.status).toBe(302)
    const after = await authOf(jar)
    expect(after?.organizationId).toBe(target)
    expect(after?.actor).toEqual({ id: 'usr_alice', email: 'alice@acme.test' })
  })
})

describe('a membership the tokens still list but the environment has ended', () => {
  it('access_denied: a 403 naming the organization, and the current session is kept', async () => {
    const { jar, browser } = await loginThroughEmulator(
      routes,
      emu,
      ERIN,
      '?organizationId=org_acme',
    )
    const admin = new KitClient({
      environmentUrl: emu.url,
      clientId: emu.environmentClientId,
      clientSecret: emu.environmentClientSecret,
    })
    const auth = { authorization: `Bearer ${await admin.getClientAccessToken()}` }
    const removed = await fetch(
      `${emu.url}/api/v1/memberships/organizations/org_globex/users/usr_erin`,
      { method: 'DELETE', headers: auth },
    )
    expect(removed.status).toBeLessThan(300)
    const start = await switchTo(jar, '?organizationId=org_globex')
    const landing = await browser.get(start.headers.get('location')!)
    expect(landing.url.searchParams.get('error')).toBe('access_denied')
    const res = await toApp(routes, landing, jar)
    expect(res.status).toBe(403)
    const page = await res.text()
    expect(page).toContain('org_globex')
    expect(page).toContain('still signed in')
    expect(await authOf(jar)).toMatchObject({ organizationId: 'org_acme', roles: ['admin'] })
  })
})
