import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManagementApi } from '../../src/management/index.js'

// Every management method must call exactly the REST route seed-api.json lists for it:
// same verb, same path shape, and only query parameters the route names. A small HTTP
// server records what each call sends and answers `{}`.
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

/** `GET /api/v1/x/{id}:enable?a&b body=...` -> verb, a path regex and the allowed query names. */
function parseRoute(route: string) {
  const [verb = '', target = ''] = route.split(' ')
  const [pathTemplate = '', query = ''] = target.split('?')
  const source = pathTemplate
    .split(/\{[a-z_]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+')
  const allowed = new Set(query ? query.split('&') : [])
  return { verb, path: new RegExp(`^${source}$`), allowed }
}

let server: Server
let base: string
interface Recorded {
  method: string
  url: URL
}
let last: Recorded | undefined

beforeAll(async () => {
  server = createServer((req, res) => {
    last = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://x') }
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

describe('each method calls the route of seed-api.json', () => {
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
    const expected = parseRoute(method.route)
    expect(seen?.method).toBe(expected.verb)
    expect(seen?.url.pathname).toMatch(expected.path)
    const unexpected = [...(seen?.url.searchParams.keys() ?? [])].filter(
      (k) => !expected.allowed.has(k),
    )
    expect(unexpected).toEqual([])
  })
})
