// authenticate() with an Authorization header: only a single well-formed bearer token
// validated with the configured `bearer` checks (default typ at+jwt, aud = this app's
// client id) counts; malformed, duplicated, expired, forged, ID tokens and tokens meant
// for someone else give no identity (401 from the guard), never a throw, and the
// session cookie is then ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitRoutes } from '../../src/http/index.js'
import { KitError } from '../../src/index.js'
import { asResponse } from '../support/as-response.js'
import { createTestKey, HostileIdp } from '../support/hostile-idp.js'
import { kitFor } from '../support/kit-for-idp.js'
import { BASE, Jar, request, routesFor, SECRET, signIn } from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

const nowSec = () => Math.floor(Date.now() / 1000)
/** Access-token claims meant for this app (aud = its client id), as the environment issues them. */
const ourClaims = (overrides: Record<string, unknown> = {}) =>
  idp.accessClaims({ aud: idp.clientId, ...overrides })
const asBearer = (token: string) =>
  request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } })
const b64url = (value: unknown) =>
  btoa(
    String.fromCharCode(
      ...(value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value))),
    ),
  )
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

describe('authenticate: bearer tokens', () => {
  it('a valid bearer token authenticates without a session', async () => {
    const routes = routesFor(idp)
    const token = await idp.sign(ourClaims({ sub: 'usr_api', permissions: ['projects:read'] }), {
      header: { typ: 'at+jwt' },
    })
    const { auth, setCookies } = await routes.authenticate(
      request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(auth?.user.id).toBe('usr_api')
    expect(auth?.permissions).toEqual(['projects:read'])
    expect(setCookies).toEqual([])
  })

  it('malformed, duplicated, expired or forged Authorization headers -> no identity, 401 from the guard, never a throw', async () => {
    const routes = routesFor(idp)
    const at = { header: { typ: 'at+jwt' } }
    const good = await idp.sign(ourClaims(), at)
    const expired = await idp.sign(ourClaims({ exp: nowSec() - 3600, iat: nowSec() - 7200 }), at)
    const head = b64url({ alg: 'RS256', kid: 'rs-1', typ: 'at+jwt' })
    const body = b64url({ sub: 'x', exp: nowSec() + 300 })
    const attacker = await createTestKey('rs-1', 'RS256')
    const forged = await idp.sign(ourClaims(), { key: attacker, ...at })
    const headers = [
      'Bearer',
      'Bearer ',
      `Basic ${btoa('a:b')}`,
      'Bearer a.b',
      'Bearer a.b.c.d',
      'Bearer !!!.###.$$$',
      `Bearer ${good}, Bearer ${good}`,
      `Bearer ${good} ${good}`,
      `Bearer ${expired}`,
      `Bearer ${forged}`,
      `Bearer ${'A'.repeat(20_000)}`,
      // Malformed JWTs with a well-formed header line: never a 500.
      `Bearer ${head}.${b64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.c2ln`,
      `Bearer ${head}.${b64url([1, 2])}.c2ln`,
      `Bearer ${head}.${b64url('not an object')}.c2ln`,
      `Bearer ${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`,
      `Bearer ${head}.${body}.`,
    ]
    for (const authorization of headers) {
      const req = request('/api/projects', undefined, { headers: { authorization } })
      const { auth } = await routes.authenticate(req)
      expect(auth, authorization.slice(0, 40)).toBeNull()
      const denied = asResponse(routes.guard(req, auth, { kind: 'auth' }))
      expect(denied!.status).toBe(401)
      expect(denied!.headers.get('www-authenticate')).toContain('invalid_token')
      expect((await denied!.json()).error.code).toBe('invalid_token')
    }
  })

  it('by default only at+jwt tokens count: an ID token or an untyped token is refused', async () => {
    const routes = routesFor(idp)
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const untyped = await idp.sign(ourClaims())
    for (const token of [idToken, untyped]) {
      const req = request('/api/projects', undefined, {
        headers: { authorization: `Bearer ${token}` },
      })
      const { auth } = await routes.authenticate(req)
      expect(auth).toBeNull()
      expect(asResponse(routes.guard(req, auth, { kind: 'auth' }))!.status).toBe(401)
    }
  })

  it('bearer.tokenType and bearer.audience are passed to validateToken', async () => {
    const untyped = await idp.sign(ourClaims())
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const custom = await idp.sign(ourClaims(), { header: { typ: 'application/kit-at+jwt' } })
    const off = routesFor(idp, { bearer: { tokenType: false } })
    expect((await off.authenticate(asBearer(untyped))).auth?.user.id).toBe('usr_123')
    const typed = routesFor(idp, { bearer: { tokenType: 'kit-at+jwt' } })
    expect((await typed.authenticate(asBearer(custom))).auth?.user.id).toBe('usr_123')
    expect((await typed.authenticate(asBearer(untyped))).auth).toBeNull()
    // Audience instead of typ: the access token's aud is the API, the ID token's the client.
    const apiToken = await idp.sign(idp.accessClaims({ aud: 'https://api.example' }))
    const byAudience = routesFor(idp, {
      bearer: { tokenType: false, audience: 'https://api.example' },
    })
    expect((await byAudience.authenticate(asBearer(apiToken))).auth?.user.id).toBe('usr_123')
    expect((await byAudience.authenticate(asBearer(idToken))).auth).toBeNull()
    const otherApi = routesFor(idp, { bearer: { audience: 'https://other.example' } })
    const typedAccess = await idp.sign(ourClaims(), { header: { typ: 'at+jwt' } })
    expect((await otherApi.authenticate(asBearer(typedAccess))).auth).toBeNull()
  })

  it('a repeated bearer token gives one frozen identity no request can alter', async () => {
    const routes = routesFor(idp)
    const token = await idp.sign(ourClaims({ sub: 'usr_copy' }), { header: { typ: 'at+jwt' } })
    const req = () =>
      request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } })
    const first = (await routes.authenticate(req())).auth!
    expect(() => (first.permissions as string[]).push('everything')).toThrow(TypeError)
    expect(() => {
      ;(first.user as { id: string }).id = 'hacked'
    }).toThrow(TypeError)
    expect(() => {
      ;(first.claims as Record<string, unknown>)['sub'] = 'hacked'
    }).toThrow(TypeError)
    const second = (await routes.authenticate(req())).auth!
    expect(second.user.id).toBe('usr_copy')
    expect(second.permissions).not.toContain('everything')
    expect(second.claims['sub']).toBe('usr_copy')
    expect(second.accessToken).toBe(token)
  })

  it('freezes a copy of the claims, never the object validateToken hands the app', async () => {
    const kit = kitFor(idp)
    const routes = routesFor(idp, { kit })
    const token = await idp.sign(ourClaims({ sub: 'usr_own', act: { sub: 'usr_support' } }), {
      header: { typ: 'at+jwt' },
    })
    const auth = (await routes.authenticate(asBearer(token))).auth!
    expect(Object.isFrozen(auth.claims['act'])).toBe(true)
    // The same client, so the same validated-token cache the guard used.
    const own = await kit.validateToken(token, { tokenType: 'at+jwt', audience: idp.clientId })
    expect(Object.isFrozen(own)).toBe(false)
    expect(Object.isFrozen(own['act'])).toBe(false)
  })

  it('a bad bearer token is not rescued by a valid session cookie', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const req = request('/', jar, { headers: { authorization: 'Bearer nope' } })
    expect((await routes.authenticate(req)).auth).toBeNull()
  })
})

describe('authenticate: bearer tokens meant for someone else (audience)', () => {
  const at = { header: { typ: 'at+jwt' } }
  const sign = (overrides: Record<string, unknown>) => idp.sign(idp.accessClaims(overrides), at)
  const who = async (routes: ReturnType<typeof routesFor>, token: string) => {
    const req = asBearer(token)
    const { auth } = await routes.authenticate(req)
    if (auth === null)
      expect(asResponse(routes.guard(req, auth, { kind: 'auth' }))!.status).toBe(401)
    return auth?.user.id ?? null
  }

  it("by default only aud = this app's client id passes", async () => {
    const routes = routesFor(idp)
    // Signed by the environment's key, same issuer, fresh, typ at+jwt: only aud differs.
    expect(await who(routes, await sign({ aud: idp.clientId }))).toBe('usr_123')
    expect(await who(routes, await sign({ aud: ['https://x.example', idp.clientId] }))).toBe(
      'usr_123',
    )
    for (const aud of ['skc_other_app', 'https://api.example', [], undefined, 42]) {
      const token = await sign({ aud, client_id: 'skc_other_app' })
      expect(await who(routes, token), JSON.stringify(aud)).toBeNull()
    }
    // A client_id naming this app does not stand in for the audience.
    expect(await who(routes, await sign({ aud: 'https://api.example' }))).toBeNull()
  })

  it('bearer.audience replaces the default: the API audience passes, listed ids too', async () => {
    const api = routesFor(idp, { bearer: { audience: 'https://api.example' } })
    expect(await who(api, await sign({ aud: 'https://api.example' }))).toBe('usr_123')
    expect(await who(api, await sign({ aud: 'https://other.example' }))).toBeNull()
    expect(await who(api, await sign({ aud: idp.clientId }))).toBeNull()
    const both = routesFor(idp, { bearer: { audience: [idp.clientId, 'https://api.example'] } })
    expect(await who(both, await sign({ aud: idp.clientId }))).toBe('usr_123')
    expect(await who(both, await sign({ aud: 'https://api.example' }))).toBe('usr_123')
  })

  it('bearer.allowedClients admits the listed clients by client_id, else azp; no one else', async () => {
    const routes = routesFor(idp, { bearer: { allowedClients: ['skc_partner'] } })
    const partner = await sign({ aud: 'skc_partner', client_id: 'skc_partner' })
    expect(await who(routes, partner)).toBe('usr_123')
    const { client_id: _drop, ...noClientId } = idp.accessClaims({ aud: 'skc_partner' })
    expect(await who(routes, await idp.sign({ ...noClientId, azp: 'skc_partner' }, at))).toBe(
      'usr_123',
    )
    // client_id is the issued-to client; an azp cannot launder another client's token.
    const laundered = await sign({ aud: 'skc_evil', client_id: 'skc_evil', azp: 'skc_partner' })
    expect(await who(routes, laundered)).toBeNull()
    expect(await who(routes, await sign({ aud: 'skc_evil', client_id: 'skc_evil' }))).toBeNull()
    // The default audience still applies next to the allow-list.
    expect(await who(routes, await sign({ aud: idp.clientId }))).toBe('usr_123')
  })

  it('bad audience settings, or no client id to default to, stop start-up naming the setting', () => {
    const base = { kit: kitFor(idp), baseUrl: BASE, session: { secret: SECRET } }
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ allowedClients: [] }, /bearer\.allowedClients/],
      [{ allowedClients: 'skc_partner' }, /bearer\.allowedClients/],
      [{ allowedClients: [''] }, /bearer\.allowedClients/],
      [{ audience: [] }, /bearer\.audience/],
    ]
    for (const [bearer, message] of cases) {
      let caught: unknown
      try {
        createKitRoutes({ ...base, bearer: bearer as never })
      } catch (err) {
        caught = err
      }
      expect(caught, JSON.stringify(bearer)).toBeInstanceOf(KitError)
      expect((caught as KitError).code).toBe('ERR_KIT_CONFIG')
      expect((caught as KitError).message).toMatch(message)
    }
    // A wrapper around KitClient without clientId must say which audience it serves.
    const kit = kitFor(idp)
    const wrapper = {
      getAuthorizationUrl: kit.getAuthorizationUrl.bind(kit),
      authenticateWithCode: kit.authenticateWithCode.bind(kit),
      refreshAccessToken: kit.refreshAccessToken.bind(kit),
      validateToken: kit.validateToken.bind(kit),
      getIdpInitiatedLoginClaims: kit.getIdpInitiatedLoginClaims.bind(kit),
      getLogoutUrl: kit.getLogoutUrl.bind(kit),
    }
    expect(() => createKitRoutes({ ...base, kit: wrapper })).toThrow(/bearer\.audience/)
    expect(() =>
      createKitRoutes({ ...base, kit: wrapper, bearer: { audience: 'https://api.example' } }),
    ).not.toThrow()
  })
})
