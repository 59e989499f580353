// authenticate(): the hot path (no network), refresh near expiry (single flight, grace for
// the old cookie, invalid_grant = logged out), lifetimes through the engine, bad cookies,
// revocation. Bearer tokens: bearer.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryRevocationStore } from '../../src/http/index.js'
import { HostileIdp } from '../support/hostile-idp.js'
import { Jar, request, routesFor, SECRET, signIn } from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

const nowSec = () => Math.floor(Date.now() / 1000)
/** A Set-Cookie header's `name=value`, without its attributes. */
const cookiePair = (setCookie: string) => setCookie.split(';')[0]
const networkHits = () => idp.hits.token + idp.hits.jwks + idp.hits.discovery
/** Signs in with an access token that outlives the test: only the session's clocks move. */
const signInForAMonth = (routes: Parameters<typeof signIn>[0], jar: Jar) =>
  signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 * 86400 } })

async function answerRefresh(
  sub = 'usr_123',
  refreshToken = 'rt-rotated',
  ttl = 300,
): Promise<string> {
  const accessToken = await idp.sign(
    idp.accessClaims({ sub, exp: nowSec() + ttl, marker: 'refreshed' }),
  )
  idp.token = {
    body: {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refreshToken,
    },
  }
  return accessToken
}

describe('authenticate: session hot path', () => {
  it('a valid session with a fresh token makes no network call and sets no cookie', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const before = networkHits()
    for (let i = 0; i < 100; i++) {
      const { auth, setCookies } = await routes.authenticate(request('/dashboard', jar))
      expect(auth?.user.id).toBe('usr_123')
      expect(setCookies).toEqual([])
    }
    expect(networkHits()).toBe(before)
  })

  it('hands out a frozen identity: no request can alter what the next one sees', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const first = (await routes.authenticate(request('/', jar))).auth!
    expect(() => (first.permissions as string[]).push('everything')).toThrow(TypeError)
    expect(() => {
      ;(first.user as { id: string }).id = 'hacked'
    }).toThrow(TypeError)
    const second = (await routes.authenticate(request('/', jar))).auth!
    expect(second.permissions).not.toContain('everything')
    expect(second.user.id).toBe('usr_123')
  })

  it('no cookie -> anonymous without Set-Cookie; garbage, tampered or truncated -> anonymous and cleared', async () => {
    const routes = routesFor(idp)
    expect(await routes.authenticate(request('/'))).toEqual({
      auth: null,
      setCookies: [],
      responseHeaders: [],
    })
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const seal = jar.cookies.get('kit_session')!
    const variants = [
      'garbage',
      seal.slice(0, -5),
      seal.slice(0, 100),
      seal.replace(/\*([A-Za-z0-9_-])/, (_m, c) => `*${c === 'A' ? 'B' : 'A'}`),
      `${seal.slice(0, 60)}${seal[60] === 'x' ? 'y' : 'x'}${seal.slice(61)}`,
      '%E0%A4%A',
    ]
    for (const value of variants) {
      const bad = new Jar()
      bad.cookies.set('kit_session', value)
      const { auth, setCookies } = await routes.authenticate(request('/', bad))
      expect(auth).toBeNull()
      expect(setCookies.some((c) => c.startsWith('kit_session=;') && /Max-Age=0/.test(c))).toBe(
        true,
      )
    }
  })

  it('a session sealed with a removed secret is anonymous', async () => {
    const oldRoutes = routesFor(idp, {
      session: { secret: 'old-secret-0123456789-0123456789-abcdef' },
    })
    const jar = new Jar()
    await signIn(oldRoutes, idp, jar)
    const rotated = routesFor(idp, {
      session: {
        secret: [
          'new-secret-0123456789-0123456789-abcdef',
          'old-secret-0123456789-0123456789-abcdef',
        ],
      },
    })
    expect((await rotated.authenticate(request('/', jar))).auth?.user.id).toBe('usr_123')
    const removed = routesFor(idp, {
      session: { secret: 'new-secret-0123456789-0123456789-abcdef' },
    })
    expect((await removed.authenticate(request('/', jar))).auth).toBeNull()
  })
})

describe('authenticate: lifetimes through the engine', () => {
  it('idle: renewed after the touch interval, anonymous after 24 h without activity', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signInForAMonth(routes, jar)
    now += 10 * 60_000
    const touched = await routes.authenticate(request('/', jar))
    expect(touched.auth).not.toBeNull()
    expect(touched.setCookies).toHaveLength(1)
    expect(touched.setCookies[0]).toMatch(/Max-Age=86400/)
    jar.apply(touched)
    now += 24 * 3600_000 + 1000
    const expired = await routes.authenticate(request('/', jar))
    expect(expired.auth).toBeNull()
    expect(expired.setCookies[0]).toMatch(/^kit_session=;.*Max-Age=0/)
  })

  it('renewal: requests still carrying the old cookie share one renewed cookie for a minute', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signInForAMonth(routes, jar)
    now += 10 * 60_000
    // A browser back after a while sends several requests before it stores any answer.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => routes.authenticate(request('/', jar))),
    )
    const renewed = burst[0]!.setCookies
    expect(renewed).toHaveLength(1)
    for (const result of burst) {
      expect(result.auth?.user.id).toBe('usr_123')
      expect(result.setCookies).toEqual(renewed)
    }
    // The same sealed value; its Max-Age counts down to the same idle deadline.
    now += 59_000
    const reused = (await routes.authenticate(request('/', jar))).setCookies
    expect(reused.map(cookiePair)).toEqual(renewed.map(cookiePair))
    expect(reused[0]).toMatch(/Max-Age=86341;/)
    // Past a minute the old cookie is renewed afresh: the shared value's idle clock would
    // otherwise lag further behind the activity it records.
    now += 2_000
    const later = await routes.authenticate(request('/', jar))
    expect(later.setCookies).toHaveLength(1)
    expect(later.setCookies.map(cookiePair)).not.toEqual(renewed.map(cookiePair))
    // The renewed cookie is a settled session of its own: nothing more to set.
    const stored = jar.clone().apply({ setCookies: renewed })
    const next = await routes.authenticate(request('/', stored))
    expect(next.auth?.user.id).toBe('usr_123')
    expect(next.setCookies).toEqual([])
  })

  it('renewal: a shared renewal never outlives a revocation, and touchIntervalSeconds 0 shares none', async () => {
    let now = Date.now()
    const store = createMemoryRevocationStore()
    const routes = routesFor(idp, { now: () => now, revocationStore: store })
    const jar = new Jar()
    await signIn(routes, idp, jar, {
      accessClaims: { exp: nowSec() + 30 * 86400, sid: 'ses_renewed' },
    })
    now += 10 * 60_000
    expect((await routes.authenticate(request('/', jar))).setCookies).toHaveLength(1)
    await store.revoke('ses_renewed', nowSec() + 3600)
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()

    const everyRequest = routesFor(idp, {
      now: () => now,
      session: { secret: SECRET, touchIntervalSeconds: 0 },
    })
    const other = new Jar()
    await signInForAMonth(everyRequest, other)
    const first = await everyRequest.authenticate(request('/', other))
    const second = await everyRequest.authenticate(request('/', other))
    expect(first.setCookies).toHaveLength(1)
    expect(second.setCookies).toHaveLength(1)
    expect(second.setCookies.map(cookiePair)).not.toEqual(first.setCookies.map(cookiePair))
  })

  it('absolute: activity every 12 h keeps it alive only until 7 days after login', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signInForAMonth(routes, jar)
    const loginAt = now
    while (now + 12 * 3600_000 < loginAt + 7 * 86400_000) {
      now += 12 * 3600_000
      const result = await routes.authenticate(request('/', jar))
      expect(result.auth).not.toBeNull()
      for (const c of result.setCookies) {
        const maxAge = Number(/Max-Age=(\d+)/.exec(c)![1])
        expect(now + maxAge * 1000).toBeLessThanOrEqual(loginAt + 7 * 86400_000 + 1000)
      }
      jar.apply(result)
    }
    now = loginAt + 7 * 86400_000 + 1000
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()
  })

  it('access token expired and no refresh token -> anonymous and cleared', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signIn(routes, idp, jar, { refreshToken: null })
    now += 301_000
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth).toBeNull()
    expect(result.setCookies.join()).toMatch(/Max-Age=0/)
  })
})

describe('authenticate: refresh', () => {
  it('refreshes once for 50 concurrent requests and returns the new cookie to all', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    const newToken = await answerRefresh()
    const before = idp.hits.token
    const results = await Promise.all(
      Array.from({ length: 50 }, () => routes.authenticate(request('/', jar))),
    )
    expect(idp.hits.token - before).toBe(1)
    expect(idp.lastTokenRequest!.params.get('grant_type')).toBe('refresh_token')
    expect(idp.lastTokenRequest!.params.get('refresh_token')).toBe('rt-usr_123')
    for (const r of results) {
      expect(r.auth?.accessToken).toBe(newToken)
      expect(r.auth?.claims['marker']).toBe('refreshed')
      expect(r.setCookies.some((c) => c.startsWith('kit_session=Fe26.2'))).toBe(true)
    }
    const stale = jar.clone()
    jar.apply(results[0]!)
    // The new cookie: no refresh, no cookie.
    const next = await routes.authenticate(request('/', jar))
    expect(next.auth?.accessToken).toBe(newToken)
    expect(next.setCookies).toEqual([])
    // A late request still carrying the old cookie reuses the result instead of replaying
    // the rotated refresh token.
    const late = await routes.authenticate(request('/', stale))
    expect(late.auth?.accessToken).toBe(newToken)
    expect(idp.hits.token - before).toBe(1)
  })

  it('keeps the rotated refresh token for the next refresh', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    await answerRefresh('usr_123', 'rt-second', 30)
    jar.apply(await routes.authenticate(request('/', jar)))
    now += 120_000
    await answerRefresh('usr_123', 'rt-third', 300)
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth).not.toBeNull()
    expect(idp.lastTokenRequest!.params.get('refresh_token')).toBe('rt-second')
  })

  it('invalid_grant -> logged out: auth null and the session cookie cleared', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    idp.token = { status: 400, body: { error: 'invalid_grant', error_description: 'revoked' } }
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth).toBeNull()
    expect(result.setCookies.some((c) => /^kit_session=;.*Max-Age=0/.test(c))).toBe(true)
  })

  it('a refreshed token for another user is refused (logged out)', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    await answerRefresh('usr_intruder')
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth).toBeNull()
  })

  it('a transient refresh failure keeps a still-valid token and the cookie', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    idp.token = { status: 503, body: { error: 'temporarily_unavailable' } }
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth?.user.id).toBe('usr_123')
    expect(result.setCookies.filter((c) => /Max-Age=0/.test(c))).toEqual([])
  })
})

describe('revocation', () => {
  it('the memory store forgets a revocation once it has expired', () => {
    let now = 1_000_000
    const store = createMemoryRevocationStore({ now: () => now })
    store.revoke('sid', 1_000 + 60, 900)
    expect(store.isRevoked('sid', 900)).toBe(true)
    expect(store.isRevoked('other', 900)).toBe(false)
    now = 1_061_000
    expect(store.isRevoked('sid', 900)).toBe(false)
  })

  it('a session revoked server-side stops working; logout revokes it for stolen copies', async () => {
    const store = createMemoryRevocationStore()
    const routes = routesFor(idp, { revocationStore: store })
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const stolen = jar.clone()
    expect((await routes.authenticate(request('/', stolen))).auth).not.toBeNull()
    const res = await routes.handle(
      request('/auth/logout', jar, {
        method: 'POST',
        headers: { origin: 'http://localhost:3000' },
      }),
    )
    expect(res!.status).toBe(302)
    expect((await routes.authenticate(request('/', stolen))).auth).toBeNull()
    // Another instance sharing the store also refuses it.
    const other = routesFor(idp, { revocationStore: store })
    expect((await other.authenticate(request('/', stolen))).auth).toBeNull()
  })

  it('revoking the identity provider session id (sid claim) also ends it', async () => {
    const store = createMemoryRevocationStore()
    const routes = routesFor(idp, { revocationStore: store })
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { sid: 'ses_revoke_me' } })
    expect((await routes.authenticate(request('/', jar))).auth).not.toBeNull()
    await store.revoke('ses_revoke_me', nowSec() + 3600)
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()
  })
})
