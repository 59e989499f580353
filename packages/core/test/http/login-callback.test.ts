// /auth/login and /auth/callback against the hostile test IdP: PKCE/state/nonce per
// attempt, the transaction cookie, every callback negative case (no code exchange when the
// state or transaction is wrong), error pages with fixed text (the IdP's own text only in
// the log), two tabs, onLogin veto, the session cookie budget.

import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closedPortUrl, HostileIdp } from '../support/hostile-idp.js'
import {
  BASE,
  callback,
  Jar,
  planTokens,
  request,
  routesFor,
  signIn,
  startLogin,
  warnings,
} from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

let tokenHits = 0
beforeEach(() => {
  tokenHits = idp.hits.token
})
const exchanges = () => idp.hits.token - tokenHits
const SECRET_LONG = 'x'.repeat(40)

describe('GET /auth/login', () => {
  it('redirects to the authorize URL with PKCE S256, state and nonce, and sets kit_txn.<state>', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { authorizeUrl, state, nonce, response } = await startLogin(
      routes,
      jar,
      '?returnTo=%2Fprojects%3Fa%3D1&organizationId=org_acme&connectionId=conn_1&loginHint=a%40acme.test&domainHint=acme.test&provider=google&prompt=login',
    )
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${idp.url}/oauth/authorize`)
    const q = authorizeUrl.searchParams
    expect(q.get('redirect_uri')).toBe(`${BASE}/auth/callback`)
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(q.get('organization_id')).toBe('org_acme')
    expect(q.get('connection_id')).toBe('conn_1')
    expect(q.get('login_hint')).toBe('a@acme.test')
    expect(q.get('domain_hint')).toBe('acme.test')
    expect(q.get('provider')).toBe('google')
    expect(q.get('prompt')).toBe('login')
    expect(state.length).toBeGreaterThanOrEqual(22)
    expect(nonce.length).toBeGreaterThanOrEqual(22)
    expect(jar.names()).toEqual([`kit_txn.${state}`])
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('state, nonce and PKCE are unique per attempt', async () => {
    const routes = routesFor(idp)
    const a = await startLogin(routes, new Jar())
    const b = await startLogin(routes, new Jar())
    expect(a.state).not.toBe(b.state)
    expect(a.nonce).not.toBe(b.nonce)
    expect(a.authorizeUrl.searchParams.get('code_challenge')).not.toBe(
      b.authorizeUrl.searchParams.get('code_challenge'),
    )
  })

  it('sends the verifier matching the S256 challenge at the exchange', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state, nonce, authorizeUrl } = await startLogin(routes, jar)
    await planTokens(idp, nonce)
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(302)
    const verifier = idp.lastTokenRequest!.params.get('code_verifier')!
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    expect(challenge).toBe(authorizeUrl.searchParams.get('code_challenge'))
  })

  const TARGET_QUERY =
    '?returnTo=%2Fprojects&organizationId=org_evil&connectionId=conn_evil&loginHint=victim%40acme.test&domainHint=evil.example&provider=google&prompt=login'
  const TARGET_PARAMS = [
    'organization_id',
    'connection_id',
    'login_hint',
    'domain_hint',
    'provider',
    'prompt',
  ]

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    [
      'cross-site with a same-origin Referer',
      { 'sec-fetch-site': 'cross-site', referer: `${BASE}/` },
    ],
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['Referer of another site', { referer: 'https://evil.example/page' }],
    ['no Sec-Fetch-Site, Origin or Referer at all', {}],
  ])(
    'login CSRF: a %s navigation drops organization, connection and hints (returnTo kept)',
    async (_name, headers) => {
      const routes = routesFor(idp)
      const jar = new Jar()
      const { authorizeUrl, state } = await startLogin(routes, jar, TARGET_QUERY, headers)
      for (const name of TARGET_PARAMS)
        expect(authorizeUrl.searchParams.has(name), name).toBe(false)
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')
      // returnTo keeps its same-origin rules and still applies after the login.
      const { nonce } = { nonce: authorizeUrl.searchParams.get('nonce')! }
      await planTokens(idp, nonce)
      const res = await callback(routes, jar, `?code=c&state=${state}`)
      expect(res.headers.get('location')).toBe(`${BASE}/projects`)
    },
  )

  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: none (typed URL, bookmark)', { 'sec-fetch-site': 'none' }],
    ['no Sec-Fetch-Site, same Origin', { origin: BASE }],
    ['no Sec-Fetch-Site, same-origin Referer', { referer: `${BASE}/pricing` }],
  ])('a %s navigation keeps the login parameters', async (_name, headers) => {
    const routes = routesFor(idp)
    const { authorizeUrl } = await startLogin(routes, new Jar(), TARGET_QUERY, headers)
    expect(authorizeUrl.searchParams.get('organization_id')).toBe('org_evil')
    expect(authorizeUrl.searchParams.get('connection_id')).toBe('conn_evil')
    expect(authorizeUrl.searchParams.get('login_hint')).toBe('victim@acme.test')
    expect(authorizeUrl.searchParams.get('domain_hint')).toBe('evil.example')
    expect(authorizeUrl.searchParams.get('provider')).toBe('google')
    expect(authorizeUrl.searchParams.get('prompt')).toBe('login')
  })

  it('a repeated or oversized parameter is a 400', async () => {
    const routes = routesFor(idp)
    const twice = await routes.handle(request('/auth/login?returnTo=/a&returnTo=/b'))
    expect(twice!.status).toBe(400)
    const long = await routes.handle(request(`/auth/login?loginHint=${'a'.repeat(400)}`))
    expect(long!.status).toBe(400)
    const prompt = await routes.handle(request('/auth/login?prompt=%3Cscript%3E'))
    expect(prompt!.status).toBe(400)
  })

  it('an unsafe returnTo is replaced by /', async () => {
    const routes = routesFor(idp)
    for (const target of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      '/auth/logout',
    ]) {
      const jar = new Jar()
      const { state, nonce } = await startLogin(
        routes,
        jar,
        `?returnTo=${encodeURIComponent(target)}`,
      )
      await planTokens(idp, nonce)
      const res = await callback(routes, jar, `?code=c&state=${state}`)
      expect(res.headers.get('location')).toBe(`${BASE}/`)
    }
  })
})

describe('GET /auth/callback', () => {
  it('exchanges the code, seals a session and redirects to the safe returnTo', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const res = await signIn(routes, idp, jar, {}, '?returnTo=%2Fprojects%3Fa%3D1')
    expect(res.headers.get('location')).toBe(`${BASE}/projects?a=1`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(jar.names()).toEqual(['kit_session'])
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user).toMatchObject({
      id: 'usr_123',
      email: 'alice@acme.test',
      name: 'Alice Admin',
    })
    expect(auth?.organizationId).toBe('org_acme')
    expect(auth?.roles).toEqual(['admin'])
    expect(auth?.permissions).toEqual(['projects:read', 'org:manage'])
    expect(auth?.sessionId).toBe('ses_1')
  })

  it("the organization asked for at login is not trusted: only the tokens' oid counts", async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(
      routes,
      idp,
      jar,
      { idClaims: { oid: undefined, amr: undefined }, accessClaims: { oid: undefined } },
      '?organizationId=org_victim&connectionId=conn_victim',
    )
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.organizationId).toBeUndefined()
    expect(auth?.connectionId).toBeUndefined()
    const denied = routes.guard(
      request('/x', jar, { headers: { accept: 'application/json' } }),
      auth,
      {
        kind: 'organization',
        id: 'org_victim',
      },
    )
    expect(denied!.status).toBe(403)
  })

  it('state missing -> 400, no code exchange', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await startLogin(routes, jar)
    const res = await callback(routes, jar, '?code=c')
    expect(res.status).toBe(400)
    expect(exchanges()).toBe(0)
  })

  it('state wrong -> 400, no code exchange', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await startLogin(routes, jar)
    const res = await callback(routes, jar, `?code=c&state=${'W'.repeat(43)}`)
    expect(res.status).toBe(400)
    expect(exchanges()).toBe(0)
  })

  it('state duplicated in the query -> 400, no code exchange', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    const res = await callback(routes, jar, `?code=c&state=${state}&state=${state}`)
    expect(res.status).toBe(400)
    const res2 = await callback(routes, jar, `?code=c&code=d&state=${state}`)
    expect(res2.status).toBe(400)
    expect(exchanges()).toBe(0)
  })

  it('state reused: the transaction cookie is cleared after use, so a replayed callback fails', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state, nonce } = await startLogin(routes, jar)
    await planTokens(idp, nonce)
    const ok = await callback(routes, jar, `?code=c&state=${state}`)
    expect(ok.status).toBe(302)
    expect(ok.headers.getSetCookie().some((c) => c.startsWith(`kit_txn.${state}=;`))).toBe(true)
    expect(jar.names()).not.toContain(`kit_txn.${state}`)
    const afterFirst = exchanges()
    const replay = await callback(routes, jar, `?code=c&state=${state}`)
    expect(replay.status).toBe(400)
    expect(exchanges()).toBe(afterFirst)
  })

  it('transaction cookie missing (callback opened in another browser) -> 400, no exchange', async () => {
    const routes = routesFor(idp)
    const { state } = await startLogin(routes, new Jar())
    const other = new Jar()
    const res = await callback(routes, other, `?code=c&state=${state}`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('No login in progress')
    expect(exchanges()).toBe(0)
  })

  it('transaction cookie expired (10 min) -> 400, no exchange', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    now += 601_000
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(400)
    expect(exchanges()).toBe(0)
  })

  it('transaction cookie of another attempt (swapped under this state) -> 400', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const a = await startLogin(routes, jar)
    const b = await startLogin(routes, jar)
    jar.cookies.set(`kit_txn.${b.state}`, jar.cookies.get(`kit_txn.${a.state}`)!)
    const res = await callback(routes, jar, `?code=c&state=${b.state}`)
    expect(res.status).toBe(400)
    expect(exchanges()).toBe(0)
  })

  it('iss parameter present and wrong -> rejected before the exchange (mix-up defence)', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state, nonce } = await startLogin(routes, jar)
    await planTokens(idp, nonce)
    const res = await callback(
      routes,
      jar,
      `?code=c&state=${state}&iss=${encodeURIComponent('https://evil.example')}`,
    )
    expect(res.status).toBe(400)
    expect(exchanges()).toBe(0)
    expect(jar.names()).not.toContain('kit_session')
  })

  it('iss parameter correct -> accepted', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state, nonce } = await startLogin(routes, jar)
    await planTokens(idp, nonce)
    const res = await callback(
      routes,
      jar,
      `?code=c&state=${state}&iss=${encodeURIComponent(idp.url)}`,
    )
    expect(res.status).toBe(302)
  })

  it('an ID token with the wrong nonce is rejected and no session is set', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    await planTokens(idp, 'not-the-nonce')
    const res = await callback(routes, jar, `?code=c&state=${state}`, {
      accept: 'application/json',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('login_failed')
    expect(jar.names()).toEqual([])
  })

  it('error / error_description with markup never reach the page: fixed text, IdP text only in the log', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    const res = await callback(
      routes,
      jar,
      `?error=access_denied%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E&state=${state}`,
    )
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('alert')
    expect(html).toContain('Sign-in did not complete')
    expect(warnings.at(-1)).toContain('<img src=x onerror=alert(2)>')
    expect(jar.names()).toEqual([])
    expect(exchanges()).toBe(0)
  })

  it.each([
    ['access_denied', /cancelled or access was denied/],
    ['login_required', /sign in again/],
    ['interaction_required', /step from you/],
    ['consent_required', /consent/],
    ['temporarily_unavailable', /temporarily unavailable/],
    ['server_error', /had a problem/],
    ['invalid_request', /configuration problem/],
    ['unauthorized_client', /configuration problem/],
    ['something_else', /did not complete/],
  ])(
    'error=%s shows its fixed message, never the error_description (content spoofing)',
    async (code, text) => {
      const routes = routesFor(idp)
      const spoof = 'Your account is locked. Call support at +1 555 0100'
      const res = (await routes.handle(
        request(`/auth/callback?error=${code}&error_description=${encodeURIComponent(spoof)}`),
      ))!
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toMatch(text)
      expect(html).not.toContain('Call support')
      expect(html).not.toContain(code === 'something_else' ? code : 'Call support')
      expect(warnings.at(-1)).toContain(spoof)
      expect(warnings.at(-1)).toContain(code)
    },
  )

  it('error for API clients is JSON { error: { code, message } } with the fixed message', async () => {
    const routes = routesFor(idp)
    const res = await routes.handle(
      request('/auth/callback?error=access_denied&error_description=nope', undefined, {
        headers: { accept: 'application/json' },
      }),
    )
    expect(res!.status).toBe(400)
    expect(await res!.json()).toEqual({
      error: {
        code: 'authorization_error',
        message:
          'Sign-in was cancelled or access was denied. Try again, or ask your administrator for access to this application.',
      },
    })
  })

  it('a rejected code exchange shows a fixed message; the environment text goes to the log', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    idp.token = {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Call support at +1 555 0100' },
    }
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Sign-in could not be completed')
    expect(html).not.toContain('Call support')
    expect(warnings.at(-1)).toContain('Call support at +1 555 0100')
  })

  it('two tabs starting login at once both complete', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const [a, b] = await Promise.all([startLogin(routes, jar), startLogin(routes, jar)])
    expect(jar.names()).toHaveLength(2)
    await planTokens(idp, b.nonce)
    const resB = await callback(routes, jar, `?code=c&state=${b.state}`)
    expect(resB.status).toBe(302)
    await planTokens(idp, a.nonce, { sub: 'usr_456' })
    const resA = await callback(routes, jar, `?code=c&state=${a.state}`)
    expect(resA.status).toBe(302)
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.id).toBe('usr_456')
    expect(jar.names()).toEqual(['kit_session'])
  })

  it('login always issues a new session value; logging in as another user replaces it', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { sub: 'usr_123' })
    const first = jar.cookies.get('kit_session')
    await signIn(routes, idp, jar, { sub: 'usr_123' })
    const second = jar.cookies.get('kit_session')
    expect(second).not.toBe(first)
    await signIn(routes, idp, jar, { sub: 'usr_999' })
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.id).toBe('usr_999')
  })

  it('onLogin returning false vetoes the login: 403 and no session', async () => {
    const seen: string[] = []
    const routes = routesFor(idp, {
      onLogin: (auth) => {
        seen.push(auth.user.id)
        return auth.user.id !== 'usr_banned'
      },
    })
    const jar = new Jar()
    const { state, nonce } = await startLogin(routes, jar)
    await planTokens(idp, nonce, { sub: 'usr_banned' })
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(403)
    expect(seen).toEqual(['usr_banned'])
    expect(jar.names()).toEqual([])
  })

  it('a session past the cookie budget (default 2 chunks) is a clear error naming what to trim, no session', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    const { state, nonce } = await startLogin(routes, jar)
    await planTokens(idp, nonce, { accessClaims: { padding: 'p'.repeat(4000) } })
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('could not store the session')
    expect(jar.names()).toEqual([])
    expect(warnings.at(-1)).toMatch(/ERR_KIT_SESSION_TOO_LARGE|session\.maxChunks/)
    expect(warnings.at(-1)).toContain('session.storeIdToken: false')
  })

  it('session.storeIdToken: false keeps the ID token out of the cookie (a session that did not fit now does)', async () => {
    const padded = {
      accessClaims: { padding: 'p'.repeat(300) },
      idClaims: { padding: 'q'.repeat(2500) },
    }
    const full = routesFor(idp, { session: { secret: SECRET_LONG, maxChunks: 1 } })
    const jar = new Jar()
    const { state, nonce } = await startLogin(full, jar)
    await planTokens(idp, nonce, padded)
    expect((await callback(full, jar, `?code=c&state=${state}`)).status).toBe(500)

    const lean = routesFor(idp, {
      session: { secret: SECRET_LONG, maxChunks: 1, storeIdToken: false },
    })
    const leanJar = new Jar()
    await signIn(lean, idp, leanJar, padded)
    // One session cookie; the ID token waits in a cookie sent to the logout path only.
    expect(leanJar.names()).toEqual(['kit_session', 'kit_session_logout'])
    const { auth } = await lean.authenticate(request('/', leanJar))
    expect(auth?.user.id).toBe('usr_123')
    expect(auth?.idToken).toBeUndefined()
  })

  it('a large session is chunked into kit_session.0..n and still authenticates', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { padding: 'p'.repeat(2000) } })
    expect(jar.names().sort()).toEqual(['kit_session.0', 'kit_session.1'])
    const { auth } = await routes.authenticate(request('/', jar))
    expect(auth?.user.id).toBe('usr_123')
    // Back to a small session: the chunks are cleared.
    await signIn(routes, idp, jar)
    expect(jar.names()).toEqual(['kit_session'])
  })

  it('environment unreachable during the exchange -> 502 page, no session, never a 500', async () => {
    const { KitClient } = await import('../../src/client.js')
    const down = await closedPortUrl()
    const routes = routesFor(idp, {
      kit: new KitClient({
        environmentUrl: down,
        clientId: 'c',
        clientSecret: 's',
        timeoutMs: 1000,
      }),
    })
    const jar = new Jar()
    const { state } = await startLogin(routes, jar)
    const res = await callback(routes, jar, `?code=c&state=${state}`, {
      accept: 'application/json',
    })
    expect(res.status).toBe(502)
    expect((await res.json()).error.code).toBe('environment_unavailable')
    expect(jar.names()).toEqual([])
  })

  it('other paths are not handled; wrong methods get 405', async () => {
    const routes = routesFor(idp)
    expect(await routes.handle(request('/dashboard'))).toBeNull()
    expect(await routes.handle(request('/auth/login/'))).toBeNull()
    const res = await routes.handle(request('/auth/login', undefined, { method: 'POST' }))
    expect(res!.status).toBe(405)
    expect(res!.headers.get('allow')).toBe('GET')
  })
})
