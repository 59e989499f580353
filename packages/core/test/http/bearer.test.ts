// authenticate() with an Authorization header: only a single well-formed bearer token
// validated with the configured `bearer` checks (default typ at+jwt) counts; malformed,
// duplicated, expired, forged or ID tokens give no identity (401 from the guard), never a
// throw, and the session cookie is then ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestKey, HostileIdp } from '../support/hostile-idp.js'
import { Jar, request, routesFor, signIn } from './support/harness.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

const nowSec = () => Math.floor(Date.now() / 1000)
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
    const token = await idp.sign(
      idp.accessClaims({ sub: 'usr_api', permissions: ['projects:read'] }),
      { header: { typ: 'at+jwt' } },
    )
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
    const good = await idp.sign(idp.accessClaims(), at)
    const expired = await idp.sign(
      idp.accessClaims({ exp: nowSec() - 3600, iat: nowSec() - 7200 }),
      at,
    )
    const head = b64url({ alg: 'RS256', kid: 'rs-1', typ: 'at+jwt' })
    const body = b64url({ sub: 'x', exp: nowSec() + 300 })
    const attacker = await createTestKey('rs-1', 'RS256')
    const forged = await idp.sign(idp.accessClaims(), { key: attacker, ...at })
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
      const denied = routes.guard(req, auth, { kind: 'auth' })
      expect(denied!.status).toBe(401)
      expect(denied!.headers.get('www-authenticate')).toContain('invalid_token')
      expect((await denied!.json()).error.code).toBe('invalid_token')
    }
  })

  it('by default only at+jwt tokens count: an ID token or an untyped token is refused', async () => {
    const routes = routesFor(idp)
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const untyped = await idp.sign(idp.accessClaims())
    for (const token of [idToken, untyped]) {
      const req = request('/api/projects', undefined, {
        headers: { authorization: `Bearer ${token}` },
      })
      const { auth } = await routes.authenticate(req)
      expect(auth).toBeNull()
      expect(routes.guard(req, auth, { kind: 'auth' })!.status).toBe(401)
    }
  })

  it('bearer.tokenType and bearer.audience are passed to validateToken', async () => {
    const asBearer = (token: string) =>
      request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } })
    const untyped = await idp.sign(idp.accessClaims())
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const custom = await idp.sign(idp.accessClaims(), { header: { typ: 'application/kit-at+jwt' } })
    const off = routesFor(idp, { bearer: { tokenType: false } })
    expect((await off.authenticate(asBearer(untyped))).auth?.user.id).toBe('usr_123')
    const typed = routesFor(idp, { bearer: { tokenType: 'kit-at+jwt' } })
    expect((await typed.authenticate(asBearer(custom))).auth?.user.id).toBe('usr_123')
    expect((await typed.authenticate(asBearer(untyped))).auth).toBeNull()
    // Audience instead of typ: the access token's aud is the API, the ID token's the client.
    const byAudience = routesFor(idp, {
      bearer: { tokenType: false, audience: 'https://api.example' },
    })
    expect((await byAudience.authenticate(asBearer(untyped))).auth?.user.id).toBe('usr_123')
    expect((await byAudience.authenticate(asBearer(idToken))).auth).toBeNull()
    const otherApi = routesFor(idp, { bearer: { audience: 'https://other.example' } })
    const typedAccess = await idp.sign(idp.accessClaims(), { header: { typ: 'at+jwt' } })
    expect((await otherApi.authenticate(asBearer(typedAccess))).auth).toBeNull()
  })

  it('a repeated bearer token gives equal identities that are independent copies', async () => {
    const routes = routesFor(idp)
    const token = await idp.sign(idp.accessClaims({ sub: 'usr_copy' }), {
      header: { typ: 'at+jwt' },
    })
    const req = () =>
      request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } })
    const first = (await routes.authenticate(req())).auth!
    first.permissions.push('everything')
    first.user.id = 'hacked'
    first.claims['sub'] = 'hacked'
    const second = (await routes.authenticate(req())).auth!
    expect(second.user.id).toBe('usr_copy')
    expect(second.permissions).not.toContain('everything')
    expect(second.claims['sub']).toBe('usr_copy')
    expect(second.accessToken).toBe(token)
  })

  it('a bad bearer token is not rescued by a valid session cookie', async () => {
    const routes = routesFor(idp)
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const req = request('/', jar, { headers: { authorization: 'Bearer nope' } })
    expect((await routes.authenticate(req)).auth).toBeNull()
  })
})
