// End to end against the running emulator (real OIDC provider over HTTP): login form ->
// callback -> sealed session -> guards -> refresh near expiry (one refresh for 50
// concurrent requests) -> logout; IdP-initiated login; two parallel logins; callback
// negative cases.
import type { EmulatorHandle } from '@kit/emulator'
import type { EmulatorBrowser, Page } from '@kit/emulator/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { asResponse } from '../support/as-response.js'
import {
  appKit,
  emulatorBrowser,
  initiateIdpLogin,
  startTestEmulator,
} from '../support/emulator.js'
import {
  loginThroughEmulator,
  openLogin as openLoginAt,
  toApp as toAppAt,
} from './support/emulator-login.js'
import { BASE, Jar, request, SECRET, testLogger } from './support/harness.js'

let emu: EmulatorHandle
/** Milliseconds the app's clock runs ahead of real time (moves a session towards expiry). */
let clockOffset = 0
let routes: KitRoutes
/** Calls the KitClient made to the emulator, by path (`/oauth/token`, `/keys`, ...). */
const calls: string[] = []

beforeAll(async () => {
  emu = await startTestEmulator()
  const kit = appKit(emu, {
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      calls.push(url.pathname)
      return fetch(input, init)
    },
  })
  routes = createKitRoutes({
    kit,
    baseUrl: BASE,
    session: { secret: SECRET },
    now: () => Date.now() + clockOffset,
    logger: testLogger,
  })
})
afterAll(() => emu?.stop())
beforeEach(() => {
  clockOffset = 0
})

const tokenCalls = () => calls.filter((p) => p === '/oauth/token').length

/**
 * Moves the app's clock to 1 s inside the refresh skew (60 s) of the token's expiry, so the
 * next request must refresh; the emulator keeps real time, so the refreshed token is fresh.
 */
function nearExpiry(expiresAt: number): void {
  clockOffset = (expiresAt - 60) * 1000 + 200 - Date.now()
}

/** Hands a URL that left the emulator back to the app, as the browser would. */
const toApp = (landing: Page, jar: Jar) => toAppAt(routes, landing, jar)

/** /auth/login -> emulator login page (not yet submitted). */
const openLogin = (jar: Jar, browser: EmulatorBrowser, query = '') =>
  openLoginAt(routes, jar, browser, query)

const loginAs = (email: string, query = '?returnTo=%2Fprojects') =>
  loginThroughEmulator(routes, emu, email, query)

describe('login through the emulator', () => {
  it('login form -> callback -> sealed session -> guards', async () => {
    const { jar, res } = await loginAs('alice@acme.test')
    expect(res.status, await res.clone().text()).toBe(302)
    expect(res.headers.get('location')).toBe(`${BASE}/projects`)
    expect(jar.names()).toEqual(['kit_session'])
    expect(jar.cookies.get('kit_session')).toMatch(/^Fe26\.2\*/)

    const { auth } = await routes.authenticate(request('/admin', jar))
    expect(auth?.user.email).toBe('alice@acme.test')
    expect(auth?.organizationId).toBe('org_acme')
    expect(auth?.roles).toContain('admin')
    expect(auth?.permissions).toEqual(
      expect.arrayContaining(['projects:read', 'projects:write', 'org:manage']),
    )
    expect(auth?.sessionId).toMatch(/^ses_/)

    expect(
      asResponse(
        routes.guard(request('/admin', jar), auth, { kind: 'permission', names: ['org:manage'] }),
      ),
    ).toBeNull()
    expect(
      asResponse(
        routes.guard(request('/admin', jar), auth, { kind: 'organization', id: 'org_acme' }),
      ),
    ).toBeNull()
    const denied = asResponse(
      routes.guard(
        request('/api/billing', jar, { headers: { accept: 'application/json' } }),
        auth,
        {
          kind: 'permission',
          names: ['billing:manage'],
        },
      ),
    )
    expect(denied!.status).toBe(403)
    expect((await denied!.json()).error.missing).toEqual(['billing:manage'])
  })

  it('a member lacks org:manage (403) but passes projects:read', async () => {
    const { jar } = await loginAs('bob@acme.test')
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.roles).toEqual(['member'])
    expect(
      asResponse(
        routes.guard(request('/x', jar), auth, { kind: 'permission', names: ['projects:read'] }),
      ),
    ).toBeNull()
    expect(
      asResponse(
        routes.guard(request('/x', jar), auth, { kind: 'permission', names: ['org:manage'] }),
      )!.status,
    ).toBe(403)
  })

  it('the hot path makes no network call', async () => {
    const { jar } = await loginAs('alice@acme.test')
    const before = calls.length
    for (let i = 0; i < 50; i++) {
      const { auth, setCookies } = await routes.authenticate(request('/', jar))
      expect(auth?.user.email).toBe('alice@acme.test')
      expect(setCookies).toEqual([])
    }
    expect(calls.length).toBe(before)
  })

  it('two parallel logins in one browser both complete', async () => {
    const jar = new Jar()
    const browserA = emulatorBrowser(emu)
    const browserB = emulatorBrowser(emu)
    const [pageA, pageB] = await Promise.all([
      openLogin(jar, browserA, '?returnTo=%2Fa'),
      openLogin(jar, browserB, '?returnTo=%2Fb'),
    ])
    expect(jar.names().filter((n) => n.startsWith('kit_txn.'))).toHaveLength(2)
    const [landA, landB] = await Promise.all([
      browserA.click(pageA, 'Sign in as alice@acme.test'),
      browserB.click(pageB, 'Sign in as bob@acme.test'),
    ])
    const resB = await toApp(landB, jar)
    expect(resB.headers.get('location')).toBe(`${BASE}/b`)
    const resA = await toApp(landA, jar)
    expect(resA.headers.get('location')).toBe(`${BASE}/a`)
    expect((await routes.authenticate(request('/', jar))).auth?.user.email).toBe('alice@acme.test')
    expect(jar.names()).toEqual(['kit_session'])
  })
})

describe('refresh and logout through the emulator', () => {
  it('refreshes once for 50 concurrent requests near expiry, then logs out', async () => {
    const { jar, browser } = await loginAs('alice@acme.test')
    const first = (await routes.authenticate(request('/', jar))).auth!
    // Let real time pass so the refreshed token expires at least 2 s after the first one:
    // at the app's advanced clock the first token is then due and the refreshed one not.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    nearExpiry(first.expiresAt)
    const before = tokenCalls()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => routes.authenticate(request('/', jar))),
    )
    expect(tokenCalls() - before).toBe(1)
    const refreshed = results[0]!.auth!
    expect(refreshed.accessToken).not.toBe(first.accessToken)
    expect(refreshed.expiresAt).toBeGreaterThanOrEqual(first.expiresAt + 2)
    for (const r of results) {
      expect(r.auth?.accessToken).toBe(refreshed.accessToken)
      expect(r.setCookies.some((c) => c.startsWith('kit_session=Fe26.2'))).toBe(true)
    }
    const stale = jar.clone()
    jar.apply(results[0]!)
    // The new cookie: nothing to refresh.
    expect((await routes.authenticate(request('/', jar))).setCookies).toEqual([])
    // A straggler with the pre-refresh cookie (its token due) reuses the result instead of
    // replaying the rotated refresh token, which would make the emulator revoke the grant.
    expect((await routes.authenticate(request('/', stale))).auth?.accessToken).toBe(
      refreshed.accessToken,
    )
    expect(tokenCalls() - before).toBe(1)
    // Proof the grant is intact: the next refresh, with the rotated token, succeeds.
    nearExpiry(refreshed.expiresAt)
    const again = await routes.authenticate(request('/', jar))
    expect(tokenCalls() - before).toBe(2)
    expect(again.auth?.accessToken).not.toBe(refreshed.accessToken)
    jar.apply(again)
    clockOffset = 0

    const logout = (await routes.handle(
      request('/auth/logout', jar, {
        method: 'POST',
        headers: { origin: BASE, 'sec-fetch-site': 'same-origin' },
      }),
    ))!
    expect(logout.status).toBe(302)
    jar.apply(logout)
    expect(jar.names()).toEqual([])
    const location = new URL(logout.headers.get('location')!)
    expect(location.href.startsWith(`${emu.url}/oidc/logout?`)).toBe(true)
    const back = await browser.get(location.href)
    expect(back.stopped).toBe(true)
    expect(back.url.href).toBe(`${BASE}/`)
    // The emulator session ended: the next login shows the login page again.
    const page = await openLogin(new Jar(), browser)
    expect(page.body).toContain('Sign in as alice@acme.test')
  })

  it('a refresh token revoked at the environment -> logged out at the next refresh', async () => {
    const { jar } = await loginAs('bob@acme.test')
    // Read the refresh token out of our own seal (the test knows the secret) and revoke it.
    const seal = decodeURIComponent(jar.cookies.get('kit_session')!)
    const data = await unsealValue<{ refreshToken: string }>(seal, await derivePasswords([SECRET]))
    const revoke = await fetch(`${emu.url}/oauth/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${btoa(`${emu.clientId}:${emu.clientSecret}`)}`,
      },
      body: new URLSearchParams({ token: data!.refreshToken, token_type_hint: 'refresh_token' }),
    })
    expect(revoke.status).toBe(200)
    const before = (await routes.authenticate(request('/', jar))).auth
    expect(before).not.toBeNull()
    nearExpiry(before!.expiresAt)
    const result = await routes.authenticate(request('/', jar))
    clockOffset = 0
    expect(result.auth).toBeNull()
    expect(result.setCookies.some((c) => /^kit_session=;.*Max-Age=0/.test(c))).toBe(true)
  })
})

describe('IdP-initiated login through the emulator', () => {
  it('validates the token and restarts an SP-initiated login; relay state becomes returnTo', async () => {
    const { status, url } = await initiateIdpLogin(emu, {
      organization_id: 'org_acme',
      login_hint: 'alice@acme.test',
      relay_state: '/reports?x=1',
    })
    expect(status).toBe(200)
    const target = new URL(url)
    expect(target.origin + target.pathname).toBe(`${BASE}/auth/callback`)
    const jar = new Jar()
    // The identity provider's page sends the browser here: a cross-site navigation, which
    // still keeps the organization and login hint (they come from the verified token).
    const restart = (await routes.handle(
      request(target.pathname + target.search, jar, {
        headers: { 'sec-fetch-site': 'cross-site', referer: `${emu.url}/` },
      }),
    ))!
    expect(restart.status).toBe(302)
    jar.apply(restart)
    const authorize = new URL(restart.headers.get('location')!)
    expect(authorize.pathname).toBe('/oauth/authorize')
    expect(authorize.searchParams.get('organization_id')).toBe('org_acme')
    expect(authorize.searchParams.get('login_hint')).toBe('alice@acme.test')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const browser = emulatorBrowser(emu)
    let landing = await browser.get(authorize.href)
    if (!landing.stopped && landing.kind === 'sso') {
      landing = await browser.click(landing, 'Sign in', { fill: { Email: 'alice@acme.test' } })
    } else if (!landing.stopped) {
      landing = await browser.click(landing, 'Sign in as alice@acme.test')
    }
    const done = await toApp(landing, jar)
    expect(done.status, await done.clone().text()).toBe(302)
    expect(done.headers.get('location')).toBe(`${BASE}/reports?x=1`)
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.email).toBe('alice@acme.test')
    expect(auth?.organizationId).toBe('org_acme')
  })

  it('an unsafe relay state is replaced by /', async () => {
    const { url } = await initiateIdpLogin(emu, {
      organization_id: 'org_acme',
      relay_state: '//evil.example/x',
    })
    const target = new URL(url)
    const jar = new Jar()
    const restart = (await routes.handle(request(target.pathname + target.search, jar)))!
    expect(restart.status).toBe(302)
    const state = new URL(restart.headers.get('location')!).searchParams.get('state')!
    jar.apply(restart)
    const browser = emulatorBrowser(emu)
    let landing = await browser.get(restart.headers.get('location')!)
    if (!landing.stopped && landing.kind === 'sso') {
      landing = await browser.click(landing, 'Sign in', { fill: { Email: 'alice@acme.test' } })
    }
    expect(landing.url.searchParams.get('state')).toBe(state)
    const done = await toApp(landing, jar)
    expect(done.headers.get('location')).toBe(`${BASE}/`)
  })

  it('a forged or tampered IdP-initiated token is rejected with 400 and a fixed message', async () => {
    const jar = new Jar()
    const { token } = await initiateIdpLogin(emu, { organization_id: 'org_acme' })
    const [h, p, s] = token.split('.')
    const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`
    for (const bad of [tampered, 'not-a-jwt', `${h}.${p}.`]) {
      const res = (await routes.handle(
        request(`/auth/callback?idp_initiated_login=${encodeURIComponent(bad)}`, jar),
      ))!
      expect(res.status).toBe(400)
      expect(res.headers.getSetCookie()).toEqual([])
      // A fixed message: the verification error (partly issuer-controlled) is logged only.
      const html = await res.text()
      expect(html).toContain('This sign-in link could not be verified')
      expect(html).not.toMatch(/ERR_KIT|signature|JWS|JWT/i)
    }
  })
})

describe('callback negative cases against the emulator', () => {
  async function landedCallback(): Promise<{ jar: Jar; landing: Page }> {
    const jar = new Jar()
    const browser = emulatorBrowser(emu)
    const page = await openLogin(jar, browser)
    const landing = await browser.click(page, 'Sign in as alice@acme.test')
    expect(landing.stopped).toBe(true)
    return { jar, landing }
  }

  it('the emulator sends iss; a wrong iss is rejected with no exchange', async () => {
    const { jar, landing } = await landedCallback()
    expect(landing.url.searchParams.get('iss')).toBe(emu.url)
    landing.url.searchParams.set('iss', 'https://evil.example')
    const before = tokenCalls()
    const res = await toApp(landing, jar)
    expect(res.status).toBe(400)
    expect(tokenCalls()).toBe(before)
    expect(jar.names()).not.toContain('kit_session')
  })

  it('state wrong, missing or duplicated -> 400 with no exchange', async () => {
    const { jar, landing } = await landedCallback()
    const before = tokenCalls()
    const state = landing.url.searchParams.get('state')!
    const code = landing.url.searchParams.get('code')!
    for (const query of [
      `?code=${code}`,
      `?code=${code}&state=${'x'.repeat(43)}`,
      `?code=${code}&state=${state}&state=${state}`,
    ]) {
      const res = (await routes.handle(request(`/auth/callback${query}`, jar)))!
      expect(res.status).toBe(400)
    }
    expect(tokenCalls()).toBe(before)
  })

  it('callback opened in another browser (no transaction cookie) -> 400 with no exchange', async () => {
    const { landing } = await landedCallback()
    const before = tokenCalls()
    const res = await toApp(landing, new Jar())
    expect(res.status).toBe(400)
    expect(tokenCalls()).toBe(before)
  })

  it('a replayed callback fails: the transaction is single use', async () => {
    const { jar, landing } = await landedCallback()
    expect((await toApp(landing, jar)).status).toBe(302)
    const before = tokenCalls()
    const replay = await toApp(landing, jar)
    expect(replay.status).toBe(400)
    expect(tokenCalls()).toBe(before)
  })

  it('Cancel on the login page -> error=access_denied -> fixed error page, no session', async () => {
    const jar = new Jar()
    const browser = emulatorBrowser(emu)
    const page = await openLogin(jar, browser)
    const landing = await browser.click(page, 'Cancel')
    expect(landing.url.searchParams.get('error')).toBe('access_denied')
    const res = await toApp(landing, jar)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Sign-in was cancelled or access was denied')
    const description = landing.url.searchParams.get('error_description')
    if (description) expect(html).not.toContain(description)
    expect(jar.names()).toEqual([])
  })
})
