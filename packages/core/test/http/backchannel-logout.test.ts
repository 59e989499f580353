// POST /auth/backchannel-logout (OIDC Back-Channel Logout 1.0) against the hostile test
// IdP, which signs whatever logout token a test asks for. A valid token revokes the
// session it names (by sid, or every session of sub); each broken token is answered
// 400 invalid_request and leaves the session working, so removing any one check makes
// its test fail (the token would be accepted and the session revoked).
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { createMemoryReplayStore, type KitRoutes } from '../../src/http/index.js'
import type { KitClient, LogoutTokenClaims } from '../../src/index.js'
import { createTestKey, HostileIdp, type TestKey } from '../support/hostile-idp.js'
import { nowSec } from '../support/kit-for-idp.js'
import { Jar, request, routesFor, signIn, warnings } from './support/harness.js'

const EVENT = 'http://schemas.openid.net/event/backchannel-logout'
const TYP = { typ: 'logout+jwt' }

let idp: HostileIdp
let attacker: TestKey
beforeAll(async () => {
  idp = await HostileIdp.start()
  // Same kid as the published key, different key material.
  attacker = await createTestKey('rs-1', 'RS256')
})
afterAll(() => idp.close())

let jtiCounter = 0

/** Claims of a valid logout token for `ses_1` of `usr_123`, with overrides (undefined removes). */
function logoutClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSec()
  const claims: Record<string, unknown> = {
    iss: idp.url,
    aud: idp.clientId,
    iat: now,
    exp: now + 120,
    jti: `jti-${++jtiCounter}-${Math.random().toString(36).slice(2)}`,
    sub: 'usr_123',
    sid: 'ses_1',
    events: { [EVENT]: {} },
    ...overrides,
  }
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k]
  return claims
}

function post(
  routes: KitRoutes,
  body: string,
  contentType = 'application/x-www-form-urlencoded',
): Promise<Response> {
  return routes.handle(
    request('/auth/backchannel-logout', undefined, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }),
  ) as Promise<Response>
}

const form = (token: string) => new URLSearchParams({ logout_token: token }).toString()

/** A signed-in session of `sub` (IdP session `sid`) on `routes`. */
async function session(routes: KitRoutes, sub = 'usr_123', sid = 'ses_1'): Promise<Jar> {
  const jar = new Jar()
  await signIn(routes, idp, jar, { sub, accessClaims: { sid } })
  return jar
}

async function who(routes: KitRoutes, jar: Jar): Promise<string | null> {
  return (await routes.authenticate(request('/', jar))).auth?.user.id ?? null
}

async function expectRejected(
  claims: Record<string, unknown>,
  options: Parameters<HostileIdp['sign']>[1] = { header: TYP },
  why?: RegExp,
) {
  const routes = routesFor(idp)
  const jar = await session(routes)
  const res = await post(routes, form(await idp.sign(claims, options)))
  expect(res.status).toBe(400)
  expect(res.headers.get('cache-control')).toBe('no-store')
  const body = (await res.json()) as { error: string; error_description: string }
  expect(body.error).toBe('invalid_request')
  if (why) expect(body.error_description).toMatch(why)
  // Nothing was revoked.
  expect(await who(routes, jar)).toBe('usr_123')
}

describe('back-channel logout: a valid logout token', () => {
  it('with sid: 200 no-store, that session ends and a session of another IdP session stays', async () => {
    const routes = routesFor(idp)
    const jar = await session(routes)
    const other = await session(routes, 'usr_123', 'ses_2')
    const res = await post(routes, form(await idp.sign(logoutClaims(), { header: TYP })))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const result = await routes.authenticate(request('/', jar))
    expect(result.auth).toBeNull()
    expect(result.setCookies.some((c) => /^kit_session=;/.test(c))).toBe(true)
    expect(await who(routes, other)).toBe('usr_123')
  })

  it('the peeked (synchronous) path sees the revocation too', async () => {
    const routes = routesFor(idp)
    const jar = await session(routes, 'usr_peek', 'ses_peek')
    expect(routes.peekAuthentication(request('/', jar))?.auth?.user.id).toBe('usr_peek')
    const token = await idp.sign(logoutClaims({ sub: 'usr_peek', sid: 'ses_peek' }), {
      header: TYP,
    })
    expect((await post(routes, form(token))).status).toBe(200)
    expect(routes.peekAuthentication(request('/', jar))).toBeUndefined()
    expect(await who(routes, jar)).toBeNull()
  })

  it('with only sub: every session of the user created until now ends, a later login works', async () => {
    let now = Date.now()
    const routes = routesFor(idp, { now: () => now })
    const one = await session(routes, 'usr_sub', 'ses_a')
    const two = await session(routes, 'usr_sub', 'ses_b')
    const someoneElse = await session(routes, 'usr_other', 'ses_c')
    const token = await idp.sign(logoutClaims({ sub: 'usr_sub', sid: undefined }), {
      header: TYP,
    })
    expect((await post(routes, form(token))).status).toBe(200)
    expect(await who(routes, one)).toBeNull()
    expect(await who(routes, two)).toBeNull()
    expect(await who(routes, someoneElse)).toBe('usr_other')
    now += 2000
    const fresh = await session(routes, 'usr_sub', 'ses_d')
    expect(await who(routes, fresh)).toBe('usr_sub')
  })

  it('kit.verifyLogoutToken resolves to the claims to end (public types)', () => {
    expectTypeOf<
      KitClient['verifyLogoutToken']
    >().returns.resolves.toEqualTypeOf<LogoutTokenClaims>()
    expectTypeOf<LogoutTokenClaims['sid']>().toEqualTypeOf<string | undefined>()
  })

  it('typ application/logout+jwt is the same media type and is accepted', async () => {
    const routes = routesFor(idp)
    const jar = await session(routes)
    const token = await idp.sign(logoutClaims(), { header: { typ: 'application/logout+jwt' } })
    expect((await post(routes, form(token))).status).toBe(200)
    expect(await who(routes, jar)).toBeNull()
  })
})

describe('back-channel logout: hostile logout tokens are refused (400 invalid_request)', () => {
  it('signed with a key that is not the environment’s (same kid)', async () => {
    await expectRejected(logoutClaims(), { key: attacker, header: TYP }, /signature/)
  })

  it('wrong issuer', async () => {
    await expectRejected(logoutClaims({ iss: 'https://evil.example' }), undefined, /iss/)
  })

  it('audience of another client', async () => {
    await expectRejected(logoutClaims({ aud: 'another-client' }), undefined, /aud/)
  })

  it('carries a nonce (an ID token shape)', async () => {
    await expectRejected(logoutClaims({ nonce: 'n-1' }), undefined, /nonce/)
  })

  it('no events claim', async () => {
    await expectRejected(logoutClaims({ events: undefined }), undefined, /events/)
  })

  it('events without the back-channel logout member, or with it not an object', async () => {
    await expectRejected(
      logoutClaims({ events: { 'http://schemas.openid.net/event/other': {} } }),
      undefined,
      /events/,
    )
    await expectRejected(logoutClaims({ events: { [EVENT]: true } }), undefined, /events/)
  })

  it('neither sid nor sub', async () => {
    await expectRejected(logoutClaims({ sid: undefined, sub: undefined }), undefined, /sid/)
  })

  it('sid or sub that is not a non-empty string', async () => {
    await expectRejected(logoutClaims({ sid: 42 }), undefined, /sid/)
    await expectRejected(logoutClaims({ sid: undefined, sub: '' }), undefined, /sub/)
  })

  it('typ missing, JWT, or at+jwt (another kind of token)', async () => {
    await expectRejected(logoutClaims(), { header: {} }, /typ/)
    await expectRejected(logoutClaims(), { header: { typ: 'JWT' } }, /typ/)
    await expectRejected(logoutClaims(), { header: { typ: 'at+jwt' } }, /typ/)
  })

  it('expired, or without exp', async () => {
    const now = nowSec()
    await expectRejected(logoutClaims({ iat: now - 300, exp: now - 100 }), undefined, /expired/)
    await expectRejected(logoutClaims({ exp: undefined }), undefined, /exp/)
  })

  it('iat missing, in the future, or older than ten minutes', async () => {
    const now = nowSec()
    await expectRejected(logoutClaims({ iat: undefined }), undefined, /iat/)
    await expectRejected(logoutClaims({ iat: now + 3600, exp: now + 7200 }), undefined, /iat/)
    await expectRejected(logoutClaims({ iat: now - 3600, exp: now + 3600 }), undefined, /iat/)
  })

  it('no jti', async () => {
    await expectRejected(logoutClaims({ jti: undefined }), undefined, /jti/)
  })

  it('an ID token of the same environment', async () => {
    await expectRejected(idp.idClaims({ sid: 'ses_1' }), { header: {} })
  })

  it('alg none', async () => {
    const routes = routesFor(idp)
    const jar = await session(routes)
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const token = `${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(logoutClaims())}.`
    const res = await post(routes, form(token))
    expect(res.status).toBe(400)
    expect(await who(routes, jar)).toBe('usr_123')
  })
})

describe('back-channel logout: replay and request shape', () => {
  it('a replayed jti is refused, also by another instance sharing the replay store', async () => {
    const replayStore = createMemoryReplayStore()
    const a = routesFor(idp, { webhookReplayStore: replayStore })
    const b = routesFor(idp, { webhookReplayStore: replayStore })
    const token = await idp.sign(logoutClaims({ sid: 'ses_replay' }), { header: TYP })
    expect((await post(a, form(token))).status).toBe(200)
    for (const routes of [a, b]) {
      const res = await post(routes, form(token))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(/jti/)
    }
    // The same jti in a fresh token (a new signature) is a replay too.
    const jar = await session(b, 'usr_123', 'ses_other')
    const again = await idp.sign(
      logoutClaims({ sid: 'ses_other', jti: JSON.parse(atob(token.split('.')[1]!)).jti }),
      { header: TYP },
    )
    expect((await post(b, form(again))).status).toBe(400)
    expect(await who(b, jar)).toBe('usr_123')
  })

  it('wrong content type, no token, two tokens, an empty token -> 400; GET -> 405', async () => {
    const routes = routesFor(idp)
    const token = await idp.sign(logoutClaims(), { header: TYP })
    const cases: Array<[string, string]> = [
      [JSON.stringify({ logout_token: token }), 'application/json'],
      ['', 'application/x-www-form-urlencoded'],
      [`logout_token=${token}&logout_token=${token}`, 'application/x-www-form-urlencoded'],
      ['logout_token=', 'application/x-www-form-urlencoded'],
      ['logout_token=not-a-jwt', 'application/x-www-form-urlencoded'],
    ]
    for (const [body, type] of cases) {
      const res = await post(routes, body, type)
      expect(res.status, body).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
    }
    const get = (await routes.handle(request('/auth/backchannel-logout')))!
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('a body over 8 KiB -> 413 without reading it all', async () => {
    const routes = routesFor(idp)
    const res = await post(routes, `logout_token=${'a'.repeat(9000)}`)
    expect(res.status).toBe(413)
  })

  it('a revocation store that fails -> 400 temporarily_unavailable, jti released for the retry', async () => {
    let failing = true
    const revoked: string[] = []
    const routes = routesFor(idp, {
      revocationStore: {
        isRevoked: (id) => revoked.includes(id),
        revoke(id) {
          if (failing) throw new Error('store down')
          revoked.push(id)
        },
      },
    })
    const token = await idp.sign(logoutClaims({ sid: 'ses_retry' }), { header: TYP })
    const first = await post(routes, form(token))
    expect(first.status).toBe(400)
    expect(((await first.json()) as { error: string }).error).toBe('temporarily_unavailable')
    expect(warnings.some((w) => /back-channel logout could not record/.test(w))).toBe(true)
    failing = false
    expect((await post(routes, form(token))).status).toBe(200)
    expect(revoked).toEqual(['ses_retry'])
  })

  it('keys out of reach -> 400 temporarily_unavailable (the sender may retry), never a 500', async () => {
    const routes = routesFor(idp)
    const token = await idp.sign(logoutClaims(), { header: TYP })
    idp.jwksMode = 'status-500'
    try {
      const res = await post(routes, form(token))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe('temporarily_unavailable')
    } finally {
      idp.jwksMode = 'ok'
    }
    // Not claimed: once the keys load, the same token works.
    expect((await post(routes, form(token))).status).toBe(200)
  })

  it('paths.backchannelLogout moves the route', async () => {
    const routes = routesFor(idp, { paths: { backchannelLogout: '/oidc/bcl' } })
    expect(routes.endpoints.find((e) => e.action === 'backchannelLogout')?.path).toBe('/oidc/bcl')
    expect(await post(routes, 'x=1')).toBeNull()
  })
})
