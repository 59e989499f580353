// Every response the engine builds carries `Cache-Control: no-store`, above all those that
// set or clear cookies (a shared cache must never store a session or transaction cookie),
// including error answers: callback failures, vetoed logins, refused logouts, guards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asResponse } from '../support/as-response.js'
import { HostileIdp } from '../support/hostile-idp.js'
import {
  callback,
  Jar,
  planTokens,
  request,
  routesFor,
  signIn,
  startLogin,
} from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

function expectNoStore(name: string, res: Response | null): void {
  expect(res, name).not.toBeNull()
  expect(res!.headers.get('cache-control'), name).toBe('no-store')
}

describe('Cache-Control: no-store', () => {
  it('on every kit response, whether it sets cookies or not', async () => {
    const routes = routesFor(idp)
    const seen: Array<[string, Response | null]> = []

    const jar = new Jar()
    const login = await startLogin(routes, jar, '?returnTo=%2Fx')
    seen.push(['login 302', login.response])
    seen.push(['callback, wrong state', await callback(routes, jar.clone(), '?code=c&state=nope')])
    seen.push(['callback, error param', await callback(routes, jar.clone(), '?error=denied')])
    await planTokens(idp, login.nonce)
    const ok = await callback(routes, jar, `?code=c&state=${login.state}`)
    expect(ok.headers.getSetCookie().some((c) => c.startsWith('kit_session='))).toBe(true)
    seen.push(['callback 302 with session', ok])

    const vetoing = routesFor(idp, { onLogin: () => false })
    const vetoJar = new Jar()
    const veto = await startLogin(vetoing, vetoJar)
    await planTokens(idp, veto.nonce)
    const vetoed = await callback(vetoing, vetoJar, `?code=c&state=${veto.state}`)
    expect(vetoed.status).toBe(403)
    seen.push(['onLogin veto 403', vetoed])

    seen.push([
      'logout, cross-site 403',
      await routes.handle(
        request('/auth/logout', jar, {
          method: 'POST',
          headers: { 'sec-fetch-site': 'cross-site' },
        }),
      ),
    ])
    seen.push(['logout GET 405', await routes.handle(request('/auth/logout', jar))])
    seen.push([
      'logout 302',
      await routes.handle(
        request('/auth/logout', jar, {
          method: 'POST',
          headers: { origin: 'http://localhost:3000' },
        }),
      ),
    ])

    const anon = request('/admin')
    seen.push(['guard 302 to login', asResponse(routes.guard(anon, null, { kind: 'auth' }))])
    const api = request('/admin', undefined, { headers: { accept: 'application/json' } })
    seen.push(['guard 401', asResponse(routes.guard(api, null, { kind: 'auth' }))])
    const signedIn = new Jar()
    await signIn(routes, idp, signedIn)
    const { auth } = await routes.authenticate(request('/', signedIn))
    seen.push([
      'guard 403',
      asResponse(routes.guard(api, auth, { kind: 'permission', names: ['billing:manage'] })),
    ])

    for (const [name, res] of seen) expectNoStore(name, res)
  })
})
