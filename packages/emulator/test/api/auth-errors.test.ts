import { describe, expect, it } from 'vitest'
import { API_ROUTES } from '../../src/api/routes.js'
import type { Wire } from '../support/json-http.js'
import { clientCredentialsToken, environmentToken, useHarness } from '../support/management.js'

const h = useHarness()

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Wire }> {
  const res = await fetch(`${h.url}${path}`, init)
  return { status: res.status, body: await res.json() }
}

describe('authentication', () => {
  it('401 without a token, in the API error shape', async () => {
    const r = await raw('/api/v1/organizations')
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ code: 'UNAUTHENTICATED', details: [] })
    expect(r.body.message).toMatch(/Authorization/)
  })

  it('401 with a garbage, malformed or forged token', async () => {
    for (const value of [
      'Bearer not-a-jwt',
      'Basic abc',
      'Bearer a.b.c',
      'Bearer ',
      `Bearer ${h.token}x`,
    ]) {
      const r = await raw('/api/v1/organizations', { headers: { authorization: value } })
      expect(r.status, value).toBe(401)
      expect(r.body.code).toBe('UNAUTHENTICATED')
    }
  })

  it('401 for an expired token (emulator clock moved past its expiry)', async () => {
    const token = await environmentToken(h.emu)
    h.emu.setClockOffset(7 * 24 * 3600)
    try {
      const r = await raw('/api/v1/organizations', {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(r.status).toBe(401)
    } finally {
      h.emu.setClockOffset(0)
    }
  })

  it('401 when the Authorization header is duplicated', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(`${h.url}/api/v1/organizations`, {
          // raw header list (Node sends no Host of its own in this form)
          headers: [
            'host',
            new URL(h.url).host,
            'authorization',
            `Bearer ${h.token}`,
            'authorization',
            `Bearer ${h.token}`,
          ] as unknown as Record<string, string>,
        })
        req.on('response', (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
    })
    expect(r).toBe(401)
  })

  it('accepts the environment client token', async () => {
    const r = await h.call('GET', '/api/v1/organizations')
    expect(r.status).toBe(200)
    expect(r.body.organizations.map((o: Wire) => o.id)).toContain('org_acme')
  })

  it('403 for a token of an organization M2M client', async () => {
    const created = await h.call('POST', '/api/v1/organizations/org_acme/clients', {
      name: 'Robot',
    })
    expect(created.status).toBe(200)
    const token = await clientCredentialsToken(
      h.url,
      created.body.client.client_id,
      created.body.plain_secret,
    )
    const r = await raw('/api/v1/organizations', { headers: { authorization: `Bearer ${token}` } })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe('PERMISSION_DENIED')
  })
})

describe('every route', () => {
  it('refuses a call without a token with 401 before touching anything', async () => {
    expect(API_ROUTES.length).toBeGreaterThanOrEqual(88)
    for (const route of API_ROUTES) {
      const path = route.pattern.replace(/\{[a-z_]+\}/g, 'x1')
      const res = await fetch(`${h.url}${path}`, {
        method: route.method,
        ...(route.method === 'GET'
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      })
      expect(res.status, `${route.method} ${route.pattern}`).toBe(401)
      expect(res.headers.get('x-request-id')).toMatch(/^req_/)
    }
  })

  it('answers with a request id', async () => {
    const a = await fetch(`${h.url}/api/v1/roles`, {
      headers: { authorization: `Bearer ${h.token}` },
    })
    const b = await fetch(`${h.url}/api/v1/roles/nope`, {
      headers: { authorization: `Bearer ${h.token}` },
    })
    expect(a.headers.get('x-request-id')).toMatch(/^req_/)
    expect(b.status).toBe(404)
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'))
  })
})

describe('input errors', () => {
  it('400 on invalid JSON and on a non-object body', async () => {
    const bad = await h.call('POST', '/api/v1/organizations', '{"display_name":')
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('INVALID_ARGUMENT')
    const arr = await h.call('POST', '/api/v1/organizations', '[1,2]')
    expect(arr.status).toBe(400)
  })

  it('400 naming the field on wrong types and failed validation', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/v1/organizations', { display_name: 42 }, /^display_name: must be a string/],
      ['POST', '/api/v1/organizations', {}, /^display_name: is required/],
      [
        'POST',
        '/api/v1/organizations',
        { display_name: 'X', metadata: { a: 1 } },
        /^metadata\.a: must be a string/,
      ],
      [
        'POST',
        '/api/v1/organizations',
        { display_name: 'X', region_code: 'MARS' },
        /^region_code: must be one of/,
      ],
      [
        'POST',
        '/api/v1/organizations/org_acme/users',
        { email: 'nope' },
        /^email: must be an email/,
      ],
      [
        'POST',
        '/api/v1/organizations/org_acme/users',
        { email: 'x@acme.test', membership: { roles: [{ name: 'ghost' }] } },
        /^membership\.roles\[0\]\.name: role 'ghost' does not exist/,
      ],
      [
        'POST',
        '/api/v1/roles',
        { name: 'r1', permissions: ['nope:nope'] },
        /^permissions\[0\]: permission/,
      ],
      ['POST', '/api/v1/organizations/org_acme/domains', { domain: 'not a domain' }, /^domain: /],
      [
        'POST',
        '/api/v1/organizations/org_acme/clients',
        { name: 'c', expiry: 'soon' },
        /^expiry: must be an integer/,
      ],
      [
        'POST',
        '/api/v1/passwordless/email/send',
        { email: 'a@b.co', expires_in: true },
        /^expires_in: must be an integer/,
      ],
    ]
    for (const [method, path, body, message] of cases) {
      const r = await h.call(method, path, body)
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400)
      expect(r.body.code).toBe('INVALID_ARGUMENT')
      expect(r.body.message).toMatch(message)
    }
  })

  it('400 on bad query parameters', async () => {
    expect((await h.call('GET', '/api/v1/users?page_size=abc')).body.message).toMatch(/^page_size/)
    expect((await h.call('GET', '/api/v1/users?page_token=garbage')).body.message).toMatch(
      /^page_token/,
    )
    expect(
      (await h.call('GET', '/api/v1/organizations/org_acme/domains?domain_type=WEIRD')).status,
    ).toBe(400)
    expect(
      (await h.call('GET', '/api/v1/users/usr_alice/sessions?filter.start_time=yesterday')).status,
    ).toBe(400)
  })

  it('404 for unknown ids, with the resource named', async () => {
    const paths = [
      '/api/v1/organizations/org_missing',
      '/api/v1/organizations:external/missing',
      '/api/v1/users/usr_missing',
      '/api/v1/users:external/missing',
      '/api/v1/roles/missing',
      '/api/v1/permissions/missing',
      '/api/v1/organizations/org_acme/connections/conn_missing',
      '/api/v1/organizations/org_acme/domains/dom_missing',
      '/api/v1/organizations/org_acme/directories/dir_missing',
      '/api/v1/organizations/org_acme/clients/m2morg_missing',
      '/api/v1/connections/conn_missing',
      '/api/v1/sessions/ses_missing',
      '/api/v1/organizations/org_missing/roles',
    ]
    for (const path of paths) {
      const r = await h.call('GET', path)
      expect(r.status, path).toBe(404)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    expect((await h.call('DELETE', '/api/v1/organizations/org_missing')).status).toBe(404)
    expect((await h.call('PATCH', '/api/v1/users/usr_missing', { metadata: {} })).status).toBe(404)
  })

  it('404 for an unknown route and 405 for a wrong method', async () => {
    expect((await h.call('GET', '/api/v1/nothing-here')).status).toBe(404)
    const r = await h.call('PUT', '/api/v1/organizations')
    expect(r.status).toBe(405)
  })

  it('409 on conflicts', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/organizations', { display_name: 'Dup', external_id: 'acme' }],
      ['POST', '/api/v1/organizations/org_globex/domains', { domain: 'acme.test' }],
      ['POST', '/api/v1/roles', { name: 'admin', display_name: 'Admin again' }],
      ['POST', '/api/v1/permissions', { name: 'projects:read' }],
      ['POST', '/api/v1/organizations/org_acme/users', { email: 'alice@acme.test' }],
      ['POST', '/api/v1/memberships/organizations/org_acme/users/usr_bob', {}],
    ]
    for (const [method, path, body] of cases) {
      const r = await h.call(method, path, body)
      expect(r.status, path).toBe(409)
      expect(r.body.code).toBe('ALREADY_EXISTS')
    }
  })
})
