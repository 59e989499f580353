// The management route table (src/management/route-table.ts) is the one place a route is
// written. These tests hold the other two readers to it: the table must agree with the
// vendored reference, every client method must have a row and every row a client method,
// and the emulator must serve every row with the row's response envelope. (What the
// client sends for each row is checked in route-conformance.test.ts.)
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManagementApi } from '../../src/management/index.js'
import { routeCaller } from '../../src/management/route-call.js'
import { MANAGEMENT_ROUTES, pathParameterNames } from '../../src/management/route-table.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

interface SeedMethod {
  typescript: string
  group: string
  route: string
}
const seed: SeedMethod[] = JSON.parse(
  readFileSync(new URL('../fixtures/seed-api.json', import.meta.url), 'utf8'),
)
const reference = seed.filter((m) => m.group !== 'client')
const rows = Object.entries(MANAGEMENT_ROUTES)

/** `PATCH /api/v1/x/{id}:enable?a&b body=user (+flags)` -> its parts. */
function parseReference(route: string) {
  const [verb = '', target = '', ...rest] = route.split(' ')
  const [path = '', query = ''] = target.split('?')
  const body = rest.find((part) => part.startsWith('body='))?.slice('body='.length)
  return { verb, path, query: query ? query.split('&') : [], body }
}

/** A path with its parameter names blanked, so `{id}` and `{user_id}` compare equal. */
const shape = (path: string) => path.replace(/\{[a-z_]+\}/g, '{}')

describe('the route table matches the reference (test/fixtures/seed-api.json)', () => {
  it('has one row per management method of the reference, and no other', () => {
    const referenced = reference.map((m) => m.typescript.replace(/^client\./, '')).sort()
    expect(rows.map(([name]) => name).sort()).toEqual(referenced)
    expect(rows).toHaveLength(89)
  })

  it.each(reference.map((m) => [m.typescript.replace(/^client\./, ''), m] as const))(
    '%s',
    (name, method) => {
      const row = MANAGEMENT_ROUTES[name as keyof typeof MANAGEMENT_ROUTES]
      const ref = parseReference(method.route)
      expect(row.method).toBe(ref.verb)
      expect(shape(row.path)).toBe(shape(ref.path))
      // The reference lists the query keys it knows; the table may add the API's others.
      const query: readonly string[] = 'query' in row ? row.query : []
      expect(ref.query.filter((key) => !query.includes(key))).toEqual([])
      expect('body' in row ? row.body : undefined).toBe(ref.body)
    },
  )

  it('names every path parameter once and in snake_case', () => {
    for (const [name, row] of rows) {
      const names = pathParameterNames(row.path)
      expect(new Set(names).size, name).toBe(names.length)
      for (const param of names) expect(param, name).toMatch(/^[a-z]+(_[a-z]+)*$/)
    }
  })
})

describe('a call is typed from its row', () => {
  it('refuses at compile time what the row does not allow', async () => {
    const sent: unknown[] = []
    const call = routeCaller({ request: async (req) => void sent.push(req) })
    const R = MANAGEMENT_ROUTES
    const query = { page_size: 10, pagesize: 10 }
    // @ts-expect-error a query key the row does not name, in an object built beforehand
    await call(R['users.listUsers'], { query })
    // @ts-expect-error a missing path parameter (also refused at run time, before sending)
    await expect(call(R['users.getUser'], { path: {} })).rejects.toThrow(/userId must be a string/)
    // @ts-expect-error a body on a row without one
    await call(R['users.getUser'], { path: { user_id: 'usr_1' }, body: {} })
    // @ts-expect-error no body on a row with one
    await call(R['roles.createRole'], {})
    expect(sent).toHaveLength(3)
  })
})

describe('the client has exactly the methods of the table', () => {
  const api = createManagementApi({
    environmentUrl: 'https://env.example.test',
    getAccessToken: async () => 'unused',
  })

  it('a method without a row, or a row without a method, fails here', () => {
    const methods: string[] = []
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [key, value] of Object.entries(node)) {
        const name = prefix ? `${prefix}.${key}` : key
        if (typeof value === 'function') methods.push(name)
        else if (value && typeof value === 'object') walk(value as Record<string, unknown>, name)
      }
    }
    walk(api as unknown as Record<string, unknown>, '')
    expect(methods.sort()).toEqual(rows.map(([name]) => name).sort())
  })
})

describe('the emulator serves every row of the table', () => {
  let f: ManagementFixture
  let token: string
  beforeAll(async () => {
    f = await startManagementFixture()
    token = await f.kit.getClientAccessToken()
  })
  afterAll(async () => {
    await f?.emu.stop()
  })

  /** Seeded ids, so that reads answer 200 and their envelope can be checked. */
  const SEEDED: Record<string, string> = {
    organization_id: 'org_acme',
    org_id: 'org_acme',
    user_id: 'usr_alice',
    connection_id: 'conn_acme_sso',
    role_name: 'admin',
    permission_name: 'projects:read',
    external_id: 'acme',
  }

  it('routes each row to a handler and answers with the row’s envelope', async () => {
    const checked: string[] = []
    const failures: string[] = []
    // Reads first (with seeded ids), then writes with unknown ids, so no write changes
    // what a read sees.
    const ordered = [...rows].sort(
      ([, a], [, b]) => Number(a.method !== 'GET') - Number(b.method !== 'GET'),
    )
    for (const [name, row] of ordered) {
      const read = row.method === 'GET'
      const path = row.path.replace(/\{([a-z_]+)\}/g, (_, p: string) =>
        encodeURIComponent((read && SEEDED[p]) || 'unknown_1'),
      )
      const res = await fetch(`${f.emu.url}${path}`, {
        method: row.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...('body' in row ? { 'content-type': 'application/json' } : {}),
        },
        ...('body' in row ? { body: '{}' } : {}),
      })
      const body = (await res.json()) as Record<string, unknown>
      const where = `${name}: ${row.method} ${path} -> ${res.status} ${JSON.stringify(body).slice(0, 120)}`
      if (res.status === 405 || String(body.message ?? '').startsWith('no route for')) {
        failures.push(`not routed: ${where}`)
        continue
      }
      if (res.status !== 200) continue
      const { response } = row
      if (response.kind === 'resource' && typeof body[response.key] !== 'object') {
        failures.push(`no ${response.key} object: ${where}`)
      }
      if (
        (response.kind === 'list' || response.kind === 'page') &&
        !Array.isArray(body[response.key])
      ) {
        failures.push(`no ${response.key} array: ${where}`)
      }
      checked.push(name)
    }
    expect(failures).toEqual([])
    // The envelope check means something only if enough reads answered 200.
    expect(checked.length).toBeGreaterThanOrEqual(20)
  })
})
