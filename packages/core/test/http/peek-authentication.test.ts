// peekAuthentication(): the synchronous answer adapters try before awaiting
// authenticate(). It must agree with authenticate() whenever it answers, and step aside
// (undefined) whenever there is asynchronous work: unseal, refresh, renewal, bearer
// tokens, revocation lookups.
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

describe('peekAuthentication', () => {
  it('answers anonymous for a request without credentials', () => {
    const routes = routesFor(idp)
    expect(routes.peekAuthentication(request('/'))).toMatchObject({ auth: null, setCookies: [] })
  })

  it('shares one frozen no-credentials answer that no caller can change', () => {
    const routes = routesFor(idp)
    const first = routes.peekAuthentication(request('/'))!
    expect(routes.peekAuthentication(request('/other'))).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(() => first.setCookies.push('kit_session=planted')).toThrow(TypeError)
    expect(() => (first.responseHeaders as unknown as string[][]).push(['a', 'b'])).toThrow(
      TypeError,
    )
    expect(routes.peekAuthentication(request('/'))).toMatchObject({
      auth: null,
      setCookies: [],
      responseHeaders: [],
    })
  })

  it('answers a cached session exactly as authenticate does, with no network call', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const hits = idp.hits.token + idp.hits.jwks
    const peeked = routes.peekAuthentication(request('/dashboard', jar))
    const full = await routes.authenticate(request('/dashboard', jar))
    expect(peeked).toEqual(full)
    expect(peeked?.auth?.user.id).toBe('usr_123')
    expect(idp.hits.token + idp.hits.jwks).toBe(hits)
  })

  it('hands out one frozen identity per session that no handler can alter', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const first = routes.peekAuthentication(request('/', jar))!
    const auth = first.auth!
    expect(() => (auth.roles as string[]).push('owner')).toThrow(TypeError)
    expect(() => {
      ;(auth.user as { id: string }).id = 'usr_other'
    }).toThrow(TypeError)
    expect(() => {
      ;(auth as { organizationId?: string }).organizationId = 'org_other'
    }).toThrow(TypeError)
    expect(() => {
      ;(auth.claims as Record<string, unknown>)['sub'] = 'usr_other'
    }).toThrow(TypeError)
    expect(() => first.setCookies.push('kit_session=planted')).toThrow(TypeError)
    const again = routes.peekAuthentication(request('/', jar))!
    expect(again).toBe(first)
    expect(again.auth!.roles).not.toContain('owner')
    expect(again.auth!.user.id).toBe('usr_123')
    const full = await routes.authenticate(request('/', jar))
    expect(full.auth).toBe(auth)
  })

  it('steps aside for a cookie this instance has not unsealed yet, then answers', async () => {
    const jar = new Jar()
    await signIn(routesFor(idp), idp, jar)
    const other = routesFor(idp, { session: { secret: SECRET } })
    expect(other.peekAuthentication(request('/', jar))).toBeUndefined()
    expect((await other.authenticate(request('/', jar))).auth?.user.id).toBe('usr_123')
    expect(other.peekAuthentication(request('/', jar))?.auth?.user.id).toBe('usr_123')
  })

  it('steps aside for garbage cookies (authenticate clears them)', async () => {
    const routes = routesFor(idp)
    const bad = new Jar()
    bad.cookies.set('kit_session', 'garbage')
    expect(routes.peekAuthentication(request('/', bad))).toBeUndefined()
    const full = await routes.authenticate(request('/', bad))
    expect(full.auth).toBeNull()
    expect(full.setCookies.length).toBeGreaterThan(0)
  })

  it('steps aside when the access token is due for refresh', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 30 } })
    expect(routes.peekAuthentication(request('/', jar))).toBeUndefined()
  })

  it('steps aside when the idle timer needs renewal or the session has expired', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const jar = new Jar()
    await signIn(routes, idp, jar, { accessClaims: { exp: nowSec() + 100_000 } })
    expect(routes.peekAuthentication(request('/', jar))?.auth).not.toBeNull()
    now += 3_600_000
    expect(routes.peekAuthentication(request('/', jar))).toBeUndefined()
    now += 30 * 86_400_000
    expect(routes.peekAuthentication(request('/', jar))).toBeUndefined()
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()
  })

  it('steps aside for bearer tokens and when a revocation store must be asked', async () => {
    const routes = routesFor(idp)
    expect(
      routes.peekAuthentication(
        request('/', undefined, { headers: { authorization: 'Bearer abc' } }),
      ),
    ).toBeUndefined()
    // A store that can only answer asynchronously (no peekRevoked): peek steps aside.
    const memory = createMemoryRevocationStore()
    const remote = routesFor(idp, {
      revocationStore: {
        isRevoked: async (id, at) => memory.isRevoked(id, at),
        revoke: memory.revoke,
      },
    })
    const jar = new Jar()
    await signIn(remote, idp, jar)
    expect(remote.peekAuthentication(request('/', jar))).toBeUndefined()
  })

  it('answers synchronously with the default (memory) revocation store, and steps aside for a revoked session', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const copy = jar.clone()
    expect(routes.peekAuthentication(request('/', jar))?.auth?.user.id).toBe('usr_123')
    const res = (await routes.handle(request('/auth/logout', jar, { method: 'POST' })))!
    expect(res.status).toBe(302)
    // Warm the unseal cache with the copied (revoked) cookie, as a replaying attacker would.
    expect((await routes.authenticate(request('/', copy))).auth).toBeNull()
    expect(routes.peekAuthentication(request('/', copy))).toBeUndefined()
  })

  it('asks a store with a revision once per session until anything is revoked, then again', async () => {
    // The revision lets a busy session skip its three lookups; it must never let a
    // session through past a revocation that landed after its last check.
    const memory = createMemoryRevocationStore()
    let asked = 0
    const counting = {
      isRevoked: memory.isRevoked,
      revoke: memory.revoke,
      peekRevoked: (id: string, at: number) => {
        asked++
        return memory.peekRevoked(id, at)
      },
      get revision() {
        return memory.revision
      },
    }
    const routes = routesFor(idp, { revocationStore: counting })
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const first = routes.peekAuthentication(request('/', jar))
    expect(first?.auth?.user.id).toBe('usr_123')
    const once = asked
    expect(once).toBeGreaterThan(0)
    expect(routes.peekAuthentication(request('/', jar))).toBe(first)
    expect(asked).toBe(once)
    memory.revoke('someone-else', nowSec() + 3600)
    expect(routes.peekAuthentication(request('/', jar))).toBe(first)
    expect(asked).toBeGreaterThan(once)
    // Every session of this user ends: the very next request steps aside and is refused.
    memory.revoke('sub:usr_123', nowSec() + 3600)
    expect(routes.peekAuthentication(request('/', jar))).toBeUndefined()
    expect((await routes.authenticate(request('/', jar))).auth).toBeNull()
  })

  it('asks a store without a revision on every request', async () => {
    const memory = createMemoryRevocationStore()
    let asked = 0
    const routes = routesFor(idp, {
      revocationStore: {
        isRevoked: memory.isRevoked,
        revoke: memory.revoke,
        peekRevoked: (id: string, at: number) => {
          asked++
          return memory.peekRevoked(id, at)
        },
      },
    })
    const jar = new Jar()
    await signIn(routes, idp, jar)
    routes.peekAuthentication(request('/', jar))
    const once = asked
    routes.peekAuthentication(request('/', jar))
    expect(asked).toBe(2 * once)
  })
})
