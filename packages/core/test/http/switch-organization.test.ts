// /auth/switch-organization against the hostile test IdP: what the route refuses before
// anything reaches the identity provider (another site, malformed ids), and what the
// callback refuses when the provider answers a switch for another organization or user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { KitRoutes } from '../../src/http/index.js'
import { switchOrganizationUrl } from '../../src/http/switch-organization-url.js'
import { HostileIdp } from '../support/hostile-idp.js'
import {
  BASE,
  callback,
  Jar,
  planTokens,
  request,
  routesFor,
  SAME_ORIGIN,
  SECRET,
  signIn,
  warnings,
} from './support/harness.js'

let idp: HostileIdp
let routes: KitRoutes

beforeAll(async () => {
  idp = await HostileIdp.start()
  routes = routesFor(idp)
})
afterAll(() => idp.close())
beforeEach(() => {
  warnings.length = 0
})

const ORGS = [{ id: 'org_acme', name: 'Acme' }, { id: 'org_globex' }]

/** A jar signed in as usr_123 in org_acme, whose ID token lists org_acme and org_globex. */
async function signedIn(): Promise<Jar> {
  const jar = new Jar()
  await signIn(routes, idp, jar, { idClaims: { organizations: ORGS } })
  return jar
}

async function authOf(jar: Jar) {
  return (await routes.authenticate(request('/', jar))).auth
}

async function switchTo(
  jar: Jar,
  query: string,
  headers: Record<string, string> = SAME_ORIGIN,
): Promise<Response> {
  const res = (await routes.handle(request(`/auth/switch-organization${query}`, jar, { headers })))!
  jar.apply(res)
  return res
}

describe('Auth.organizations', () => {
  it('comes from the ID token organizations claim, frozen', async () => {
    const auth = await authOf(await signedIn())
    expect(auth?.organizations).toEqual([{ id: 'org_acme', name: 'Acme' }, { id: 'org_globex' }])
    expect(Object.isFrozen(auth?.organizations)).toBe(true)
  })

  it('survives a session that does not keep the ID token (storeIdToken: false)', async () => {
    const lean = routesFor(idp, { session: { secret: SECRET, storeIdToken: false } })
    const jar = new Jar()
    await signIn(lean, idp, jar, { idClaims: { organizations: ORGS } })
    const { auth } = await lean.authenticate(request('/', jar))
    expect(auth?.idToken).toBeUndefined()
    expect(auth?.organizations).toEqual(ORGS)
  })

  it('is undefined when the tokens do not say', async () => {
    const jar = new Jar()
    await signIn(routes, idp, jar)
    expect((await authOf(jar))?.organizations).toBeUndefined()
  })
})

describe("switchOrganizationUrl (the adapters' helpers)", () => {
  it('uses the configured path and keeps only a same-origin returnTo', () => {
    const custom = routesFor(idp, { paths: { switchOrganization: '/teams/switch' } })
    expect(switchOrganizationUrl(custom, 'org_globex', '/projects?tab=2')).toBe(
      '/teams/switch?organizationId=org_globex&returnTo=%2Fprojects%3Ftab%3D2',
    )
    expect(switchOrganizationUrl(routes, 'org_globex', 'https://evil.test/x')).toBe(
      '/auth/switch-organization?organizationId=org_globex&returnTo=%2F',
    )
    expect(switchOrganizationUrl(routes, 'a&b=c')).toBe(
      '/auth/switch-organization?organizationId=a%26b%3Dc',
    )
  })

  it('the configured path is the one served', async () => {
    const custom = routesFor(idp, { paths: { switchOrganization: '/teams/switch' } })
    const jar = new Jar()
    await signIn(custom, idp, jar, { idClaims: { organizations: ORGS } })
    const res = (await custom.handle(
      request(switchOrganizationUrl(custom, 'org_globex'), jar, { headers: SAME_ORIGIN }),
    ))!
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location')!).searchParams.get('prompt')).toBe('none')
  })
})

describe('the switch route refuses before contacting the IdP', () => {
  it('a cross-site request: 403, no transaction, session untouched', async () => {
    const jar = await signedIn()
    const forged: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      {},
      { origin: 'https://evil.test' },
    ]
    for (const headers of forged) {
      const res = await switchTo(jar, '?organizationId=org_globex', headers)
      expect(res.status).toBe(403)
      expect(res.headers.get('location')).toBeNull()
      expect(res.headers.getSetCookie()).toEqual([])
      expect(await res.text()).toContain('another site')
    }
    expect((await authOf(jar))?.organizationId).toBe('org_acme')
  })

  it('a cross-site form POST is refused the same way', async () => {
    const jar = await signedIn()
    const res = (await routes.handle(
      request('/auth/switch-organization', jar, {
        method: 'POST',
        headers: {
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'organizationId=org_globex',
      }),
    ))!
    expect(res.status).toBe(403)
  })

  it.each([
    ['missing', ''],
    ['empty', '?organizationId='],
    ['markup', '?organizationId=%3Cscript%3E'],
    ['spaces', '?organizationId=org%20x'],
    ['repeated', '?organizationId=org_a&organizationId=org_b'],
    ['too long', `?organizationId=org_${'x'.repeat(300)}`],
  ])('organizationId %s: 400 naming the parameter', async (_name, query) => {
    const jar = await signedIn()
    const res = await switchTo(jar, query, { ...SAME_ORIGIN, accept: 'application/json' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toContain('organizationId')
  })

  it('an oversized form body is 413, read no further', async () => {
    const jar = await signedIn()
    const res = (await routes.handle(
      request('/auth/switch-organization', jar, {
        method: 'POST',
        headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: `organizationId=org_globex&pad=${'x'.repeat(20_000)}`,
      }),
    ))!
    expect(res.status).toBe(413)
  })

  it('returnTo off-site or on a kit route lands on /', async () => {
    const jar = await signedIn()
    for (const returnTo of ['https://evil.test/x', '//evil.test', '/auth/logout']) {
      const res = await switchTo(
        jar,
        `?organizationId=org_acme&returnTo=${encodeURIComponent(returnTo)}`,
      )
      expect(res.headers.get('location')).toBe(`${BASE}/`)
    }
  })
})

describe('the callback of a switch trusts only the verified tokens', () => {
  async function startSwitch(jar: Jar) {
    const res = await switchTo(jar, '?organizationId=org_globex&returnTo=%2Fteam')
    expect(res.status).toBe(302)
    const url = new URL(res.headers.get('location')!)
    expect(url.searchParams.get('prompt')).toBe('none')
    return { state: url.searchParams.get('state')!, nonce: url.searchParams.get('nonce')! }
  }

  it('tokens for the requested organization and the same user: switched', async () => {
    const jar = await signedIn()
    const { state, nonce } = await startSwitch(jar)
    await planTokens(idp, nonce, {
      idClaims: { oid: 'org_globex', organizations: ORGS },
      accessClaims: { oid: 'org_globex', roles: ['member'], permissions: ['projects:read'] },
    })
    const res = await callback(routes, jar, `?code=c&state=${state}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${BASE}/team`)
    expect(await authOf(jar)).toMatchObject({ organizationId: 'org_globex', roles: ['member'] })
  })

  it.each([
    ['another organization in both tokens', { oid: 'org_evil' }, { oid: 'org_evil' }, undefined],
    ['no organization at all', { oid: undefined }, { oid: undefined }, undefined],
    [
      'an ID token for the organization, an access token for another',
      { oid: 'org_globex' },
      { oid: 'org_evil' },
      undefined,
    ],
    ['another user', { oid: 'org_globex' }, { oid: 'org_globex' }, 'usr_mallory'],
  ])('refused: %s (403, old session kept)', async (_name, idClaims, accessClaims, sub) => {
    const jar = await signedIn()
    const oldSession = jar.header()
    const { state, nonce } = await startSwitch(jar)
    await planTokens(idp, nonce, { ...(sub ? { sub } : {}), idClaims, accessClaims })
    const res = await callback(routes, jar, `?code=c&state=${state}`, {
      accept: 'application/json',
    })
    expect(res.status).toBe(403)
    const body = (await res.json()) as { error: { code: string } }
    expect(body.error.code).toBe('organization_switch_failed')
    expect(res.headers.getSetCookie().some((c) => /kit_session=[^;]/.test(c))).toBe(false)
    expect(await authOf(jar)).toMatchObject({ user: { id: 'usr_123' }, organizationId: 'org_acme' })
    expect(jar.header()).toContain(
      oldSession.split('; ').find((c) => c.startsWith('kit_session='))!,
    )
    expect(warnings.some((w) => /organization switch from "org_acme" refused/.test(w))).toBe(true)
  })

  it('an unknown organization is not refused up front when the tokens list none', async () => {
    const jar = new Jar()
    await signIn(routes, idp, jar)
    const res = await switchTo(jar, '?organizationId=org_other')
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location')!).searchParams.get('prompt')).toBe('none')
  })

  it('an error for a normal login is the usual error page, never a retry', async () => {
    const jar = new Jar()
    const login = (await routes.handle(
      request('/auth/login?organizationId=org_globex', jar, { headers: SAME_ORIGIN }),
    ))!
    jar.apply(login)
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!
    const res = await callback(routes, jar, `?error=login_required&state=${state}`)
    expect(res.status).toBe(400)
    expect(res.headers.get('location')).toBeNull()
  })
})
