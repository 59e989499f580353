// What every adapter used to restate and now takes from core's contract: the app origin,
// the body limit of each endpoint, the headers a changed session needs on the response,
// the guard factories (validated when declared) and the body-error JSON.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import {
  bodyErrorResponse,
  bodyTooLarge,
  createKitRoutes,
  defineGuards,
  type KitRoutesConfig,
  type Requirement,
} from '../../src/http/index.js'

const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:1',
  clientId: 'c',
  clientSecret: 's',
})
const base: KitRoutesConfig = {
  kit,
  baseUrl: 'https://app.example.com',
  session: { secret: 'adapter-contract-secret-0123456789-abcdef' },
}
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const view = (cookie?: string) => ({
  method: 'GET',
  url: '/dashboard',
  headers: new Headers(cookie ? { cookie } : {}),
})

describe('adapter contract', () => {
  it('routes.origin is the origin of baseUrl', () => {
    expect(createKitRoutes(base).origin).toBe('https://app.example.com')
    const local = createKitRoutes({ ...base, baseUrl: 'http://localhost:3000/' })
    expect(local.origin).toBe('http://localhost:3000')
  })

  it('each endpoint carries its body limit: webhookMaxBytes for webhooks, a form for the rest', () => {
    const routes = createKitRoutes({
      ...base,
      webhookSecret: WEBHOOK_SECRET,
      webhookMaxBytes: 4096,
      allowGetLogout: true,
    })
    const limits = Object.fromEntries(
      routes.endpoints.map((e) => [`${e.method} ${e.path}`, e.maxBodyBytes]),
    )
    expect(limits).toEqual({
      'GET /auth/login': 16 * 1024,
      'GET /auth/callback': 16 * 1024,
      'POST /auth/logout': 16 * 1024,
      'GET /auth/logout': 16 * 1024,
      'POST /webhooks': 4096,
      'POST /auth/backchannel-logout': 8 * 1024,
      'GET /auth/switch-organization': 16 * 1024,
      'POST /auth/switch-organization': 16 * 1024,
    })
    const defaults = createKitRoutes({ ...base, webhookSecret: WEBHOOK_SECRET })
    expect(defaults.endpoints.find((e) => e.action === 'webhooks')!.maxBodyBytes).toBe(1024 * 1024)
  })

  it('a changed session comes with Set-Cookie lines and Cache-Control: no-store to copy', async () => {
    const routes = createKitRoutes(base)
    const cleared = await routes.authenticate(view('__Host-kit_session=garbage'))
    expect(cleared.auth).toBeNull()
    expect(cleared.setCookies.length).toBeGreaterThan(0)
    expect(cleared.responseHeaders).toEqual([
      ...cleared.setCookies.map((c) => ['set-cookie', c]),
      ['cache-control', 'no-store'],
    ])
  })

  it('an unchanged session asks for no headers (sync and async paths alike)', async () => {
    const routes = createKitRoutes(base)
    expect((await routes.authenticate(view())).responseHeaders).toEqual([])
    expect(routes.peekAuthentication(view())?.responseHeaders).toEqual([])
  })

  it('defineGuards builds each requirement and refuses a malformed one when declared', () => {
    const built: Array<[string, Requirement]> = []
    const guards = defineGuards((label, requirement) => {
      built.push([label, requirement])
      return label
    })
    expect(guards.requireAuth()).toBe('requireAuth()')
    guards.requirePermission('org:manage', 'org:read')
    guards.requireRole('admin')
    guards.requireOrganization()
    guards.requireOrganization('org_1')
    expect(built).toEqual([
      ['requireAuth()', { kind: 'auth' }],
      ['requirePermission()', { kind: 'permission', names: ['org:manage', 'org:read'] }],
      ['requireRole()', { kind: 'role', names: ['admin'] }],
      ['requireOrganization()', { kind: 'organization' }],
      ['requireOrganization()', { kind: 'organization', id: 'org_1' }],
    ])
    for (const declare of [
      () => guards.requirePermission(),
      () => guards.requireRole(''),
      () => guards.requireOrganization(''),
    ]) {
      expect(declare).toThrow(KitError)
    }
    expect(built).toHaveLength(5)
  })

  it('a declared requirement is checked once and frozen; one never checked is checked on use', () => {
    // guardRequest skips the per-request check only for requirements defineGuards
    // checked, and those can no longer change: a guard cannot be widened after the fact.
    const routes = createKitRoutes(base)
    let declared: Requirement | undefined
    defineGuards((_label, requirement) => {
      declared = requirement
      return null
    }).requirePermission('org:manage')
    expect(Object.isFrozen(declared)).toBe(true)
    const names = (declared as unknown as { names: string[] }).names
    expect(Object.isFrozen(names)).toBe(true)
    expect(() => names.push('x')).toThrow(TypeError)
    expect(() => {
      ;(declared as { kind: string }).kind = 'auth'
    }).toThrow(TypeError)
    // Built by hand (never declared): still refused on every request.
    const unchecked = { kind: 'permission', names: [] } as unknown as Requirement
    expect(() => routes.guard(view(), null, unchecked)).toThrow(KitError)
  })

  it('body errors answer in the stable JSON shape with no-store; other errors are not theirs', async () => {
    const cases: Array<[KitError, number]> = [
      [bodyTooLarge(10), 413],
      [new KitError('ERR_KIT_BODY_INCOMPLETE', 'cut short'), 400],
      [new KitError('ERR_KIT_BODY_CONSUMED', 'parser first'), 503],
    ]
    for (const [error, status] of cases) {
      const res = bodyErrorResponse(error)!
      expect(res.status).toBe(status)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.json()).toEqual({ error: { code: error.code, message: error.message } })
    }
    expect(bodyTooLarge(10).message).toBe('Request body exceeds the limit of 10 bytes')
    expect(bodyErrorResponse(new KitError('ERR_KIT_CONFIG', 'x'))).toBeNull()
    expect(bodyErrorResponse(new Error('x'))).toBeNull()
  })
})
