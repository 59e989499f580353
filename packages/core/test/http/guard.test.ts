// guard(): browser vs API decisions, 401/302/403 shapes, missing names listed.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import { assertRequirement, createKitRoutes, type KitRequestLike } from '../../src/http/index.js'
import { toAuth } from '../../src/tokens/claims-to-auth.js'
import { asResponse } from '../support/as-response.js'

const routes = createKitRoutes({
  kit: new KitClient({ environmentUrl: 'http://127.0.0.1:1', clientId: 'c', clientSecret: 's' }),
  baseUrl: 'https://app.example.com',
  session: { secret: 'guard-test-secret-0123456789-abcdefghijk' },
  apiPrefixes: ['/api/'],
})

function req(url: string, headers: Record<string, string> = {}, method = 'GET'): KitRequestLike {
  return { method, url, headers: new Headers(headers) }
}

const alice = toAuth(
  {
    sub: 'usr_alice',
    exp: Math.floor(Date.now() / 1000) + 300,
    oid: 'org_acme',
    roles: ['admin'],
    permissions: ['projects:read', 'projects:write'],
  },
  { accessToken: 'at' },
)
const noOrg = toAuth({ sub: 'usr_x', exp: 1e10, roles: [], permissions: [] }, { accessToken: 'at' })

describe('guard: unauthenticated', () => {
  it('browser navigation -> 302 to login with the current path+query as returnTo', () => {
    const res = asResponse(
      routes.guard(req('/admin/users?page=2', { accept: 'text/html,*/*' }), null, {
        kind: 'auth',
      }),
    )
    expect(res!.status).toBe(302)
    expect(res!.headers.get('location')).toBe(
      `https://app.example.com/auth/login?returnTo=${encodeURIComponent('/admin/users?page=2')}`,
    )
  })

  it('a navigation (Sec-Fetch-Mode: navigate), even a form POST, is redirected to login', () => {
    const res = asResponse(
      routes.guard(
        req('/settings', { accept: 'text/html', 'sec-fetch-mode': 'navigate' }, 'POST'),
        null,
        { kind: 'auth' },
      ),
    )
    expect(res!.status).toBe(302)
  })

  it('an absolute request URL with a forged host still redirects to the app origin', () => {
    const res = asResponse(routes.guard(req('https://evil.example/admin'), null, { kind: 'auth' }))
    expect(res!.headers.get('location')).toBe(
      `https://app.example.com/auth/login?returnTo=${encodeURIComponent('/admin')}`,
    )
  })

  it('a protocol-relative looking path does not become an open redirect', () => {
    const res = asResponse(routes.guard(req('//evil.example/x'), null, { kind: 'auth' }))
    expect(res!.headers.get('location')).toBe('https://app.example.com/auth/login?returnTo=%2F')
  })

  it.each([
    ['https://app.example.com/a/../admin?x=1', '/admin?x=1'],
    ['https://app.example.com/%2e%2e/admin', '/admin'],
    ['https://app.example.com//evil.example/x', '/'],
    ['https://app.example.com/a\\b', '/a/b'],
    ['https://app.example.com/r?next=%2F%2Fevil.example', '/r?next=%2F%2Fevil.example'],
    ['https://app.example.com/projects/42?tab=members', '/projects/42?tab=members'],
  ])('the returnTo of %s is the parsed, same-origin target %s', (url, returnTo) => {
    const res = asResponse(routes.guard(req(url, { accept: 'text/html' }), null, { kind: 'auth' }))
    expect(res!.headers.get('location')).toBe(
      `https://app.example.com/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
    )
  })

  it.each([
    ['Accept: application/json', req('/admin', { accept: 'application/json' })],
    ['an API prefix', req('/api/projects', { accept: 'text/html' })],
    ['a bearer header', req('/admin', { authorization: 'Bearer x' })],
    ['a POST without fetch metadata', req('/admin', { accept: 'text/html' }, 'POST')],
    [
      'a fetch() call (Sec-Fetch-Mode: cors)',
      req('/admin', { accept: '*/*', 'sec-fetch-mode': 'cors' }),
    ],
  ])('API request (%s) -> 401 JSON', async (_name, request) => {
    const res = asResponse(routes.guard(request, null, { kind: 'permission', names: ['x'] }))
    expect(res!.status).toBe(401)
    expect(res!.headers.get('content-type')).toMatch(/application\/json/)
    const body = await res!.json()
    expect(body.error.code).toMatch(/unauthenticated|invalid_token/)
    expect(typeof body.error.message).toBe('string')
  })

  it('the 401s are shared and frozen: one request cannot change what the next is sent', () => {
    const api = () => req('/admin', { accept: 'application/json' })
    const first = routes.guard(api(), null, { kind: 'auth' })!
    expect(routes.guard(api(), null, { kind: 'auth' })).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.headers)).toBe(true)
    expect(first.headers.every((header) => Object.isFrozen(header))).toBe(true)
    expect(() => ((first as { status: number }).status = 200)).toThrow(TypeError)
    const refused = routes.guard(req('/admin', { authorization: 'Bearer x' }), null, {
      kind: 'auth',
    })!
    expect(refused).not.toBe(first)
    expect(JSON.parse(refused.body!).error.code).toBe('invalid_token')
    expect(Object.isFrozen(refused.headers)).toBe(true)
  })

  it("an API client's headers decide without the URL; a page's denial still reads it", () => {
    let urlReads = 0
    const counted = (headers: Record<string, string>, path: string): KitRequestLike => ({
      method: 'GET',
      get url() {
        urlReads++
        return path
      },
      headers: new Headers(headers),
    })
    const json = { accept: 'application/json' }
    expect(routes.guard(counted(json, '/admin'), null, { kind: 'auth' })!.status).toBe(401)
    expect(
      routes.guard(counted({ authorization: 'Bearer x' }, '/a'), null, { kind: 'auth' })!.status,
    ).toBe(401)
    const role = { kind: 'role', names: ['owner'] } as const
    expect(routes.guard(counted(json, '/admin'), alice, role)!.status).toBe(403)
    expect(urlReads).toBe(0)
    // Neither header: the API prefix decides, so the URL is read (and the answer is the same).
    expect(routes.guard(counted({}, '/api/projects'), null, { kind: 'auth' })!.status).toBe(401)
    const page = routes.guard(counted({ accept: 'text/html' }, '/admin?tab=2'), null, {
      kind: 'auth',
    })
    expect(page!.status).toBe(302)
    expect(urlReads).toBe(2)
  })
})

describe('guard: authenticated', () => {
  it('lets a satisfied requirement through', () => {
    expect(asResponse(routes.guard(req('/x'), alice, { kind: 'auth' }))).toBeNull()
    expect(
      asResponse(
        routes.guard(req('/x'), alice, {
          kind: 'permission',
          names: ['projects:read', 'projects:write'],
        }),
      ),
    ).toBeNull()
    expect(
      asResponse(routes.guard(req('/x'), alice, { kind: 'role', names: ['member', 'admin'] })),
    ).toBeNull()
    expect(asResponse(routes.guard(req('/x'), alice, { kind: 'organization' }))).toBeNull()
    expect(
      asResponse(routes.guard(req('/x'), alice, { kind: 'organization', id: 'org_acme' })),
    ).toBeNull()
  })

  it('missing permission -> 403 JSON naming the missing ones', async () => {
    const res = asResponse(
      routes.guard(req('/api/x'), alice, {
        kind: 'permission',
        names: ['projects:read', 'org:manage', 'billing:read'],
      }),
    )
    expect(res!.status).toBe(403)
    expect(await res!.json()).toEqual({
      error: {
        code: 'insufficient_permission',
        message: 'Missing permissions: org:manage, billing:read',
        missing: ['org:manage', 'billing:read'],
      },
    })
  })

  it('missing role -> 403 naming the roles', async () => {
    const res = asResponse(routes.guard(req('/api/x'), alice, { kind: 'role', names: ['owner'] }))
    expect(res!.status).toBe(403)
    const body = await res!.json()
    expect(body.error.code).toBe('insufficient_role')
    expect(body.error.missing).toEqual(['owner'])
  })

  it('organization required / other organization -> 403', async () => {
    const none = asResponse(routes.guard(req('/api/x'), noOrg, { kind: 'organization' }))
    expect(none!.status).toBe(403)
    expect((await none!.json()).error.code).toBe('organization_required')
    const other = asResponse(
      routes.guard(req('/api/x'), alice, { kind: 'organization', id: 'org_globex' }),
    )
    expect(other!.status).toBe(403)
    expect((await other!.json()).error.code).toBe('organization_mismatch')
  })

  it('browsers get a small escaped HTML 403 page', async () => {
    const res = asResponse(
      routes.guard(req('/admin', { accept: 'text/html' }), alice, {
        kind: 'permission',
        names: ['<b>x</b>'],
      }),
    )
    expect(res!.status).toBe(403)
    expect(res!.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res!.text()
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html).not.toContain('<b>x</b>')
  })
})

describe('assertRequirement', () => {
  it('rejects empty or unknown requirements at declaration time', () => {
    for (const bad of [
      { kind: 'permission', names: [] },
      { kind: 'role', names: [''] },
      { kind: 'organization', id: '' },
      { kind: 'superuser' },
      null,
    ]) {
      expect(() => assertRequirement(bad as never)).toThrow(KitError)
    }
    expect(() => assertRequirement({ kind: 'permission', names: ['a'] })).not.toThrow()
  })
})
