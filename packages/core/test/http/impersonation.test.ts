// Impersonation made visible: `act` claim -> auth.actor, and guards that refuse actors
// on sensitive routes ({ allowImpersonation: false }).
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import {
  assertRequirement,
  createKitRoutes,
  defineGuards,
  type KitRequestLike,
  type Requirement,
  requirementDenial,
} from '../../src/http/index.js'
import { createTestSession } from '../../src/testing/index.js'
import { actorFromClaims, toAuth } from '../../src/tokens/claims-to-auth.js'
import { asResponse } from '../support/as-response.js'

const SECRET = 'impersonation-test-secret-0123456789-abcdef'
const routes = createKitRoutes({
  kit: new KitClient({ environmentUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' }),
  baseUrl: 'https://app.example.com',
  session: { secret: SECRET },
  apiPrefixes: ['/api/'],
})

const api = (cookie = ''): KitRequestLike => ({
  method: 'POST',
  url: '/api/billing/cancel',
  headers: new Headers({ cookie, accept: 'application/json' }),
})
const page = (cookie = ''): KitRequestLike => ({
  method: 'GET',
  url: '/billing',
  headers: new Headers({ cookie, accept: 'text/html' }),
})

const claims = { sub: 'usr_bob', exp: 2e9, roles: ['admin'], permissions: ['org:manage'] }
const impersonated = toAuth(
  { ...claims, act: { sub: 'usr_alice', email: 'alice@acme.test' } },
  { accessToken: 'at' },
)
const own = toAuth(claims, { accessToken: 'at' })
const sensitive: Requirement = {
  kind: 'permission',
  names: ['org:manage'],
  allowImpersonation: false,
}

describe('auth.actor from the act claim', () => {
  it('names the acting user and is frozen', () => {
    expect(impersonated.actor).toEqual({ id: 'usr_alice', email: 'alice@acme.test' })
    expect(Object.isFrozen(impersonated.actor)).toBe(true)
    expect(own.actor).toBeUndefined()
  })

  it('takes the outermost actor of a delegation chain', () => {
    expect(actorFromClaims({ act: { sub: 'usr_now', act: { sub: 'usr_before' } } })).toEqual({
      id: 'usr_now',
    })
  })

  it('a malformed act still names an actor, so no guard opens on it', () => {
    for (const act of ['usr_x', 42, true, [], {}, { sub: '' }, { sub: 7 }]) {
      expect(actorFromClaims({ act })).toEqual({ id: 'unknown' })
    }
    expect(actorFromClaims({ act: null })).toBeUndefined()
  })
})

describe('guards with allowImpersonation: false', () => {
  it('API request by an actor -> 403 impersonation_not_allowed', async () => {
    const res = asResponse(routes.guard(api(), impersonated, sensitive))
    expect(res?.status).toBe(403)
    const body = await res!.json()
    expect(body.error.code).toBe('impersonation_not_allowed')
    expect(body.error.message).toMatch(/alice@acme\.test is acting as this user/)
  })

  it('page navigation by an actor -> the 403 page', async () => {
    const res = asResponse(
      routes.guard(page(), impersonated, { kind: 'auth', allowImpersonation: false }),
    )
    expect(res?.status).toBe(403)
    expect(res?.headers.get('content-type')).toMatch(/text\/html/)
    expect(await res!.text()).toMatch(/acting as this user/)
  })

  it('the user themself passes; actors pass where the option is not set', () => {
    expect(asResponse(routes.guard(api(), own, sensitive))).toBeNull()
    expect(
      asResponse(routes.guard(api(), impersonated, { kind: 'permission', names: ['org:manage'] })),
    ).toBeNull()
    expect(
      asResponse(routes.guard(api(), impersonated, { kind: 'auth', allowImpersonation: true })),
    ).toBeNull()
  })

  it('requirementDenial (Next server helpers) decides the same', () => {
    expect(requirementDenial(impersonated, sensitive)?.code).toBe('impersonation_not_allowed')
    expect(requirementDenial(own, sensitive)).toBeNull()
  })

  it('end to end: an impersonated test session is refused, the own session passes', async () => {
    const base = {
      secret: SECRET,
      baseUrl: 'https://app.example.com',
      user: { id: 'usr_bob' },
      permissions: ['org:manage'],
    }
    const asActor = await createTestSession({ ...base, actor: { id: 'usr_alice' } })
    const asUser = await createTestSession(base)
    const actorAuth = (await routes.authenticate(api(asActor))).auth
    expect(actorAuth?.actor).toEqual({ id: 'usr_alice' })
    expect(asResponse(routes.guard(api(asActor), actorAuth, sensitive))?.status).toBe(403)
    const userAuth = (await routes.authenticate(api(asUser))).auth
    expect(asResponse(routes.guard(api(asUser), userAuth, sensitive))).toBeNull()
  })

  it('a non-boolean option is a start-up error, never an open route', () => {
    expect(() =>
      assertRequirement({ kind: 'auth', allowImpersonation: 'false' as unknown as boolean }),
    ).toThrow(/allowImpersonation must be true or false/)
  })
})

describe('defineGuards takes the options last', () => {
  const built: Requirement[] = []
  const guards = defineGuards((_label, requirement) => {
    built.push(requirement)
    return requirement
  })

  it('passes allowImpersonation into each requirement', () => {
    expect(guards.requireAuth({ allowImpersonation: false })).toEqual({
      kind: 'auth',
      allowImpersonation: false,
    })
    expect(guards.requirePermission('a', 'b', { allowImpersonation: false })).toEqual({
      kind: 'permission',
      names: ['a', 'b'],
      allowImpersonation: false,
    })
    expect(guards.requireRole('admin', { allowImpersonation: false })).toEqual({
      kind: 'role',
      names: ['admin'],
      allowImpersonation: false,
    })
    expect(guards.requireOrganization(undefined, { allowImpersonation: false })).toEqual({
      kind: 'organization',
      allowImpersonation: false,
    })
  })

  it('refuses unknown option names and options without names', () => {
    expect(() =>
      guards.requireAuth({ allowImpersonaton: false } as unknown as {
        allowImpersonation: boolean
      }),
    ).toThrow(/unknown guard option "allowImpersonaton"/)
    expect(() => guards.requirePermission({ allowImpersonation: false })).toThrow(KitError)
  })
})
