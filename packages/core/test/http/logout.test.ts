// POST /auth/logout: CSRF defence (Origin / Sec-Fetch-Site), cookies cleared, redirect to
// the environment's logout URL with id_token_hint and post_logout_redirect_uri.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostileIdp } from '../support/hostile-idp.js'
import { BASE, Jar, request, routesFor, signIn } from './support/harness.js'

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

  it('without a session it clears anything stale and goes to the post-logout page', async () => {
    const routes = routesFor(idp, { postLogoutRedirect: '/goodbye' })
    const jar = new Jar()
    jar.cookies.set('kit_session', 'garbage')
    jar.cookies.set('kit_session.1', 'stale')
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${BASE}/goodbye`)
    jar.apply(res)
    expect(jar.names()).toEqual([])
  })
})
