// The session cookie's budget, against a real Node HTTP server with its default
// maxHeaderSize (16 KiB): the largest session the default budget lets the kit write, plus
// about 4 KB of ordinary analytics cookies, must still be served, logout included. (With
// the former budget of 4 chunks such a browser got 431 on every request and could not
// even log out.)
import { createServer, maxHeaderSize, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitRoutes } from '../../src/http/index.js'
import { HostileIdp } from '../support/hostile-idp.js'
import { BASE, callback, Jar, planTokens, routesFor, startLogin } from './support/harness.js'

let idp: HostileIdp
let routes: KitRoutes
let server: Server
let url: string

beforeAll(async () => {
  idp = await HostileIdp.start()
  routes = routesFor(idp)
  // A bare Node server with default limits in front of the route engine.
  server = createServer(async (req, res) => {
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    const method = req.method ?? 'GET'
    const web = new Request(BASE + req.url, { method, headers })
    const handled = await routes.handle(web)
    if (handled) {
      res.writeHead(handled.status, { location: handled.headers.get('location') ?? '' })
      res.end()
      return
    }
    const { auth } = await routes.authenticate(web)
    res.writeHead(auth ? 200 : 401, { 'content-type': 'text/plain' })
    res.end(auth ? auth.user.id : 'anonymous')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()))
  await idp?.close()
})

/** Signs in with tokens padded by `padding` characters; null when the kit refuses the session. */
async function signInPadded(padding: number): Promise<Jar | null> {
  const jar = new Jar()
  const { state, nonce } = await startLogin(routes, jar)
  await planTokens(idp, nonce, { accessClaims: { padding: 'p'.repeat(padding) } })
  const res = await callback(routes, jar, `?code=c&state=${state}`)
  return res.status === 302 ? jar : null
}

/** About 4 KB of the cookies analytics and support widgets set on an app's domain. */
const ANALYTICS = [
  `_ga=GA1.1.${'1'.repeat(20)}`,
  `_ga_ABC123=GS1.1.${'2'.repeat(60)}`,
  `_gid=GA1.1.${'3'.repeat(20)}`,
  `_fbp=fb.1.${'4'.repeat(30)}`,
  `ajs_anonymous_id=${'5'.repeat(36)}`,
  `intercom-session-abc=${'6'.repeat(1200)}`,
  `intercom-device-id-abc=${'7'.repeat(36)}`,
  `_hjSessionUser_1=${'8'.repeat(1200)}`,
  `mp_abc_mixpanel=${'9'.repeat(1300)}`,
].join('; ')

describe('cookie budget', () => {
  it('the largest session the default budget allows, plus ~4 KB of other cookies, is served by Node (logout too)', async () => {
    expect(maxHeaderSize).toBe(16 * 1024)
    expect(ANALYTICS.length).toBeGreaterThan(3900)
    // Grow the tokens until the kit refuses the session; keep the largest it accepted.
    let largest: Jar | null = null
    for (let padding = 1000; padding < 20_000; padding += 500) {
      const jar = await signInPadded(padding)
      if (jar === null) break
      largest = jar
    }
    expect(largest).not.toBeNull()
    const jar = largest!
    const sessionBytes = jar.header().length
    expect(sessionBytes).toBeGreaterThan(6000)
    const cookie = `${ANALYTICS}; ${jar.header()}`

    const page = await fetch(`${url}/dashboard`, { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('usr_123')

    const logout = await fetch(`${url}/auth/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: BASE, 'sec-fetch-site': 'same-origin' },
    })
    expect(logout.status).toBe(302)
    expect(logout.headers.get('location')).toContain('/oidc/logout')
  })
})
