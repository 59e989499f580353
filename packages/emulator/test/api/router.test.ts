import { describe, expect, it } from 'vitest'
import type { Route } from '../../src/api/call.js'
import { MANAGEMENT_ROUTES } from '../../src/api/management-route-table.js'
import { createRouter } from '../../src/api/router.js'
import { API_HANDLERS, API_ROUTES } from '../../src/api/routes.js'

const match = createRouter(API_ROUTES)

function pattern(method: string, path: string): string | undefined {
  const r = match(method, path)
  return r.kind === 'found' ? r.route.pattern : undefined
}

/** A request path for a pattern, with a plain value in every parameter. */
const sample = (p: string) => p.replace(/\{[a-z_]+\}/g, 'x1')

describe('the router serves the management route table', () => {
  const rows = Object.entries(MANAGEMENT_ROUTES)

  it('has a handler for every row of the table', () => {
    const missing = rows
      .map(([name]) => name)
      .filter((name) => typeof (API_HANDLERS as Record<string, unknown>)[name] !== 'function')
    expect(missing).toEqual([])
    expect(Object.keys(API_HANDLERS).sort()).toEqual(rows.map(([name]) => name).sort())
  })

  it.each(rows)('%s is routed to its handler', (name, row) => {
    const r = match(row.method, sample(row.path))
    expect(r.kind).toBe('found')
    if (r.kind !== 'found') return
    expect(r.route.names).toContain(name)
    expect(r.route.handler).toBe((API_HANDLERS as Record<string, unknown>)[name])
  })

  it('derives the matching order: any order of the rows matches the same way', () => {
    const reversed = createRouter([...API_ROUTES].reverse())
    for (const route of API_ROUTES) {
      const r = reversed(route.method, sample(route.pattern))
      expect(r.kind === 'found' && r.route.pattern, route.pattern).toBe(route.pattern)
    }
  })
})

describe('route matching', () => {
  it('tells custom verbs apart from ids', () => {
    expect(pattern('GET', '/api/v1/organizations:external/acme')).toBe(
      '/api/v1/organizations:external/{external_id}',
    )
    expect(pattern('GET', '/api/v1/organizations/org_1')).toBe(
      '/api/v1/organizations/{organization_id}',
    )
    expect(pattern('PATCH', '/api/v1/organizations/org_1/connections/conn_1:enable')).toBe(
      '/api/v1/organizations/{organization_id}/connections/{connection_id}:enable',
    )
    expect(pattern('PATCH', '/api/v1/organizations/org_1/directories/dir_1:disable')).toBe(
      '/api/v1/organizations/{organization_id}/directories/{directory_id}:disable',
    )
    expect(pattern('GET', '/api/v1/roles/admin/users:count')).toBe(
      '/api/v1/roles/{role_name}/users:count',
    )
    expect(pattern('GET', '/api/v1/roles/admin/permissions:all')).toBe(
      '/api/v1/roles/{role_name}/permissions:all',
    )
    expect(pattern('POST', '/api/v1/connected_accounts:delete')).toBe(
      '/api/v1/connected_accounts:delete',
    )
    expect(pattern('GET', '/api/v1/connections/app')).toBe('/api/v1/connections/app')
    expect(pattern('GET', '/api/v1/users:external/e1')).toBe('/api/v1/users:external/{external_id}')
  })

  it('decodes parameters and keeps colons inside names', () => {
    const r = match('GET', '/api/v1/permissions/projects%3Aread')
    expect(r.kind === 'found' && r.params.permission_name).toBe('projects:read')
    const raw = match('DELETE', '/api/v1/roles/viewer/permissions/projects:write')
    expect(raw.kind === 'found' && raw.params).toEqual({
      role_name: 'viewer',
      permission_name: 'projects:write',
    })
  })

  it('separates unknown paths from wrong methods, and rejects bad escapes', () => {
    expect(match('GET', '/api/v1/unknown').kind).toBe('not-found')
    const wrong = match('PUT', '/api/v1/organizations')
    expect(wrong.kind === 'method-not-allowed' && wrong.allowed.sort()).toEqual(['GET', 'POST'])
    expect(() => match('GET', '/api/v1/organizations/%E0%A4%A')).toThrow(/percent-encoding/)
  })

  it('has no route shadowed by another', () => {
    const seen = new Set<string>()
    for (const route of API_ROUTES as Route[]) {
      const key = `${route.method} ${route.pattern}`
      expect(seen.has(key), key).toBe(false)
      seen.add(key)
      expect(pattern(route.method, sample(route.pattern)), key).toBe(route.pattern)
    }
  })
})
