// POST /auth/logout: CSRF defence (Origin / Sec-Fetch-Site), cookies cleared, the session
// revoked (a copied cookie stops working), and always a redirect to the environment's
// end-session endpoint: with id_token_hint whenever the seal opens (even expired), with
// client_id + post_logout_redirect_uri when it does not (missing, tampered, garbage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asResponse } from '../support/as-response.js'
import { HostileIdp } from '../support/hostile-idp.js'
import { BASE, Jar, request, routesFor, SECRET, signIn, warnings } from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

async function signedIn() {
  const routes = routesFor(idp)
  const jar = new Jar()
  await signIn(routes, idp, jar)
  return { routes, jar }
}

describe('logout', () => {
  it('same-origin POST clears the session and redirects to the logout URL', async () => {
    const { routes, jar } = await signedIn()
    const res = (await routes.handle(
      request('/auth/logout', jar, {
        method: 'POST',
        headers: { origin: BASE, 'sec-fetch-site': 'same-origin' },
      }),
    ))!
    expect(res.status).toBe(302)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe(`${idp.url}/oidc/logout`)
    expect(location.searchParams.get('id_token_hint')).toMatch(/^ey/)
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/`)
    jar.apply(res)
    expect(jar.names()).toEqual([])
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()
  })

  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['cross-site with a same origin header', { origin: BASE, 'sec-fetch-site': 'cross-site' }],
  ])('a cross-site POST (%s) is refused and does not log out', async (_name, headers) => {
    const { routes, jar } = await signedIn()
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST', headers })))!
    expect(res.status).toBe(403)
    expect(res.headers.getSetCookie()).toEqual([])
    expect((await routes.authenticate(request('/', jar))).auth?.user.id).toBe('usr_123')
  })

  it('GET is refused unless allowGetLogout', async () => {
    const { routes, jar } = await signedIn()
    const res = (await routes.handle(request('/auth/logout', jar)))!
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    const lenient = routesFor(idp, { allowGetLogout: true })
    const ok = (await lenient.handle(
      request('/auth/logout', jar, { headers: { 'sec-fetch-site': 'same-origin' } }),
    ))!
    expect(ok.status).toBe(302)
    const crossSite = (await lenient.handle(
      request('/auth/logout', jar, { headers: { 'sec-fetch-site': 'cross-site' } }),
    ))!
    expect(crossSite.status).toBe(403)
  })

  it.each([
    ['missing', undefined],
    ['tampered', 'tampered'],
    ['garbage', 'garbage'],
  ])(
    'with a %s session cookie it still sends the browser to the end-session endpoint (client_id, post_logout_redirect_uri, no hint)',
    async (_name, kind) => {
      const routes = routesFor(idp, { postLogoutRedirect: '/goodbye' })
      const jar = new Jar()
      if (kind === 'tampered') {
        await signIn(routes, idp, jar)
        const seal = jar.cookies.get('kit_session')!
        jar.cookies.set('kit_session', `${seal.slice(0, 40)}A${seal.slice(41)}`)
      } else if (kind === 'garbage') {
        jar.cookies.set('kit_session', 'garbage')
        jar.cookies.set('kit_session.1', 'stale')
      }
      const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('location')!)
      expect(location.origin + location.pathname).toBe(`${idp.url}/oidc/logout`)
      expect(location.searchParams.get('client_id')).toBe(idp.clientId)
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/goodbye`)
      expect(location.searchParams.has('id_token_hint')).toBe(false)
      jar.apply(res)
      expect(jar.names()).toEqual([])
    },
  )

  it.each([
    ['idle-timed-out', { idleTimeoutSeconds: 3600 }, 3601],
    [
      'past its absolute limit',
      { idleTimeoutSeconds: 864_000, absoluteTimeoutSeconds: 3600 },
      3601,
    ],
  ])(
    'with a session %s it sends id_token_hint read from the expired seal',
    async (_name, lifetimes, seconds) => {
      let offset = 0
      const routes = routesFor(idp, {
        session: { secret: SECRET, ...lifetimes },
        now: () => Date.now() + offset,
      })
      const jar = new Jar()
      await signIn(routes, idp, jar)
      offset = seconds * 1000
      expect((await routes.authenticate(request('/', jar.clone()))).auth).toBeNull()
      const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('location')!)
      expect(location.origin + location.pathname).toBe(`${idp.url}/oidc/logout`)
      expect(location.searchParams.get('id_token_hint')).toMatch(/^ey/)
      expect(location.searchParams.get('client_id')).toBe(idp.clientId)
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/`)
      jar.apply(res)
      expect(jar.names()).toEqual([])
    },
  )

  it('session.storeIdToken: false still sends id_token_hint, from a cookie sent to the logout path only', async () => {
    const routes = routesFor(idp, { session: { secret: SECRET, storeIdToken: false } })
    const jar = new Jar()
    const login = await signIn(routes, idp, jar)
    const hint = login.headers.getSetCookie().find((c) => c.startsWith('kit_session_logout='))
    expect(hint).toMatch(/; Path=\/auth\/logout;/)
    expect((await routes.authenticate(request('/', jar))).auth?.idToken).toBeUndefined()
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
    const location = new URL(res.headers.get('location')!)
    expect(location.searchParams.get('id_token_hint')).toMatch(/^ey/)
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith('kit_session_logout='))
    expect(cleared).toMatch(/Max-Age=0; Path=\/auth\/logout;/)
  })

  it('a copy of the session cookie taken before logout no longer authenticates (revocation on by default)', async () => {
    const { routes, jar } = await signedIn()
    const copy = jar.clone()
    expect((await routes.authenticate(request('/', copy))).auth?.user.id).toBe('usr_123')
    const res = (await routes.handle(
      request('/auth/logout', jar, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      }),
    ))!
    expect(res.status).toBe(302)
    expect(routes.peekAuthentication(request('/', copy))).toBeUndefined()
    const after = await routes.authenticate(request('/', copy))
    expect(after.auth).toBeNull()
    expect(after.setCookies.some((c) => /^kit_session=;/.test(c))).toBe(true)
    const denied = asResponse(routes.guard(request('/admin', copy), after.auth, { kind: 'auth' }))
    expect(denied?.status).toBe(302)
    expect(denied?.headers.get('location')).toContain('/auth/login')
  })

  it('a revocation store that is down does not trap the user signed in (logged)', async () => {
    const routes = routesFor(idp, {
      revocationStore: {
        isRevoked: () => false,
        revoke: async () => {
          throw new Error('store unreachable')
        },
      },
    })
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const before = warnings.length
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location')!).pathname).toBe('/oidc/logout')
    jar.apply(res)
    expect(jar.names()).toEqual([])
    expect(warnings.slice(before).join('\n')).toContain('store unreachable')
  })

  it('an environment that fails to revoke the refresh token does not break logout (logged)', async () => {
    const { routes, jar } = await signedIn()
    const before = warnings.length
    // The hostile IdP serves no /oauth/revoke: the revocation call fails.
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location')!).pathname).toBe('/oidc/logout')
    jar.apply(res)
    expect(jar.names()).toEqual([])
    expect(warnings.slice(before).join('\n')).toContain('could not revoke the refresh token')
  })
})
