// Step-up (recent login), route engine side: guard decisions for fresh, old and unknown
// login times (page -> login with maxAge and back, API -> 401 with the RFC 9470
// challenge), validation when a guard is declared, `/auth/login?maxAge=`, and the
// callback refusing an ID token that does not prove a recent login (hostile IdP).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import {
  assertRequirement,
  createKitRoutes,
  defineGuards,
  type KitRequestLike,
  type KitRoutes,
  requirementDenial,
} from '../../src/http/index.js'
import { authFromSession } from '../../src/http/session-auth.js'
import type { SessionData } from '../../src/session/session-data.js'
import { createTestSession } from '../../src/testing/index.js'
import { type Auth, toAuth } from '../../src/tokens/claims-to-auth.js'
import { asResponse } from '../support/as-response.js'
import { b64url, HostileIdp } from '../support/hostile-idp.js'
import { nowSec } from '../support/kit-for-idp.js'
import {
  callback,
  Jar,
  planTokens,
  request,
  routesFor,
  startLogin,
  warnings,
} from './support/harness.js'

const SECRET = 'recent-login-test-secret-0123456789-abcdef'
const ORIGIN = 'https://app.example.com'
const routes = createKitRoutes({
  kit: new KitClient({ environmentUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' }),
  baseUrl: ORIGIN,
  session: { secret: SECRET },
  apiPrefixes: ['/api/'],
})

const page = (url = '/billing?tab=cards', cookie = ''): KitRequestLike => ({
  method: 'GET',
  url,
  headers: new Headers({ cookie, accept: 'text/html' }),
})
const api = (url = '/api/billing', cookie = ''): KitRequestLike => ({
  method: 'POST',
  url,
  headers: new Headers({ cookie, accept: 'application/json' }),
})

const claims = { sub: 'usr_bob', exp: 2e9, roles: ['admin'], permissions: ['org:manage'] }
const authAt = (authTime: number | undefined): Auth => {
  const auth = toAuth(claims, { accessToken: 'at' })
  return authTime === undefined ? auth : { ...auth, authTime }
}

describe('guard decisions with maxAgeSeconds', () => {
  it('a login within maxAgeSeconds passes', () => {
    expect(
      asResponse(
        routes.guard(page(), authAt(nowSec() - 100), { kind: 'auth', maxAgeSeconds: 300 }),
      ),
    ).toBe(null)
  })

  it('page: an older login -> 302 to login with returnTo (same path+query) and maxAge', () => {
    const res = asResponse(
      routes.guard(page(), authAt(nowSec() - 301 - 10), {
        kind: 'auth',
        maxAgeSeconds: 300,
      }),
    )
    expect(res!.status).toBe(302)
    expect(res!.headers.get('location')).toBe(
      `${ORIGIN}/auth/login?returnTo=${encodeURIComponent('/billing?tab=cards')}&maxAge=300`,
    )
    expect(res!.headers.get('cache-control')).toBe('no-store')
  })

  it('API: an older login -> 401 recent_login_required with the RFC 9470 challenge', async () => {
    const res = asResponse(
      routes.guard(api(), authAt(nowSec() - 400), {
        kind: 'permission',
        names: ['org:manage'],
        maxAgeSeconds: 300,
      }),
    )
    expect(res!.status).toBe(401)
    const challenge = res!.headers.get('www-authenticate')!
    expect(challenge).toMatch(/^Bearer error="insufficient_user_authentication"/)
    expect(challenge).toMatch(/error_description="[^"]+"/)
    expect(challenge).toMatch(/max_age="300"$/)
    expect(await res!.json()).toEqual({
      error: {
        code: 'recent_login_required',
        message: expect.stringContaining('300 seconds'),
        maxAgeSeconds: 300,
      },
    })
  })

  it('an unknown login time (no authTime) is not recent', () => {
    const res = asResponse(
      routes.guard(page(), authAt(undefined), { kind: 'auth', maxAgeSeconds: 300 }),
    )
    expect(res!.status).toBe(302)
    expect(res!.headers.get('location')).toContain('maxAge=300')
  })

  it('without maxAgeSeconds the login time does not matter', () => {
    expect(asResponse(routes.guard(page(), authAt(undefined), { kind: 'auth' }))).toBe(null)
    expect(asResponse(routes.guard(page(), authAt(1), { kind: 'role', names: ['admin'] }))).toBe(
      null,
    )
  })

  it('a missing permission is a 403 first (a new login would not help)', () => {
    const res = asResponse(
      routes.guard(api(), authAt(1), {
        kind: 'permission',
        names: ['billing:write'],
        maxAgeSeconds: 300,
      }),
    )
    expect(res!.status).toBe(403)
  })

  it('requirementDenial (Next server helpers) says maxAgeSeconds, using the given clock', () => {
    const requirement = { kind: 'auth', maxAgeSeconds: 60 } as const
    const auth = authAt(1_000_000)
    expect(requirementDenial(auth, requirement, () => 1_000_060)).toBe(null)
    expect(requirementDenial(auth, requirement, () => 1_000_100)).toEqual({
      code: 'recent_login_required',
      message: expect.any(String),
      missing: [],
      maxAgeSeconds: 60,
    })
  })
})

describe('authTime of sessions and bearer tokens', () => {
  it('a session cookie carries its authTime to the guard', async () => {
    const fresh = await createTestSession({
      secret: SECRET,
      baseUrl: ORIGIN,
      user: { id: 'usr_1' },
    })
    const stale = await createTestSession({
      secret: SECRET,
      baseUrl: ORIGIN,
      user: { id: 'usr_1' },
      authTime: nowSec() - 3600,
    })
    const freshAuth = (await routes.authenticate(page('/x', fresh))).auth!
    const staleAuth = (await routes.authenticate(page('/x', stale))).auth!
    expect(freshAuth.authTime).toBeGreaterThan(nowSec() - 5)
    expect(staleAuth.authTime).toBeLessThanOrEqual(nowSec() - 3600)
    const requirement = { kind: 'auth', maxAgeSeconds: 600 } as const
    expect(asResponse(routes.guard(page('/x', fresh), freshAuth, requirement))).toBe(null)
    expect(asResponse(routes.guard(page('/x', stale), staleAuth, requirement))!.status).toBe(302)
  })

  it('a session sealed before authTime existed reads fine and is not recent', () => {
    // Even when its access token says auth_time: the session's own record is the source.
    const token = `${b64url({ alg: 'none' })}.${b64url({ sub: 'usr_1', exp: 2e9, auth_time: nowSec() })}.x`
    const old: SessionData = {
      v: 1,
      sid: 'sid-1',
      user: { id: 'usr_1' },
      accessToken: token,
      accessTokenExpiresAt: 2e9,
      createdAt: nowSec(),
      lastActiveAt: nowSec(),
    }
    const auth = authFromSession(old)!
    expect(auth.user.id).toBe('usr_1')
    expect(auth.authTime).toBeUndefined()
    expect(
      asResponse(routes.guard(page(), auth, { kind: 'auth', maxAgeSeconds: 300 }))!.status,
    ).toBe(302)
  })

  it('a bearer token: authTime is its auth_time claim', () => {
    expect(toAuth({ ...claims, auth_time: 1234 }, { accessToken: 'at' }).authTime).toBe(1234)
    expect(toAuth({ ...claims, auth_time: '1234' }, { accessToken: 'at' }).authTime).toBe(undefined)
  })
})

describe('declaring a guard', () => {
  const guards = defineGuards((label, requirement) => ({ label, requirement }))

  it('requireRecentLogin builds an auth requirement with maxAgeSeconds and options', () => {
    expect(guards.requireRecentLogin({ maxAgeSeconds: 300, allowImpersonation: false })).toEqual({
      label: 'requireRecentLogin()',
      requirement: { kind: 'auth', maxAgeSeconds: 300, allowImpersonation: false },
    })
    expect(guards.requirePermission('a', { maxAgeSeconds: 60 }).requirement).toEqual({
      kind: 'permission',
      names: ['a'],
      maxAgeSeconds: 60,
    })
  })

  it.each([
    ['missing', () => guards.requireRecentLogin({} as never), /requireRecentLogin\(\).*required/],
    ['zero', () => guards.requireRecentLogin({ maxAgeSeconds: 0 }), /requireRecentLogin\(\)/],
    ['negative', () => guards.requireRecentLogin({ maxAgeSeconds: -5 }), /requireRecentLogin/],
    ['a fraction', () => guards.requireAuth({ maxAgeSeconds: 1.5 }), /requireAuth\(\)/],
    ['a string', () => guards.requireRole('admin', { maxAgeSeconds: '300' as never }), /Role/],
    ['NaN', () => guards.requireOrganization(undefined, { maxAgeSeconds: Number.NaN }), /Org/],
    ['over a year', () => guards.requireAuth({ maxAgeSeconds: 400 * 86_400 }), /maxAgeSeconds/],
    ['not an object', () => guards.requireRecentLogin(300 as never), /options must be/],
  ])('maxAgeSeconds %s -> ERR_KIT_CONFIG naming the guard', (_name, declare, message) => {
    let caught: unknown
    try {
      declare()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(KitError)
    expect((caught as KitError).code).toBe('ERR_KIT_CONFIG')
    expect((caught as KitError).message).toMatch(message)
  })

  it('assertRequirement refuses a bad maxAgeSeconds given directly to guard()', () => {
    expect(() => assertRequirement({ kind: 'auth', maxAgeSeconds: 0 })).toThrow(/maxAgeSeconds/)
    expect(() =>
      asResponse(routes.guard(page(), null, { kind: 'auth', maxAgeSeconds: -1 })),
    ).toThrow(KitError)
  })
})

describe('/auth/login?maxAge=', () => {
  const login = async (query: string, headers: Record<string, string>, app = routes) =>
    (await app.handle(new Request(`${ORIGIN}/auth/login${query}`, { headers })))!

  it('sends max_age and prompt=login, and keeps returnTo', async () => {
    const res = await login('?returnTo=%2Fbilling&maxAge=300', { 'sec-fetch-site': 'same-origin' })
    expect(res.status).toBe(302)
    const url = new URL(res.headers.get('location')!)
    expect(url.searchParams.get('max_age')).toBe('300')
    expect(url.searchParams.get('prompt')).toBe('login')
  })

  it('prompt=login replaces a requested prompt (prompt=none cannot skip the step-up)', async () => {
    const res = await login('?maxAge=300&prompt=none', { 'sec-fetch-site': 'same-origin' })
    expect(new URL(res.headers.get('location')!).searchParams.get('prompt')).toBe('login')
  })

  it('survives a cross-site start, which drops the parameters that choose where to sign in', async () => {
    const res = await login('?maxAge=120&organizationId=org_evil', {
      'sec-fetch-site': 'cross-site',
    })
    const url = new URL(res.headers.get('location')!)
    expect(url.searchParams.get('max_age')).toBe('120')
    expect(url.searchParams.get('prompt')).toBe('login')
    expect(url.searchParams.has('organization_id')).toBe(false)
  })

  it('stepUpPromptLogin: false sends max_age alone', async () => {
    const honours = createKitRoutes({
      kit: new KitClient({
        environmentUrl: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
      }),
      baseUrl: ORIGIN,
      session: { secret: SECRET },
      stepUpPromptLogin: false,
    })
    const res = await login('?maxAge=300', { 'sec-fetch-site': 'same-origin' }, honours)
    const url = new URL(res.headers.get('location')!)
    expect(url.searchParams.get('max_age')).toBe('300')
    expect(url.searchParams.has('prompt')).toBe(false)
  })

  it('stepUpPromptLogin must be a boolean', () => {
    expect(() =>
      createKitRoutes({
        kit: new KitClient({
          environmentUrl: 'http://127.0.0.1:9',
          clientId: 'c',
          clientSecret: 's',
        }),
        baseUrl: ORIGIN,
        session: { secret: SECRET },
        stepUpPromptLogin: 'no' as never,
      }),
    ).toThrow(/stepUpPromptLogin/)
  })

  it.each(['abc', '-1', '1e3', '1.5', '+5', ' 5', '9999999999', '40000000'])(
    'maxAge=%j -> 400 invalid_request',
    async (value) => {
      const res = await login(`?maxAge=${encodeURIComponent(value)}`, {
        'sec-fetch-site': 'same-origin',
        accept: 'application/json',
      })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    },
  )

  it('a repeated maxAge -> 400', async () => {
    const res = await login('?maxAge=1&maxAge=300', { 'sec-fetch-site': 'same-origin' })
    expect(res.status).toBe(400)
  })
})

describe('callback of a step-up login (hostile IdP)', () => {
  let idp: HostileIdp
  let app: KitRoutes
  beforeAll(async () => {
    idp = await HostileIdp.start()
    app = routesFor(idp)
  })
  afterAll(() => idp.close())
  beforeEach(() => {
    warnings.length = 0
  })

  async function stepUp(idClaims: Record<string, unknown>, query = '?maxAge=60') {
    const jar = new Jar()
    const { state, nonce, authorizeUrl } = await startLogin(app, jar, query)
    await planTokens(idp, nonce, { idClaims })
    const res = await callback(app, jar, `?code=code-1&state=${state}`, {
      accept: 'application/json',
    })
    return { res, jar, authorizeUrl }
  }

  it('a fresh auth_time: the session records it and the step-up guard passes', async () => {
    const authTime = nowSec() - 5
    const { res, jar, authorizeUrl } = await stepUp({ auth_time: authTime })
    expect(authorizeUrl.searchParams.get('max_age')).toBe('60')
    expect(res.status).toBe(302)
    const auth = (await app.authenticate(request('/x', jar))).auth!
    expect(auth.authTime).toBe(authTime)
    expect(
      asResponse(app.guard(request('/x', jar), auth, { kind: 'auth', maxAgeSeconds: 60 })),
    ).toBe(null)
  })

  it.each([
    ['missing', {}, 'auth_time_missing'],
    ['too old', { auth_time: nowSec() - 60 - 31 }, 'login_not_recent'],
    ['a string', { auth_time: String(nowSec()) }, null],
  ])('auth_time %s -> 400, no session', async (_name, idClaims, code) => {
    const { res, jar } = await stepUp(idClaims)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string } }
    if (code !== null) expect(body.error.code).toBe(code)
    expect(jar.names().filter((n) => n.startsWith('kit_session'))).toEqual([])
    expect(warnings.join('\n')).toMatch(/auth_time/)
  })

  it('without maxAge the same old auth_time signs in (and is recorded)', async () => {
    const old = nowSec() - 3600
    const { res, jar } = await stepUp({ auth_time: old }, '')
    expect(res.status).toBe(302)
    expect((await app.authenticate(request('/x', jar))).auth!.authTime).toBe(old)
  })
})
