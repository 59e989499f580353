import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManagementApi } from '../../src/management/index.js'
import { MANAGEMENT_ROUTES } from '../../src/management/route-table.js'

// Every management method must send exactly what its row of the route table says: the
// verb, the path with each id in its parameter's place, only query keys the row names,
// and a JSON body only when the row has one. A small HTTP server records what each call
// sends and answers `{}`. (The arguments come from the reference's parameter lists.)
const seed: { typescript: string; params: string; group: string; route: string }[] = JSON.parse(
  readFileSync(new URL('../fixtures/seed-api.json', import.meta.url), 'utf8'),
)

/** Parameters passed as objects or arrays; every other required parameter is an id string. */
const OBJECT_PARAMS = new Set([
  'organization',
  'connection',
  'user',
  'membership',
  'role',
  'permission',
  'm2m_client',
  'connected_account',
  'directory',
])
/** Methods whose first options-only argument still needs a value to be sent at all. */
const SPECIAL_ARGS: Record<string, unknown[]> = {
  'client.passwordless.verifyPasswordlessEmail': [{ code: '123456', authRequestId: 'ar_1' }],
  'client.organization.listOrganizations': [{ pageSize: 10 }],
}

function argsFor(method: { typescript: string; params: string }): unknown[] {
  const special = SPECIAL_ARGS[method.typescript]
  if (special) return special
  const required = method.params
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !p.endsWith('?'))
  return required.map((name, i) => {
    if (name === 'request') return { identifier: `prv_${i}` }
    if (name === 'permission_names') return ['projects:read']
    if (OBJECT_PARAMS.has(name)) return {}
    return `id_${i}`
  })
}

/** A row's path as a regex: each `{parameter}` is one segment. */
function pathPattern(template: string): RegExp {
  const source = template
    .split(/\{[a-z_]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+')
  return new RegExp(`^${source}$`)
}

let server: Server
let base: string
interface Recorded {
  method: string
  url: URL
  contentType: string | undefined
  body: string
}
let last: Recorded | undefined

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      last = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://x'),
        contentType: req.headers['content-type'],
        body,
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

describe('each method sends what its row of the route table says', () => {
  const management = seed.filter((m) => m.group !== 'client')
  it.each(management.map((m) => [m.typescript, m] as const))('%s', async (_name, method) => {
    const api = createManagementApi({ environmentUrl: base, getAccessToken: async () => 't' })
    const fn = method.typescript
      .split('.')
      .slice(1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
      ...args: unknown[]
    ) => Promise<unknown>
    last = undefined
    await fn(...argsFor(method))
    const seen = last as Recorded | undefined
    const row =
      MANAGEMENT_ROUTES[
        method.typescript.replace(/^client\./, '') as keyof typeof MANAGEMENT_ROUTES
      ]
    expect(row, 'a row of the route table').toBeDefined()
    expect(seen?.method).toBe(row.method)
    expect(seen?.url.pathname).toMatch(pathPattern(row.path))
    const allowed: readonly string[] = 'query' in row ? row.query : []
    const unexpected = [...(seen?.url.searchParams.keys() ?? [])].filter(
      (k) => !allowed.includes(k),
    )
    expect(unexpected).toEqual([])
    if ('body' in row) {
      expect(seen?.contentType).toBe('application/json')
      expect(JSON.parse(seen?.body ?? '')).toBeTypeOf('object')
    } else {
      expect(seen?.body).toBe('')
    }
  })
})
