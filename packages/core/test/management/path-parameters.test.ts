// A path argument must never move a management call to another route. For every method
// of the reference whose route has path parameters, each hostile value is refused with
// KitInvalidArgumentError and no request reaches the server; the table comes from the
// repository's seed-api.json, so a new method is covered without editing this file.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import * as root from '../../src/index.js'
import {
  createManagementApi,
  KitApiNotFoundError,
  KitInvalidArgumentError,
} from '../../src/management/index.js'
import { createTransport } from '../../src/management/transport.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

interface SeedMethod {
  typescript: string
  params: string
  group: string
  route: string
}
const seed: SeedMethod[] = JSON.parse(
  readFileSync(new URL('../fixtures/seed-api.json', import.meta.url), 'utf8'),
)

/** Required arguments passed as objects or arrays; every other one is an id string. */
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
  'permission_names',
])
/** Where the TypeScript name of an argument is not the camelCase of the reference's. */
const TS_NAMES: Record<string, string> = { conn_id: 'connectionId', request: 'identifier' }

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/**
 * The method's required arguments with valid values, and which of them fill the route's
 * `{placeholders}`: the first N id arguments, N being the number of placeholders (the
 * reference lists path ids before body fields such as `domain_name` or `display_name`).
 */
function plan(method: SeedMethod) {
  const required = method.params
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && !p.endsWith('?'))
  const placeholders = (method.route.split(' ')[1] ?? '').match(/\{[a-z_]+\}/g)?.length ?? 0
  const args: unknown[] = required.map((name, i) => {
    if (name === 'request') return { identifier: `prv_${i}` }
    if (name === 'permission_names') return ['projects:read']
    return OBJECT_PARAMS.has(name) ? {} : `id_${i}`
  })
  const pathArgs = required
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !OBJECT_PARAMS.has(name))
    .slice(0, placeholders)
    .map(({ name, index }) => ({ index, parameter: TS_NAMES[name] ?? camel(name) }))
  return { args, pathArgs, placeholders }
}

/** Replaces one path argument with `value` (inside the request object for providers). */
function withValue(args: unknown[], index: number, value: unknown): unknown[] {
  const copy = [...args]
  copy[index] =
    typeof args[index] === 'object' && args[index] !== null
      ? { ...(args[index] as object), identifier: value }
      : value
  return copy
}

/** Values that cannot name a resource: each must be refused before anything is sent. */
const HOSTILE: [label: string, value: unknown][] = [
  ['empty', ''],
  ['dot', '.'],
  ['dot-dot', '..'],
  ['space', ' '],
  ['tab and newline', '\t\n'],
  ['number', 42],
  ['undefined', undefined],
  ['null', null],
  ['object', { id: 'x' }],
  ['lone surrogate', '\uD800'],
]

let server: Server
let base: string
let hits = 0
const seen: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++
    seen.push(req.url ?? '')
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

function resolveMethod(root: unknown, dotted: string) {
  return dotted
    .split('.')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as (
    ...args: unknown[]
  ) => Promise<unknown>
}

const withPathParams = seed.filter((m) => m.group !== 'client' && m.route.includes('{'))

describe('path parameters that would change the route are refused before sending', () => {
  it('derives the table from the reference (66 methods with path parameters)', () => {
    expect(withPathParams).toHaveLength(66)
    for (const method of withPathParams) {
      expect(plan(method).pathArgs, method.typescript).toHaveLength(plan(method).placeholders)
    }
  })

  it.each(withPathParams.map((m) => [m.typescript, m] as const))('%s', async (name, method) => {
    const api = createManagementApi({ environmentUrl: base, getAccessToken: async () => 't' })
    const fn = resolveMethod(api, name)
    const { args, pathArgs } = plan(method)
    const publicName = name.replace(/^client\./, '')

    // Control: valid ids do reach the server, so "no request" below means something.
    const before = hits
    await fn(...args)
    expect(hits).toBe(before + 1)

    const failures: string[] = []
    for (const { index, parameter } of pathArgs) {
      for (const [label, value] of HOSTILE) {
        const sent = hits
        const err = await fn(...withValue(args, index, value)).then(
          () => undefined,
          (e: unknown) => e,
        )
        const where = `${parameter} = ${label}`
        if (hits !== sent) failures.push(`${where}: a request was sent`)
        if (!(err instanceof KitInvalidArgumentError)) {
          failures.push(`${where}: expected KitInvalidArgumentError, got ${String(err)}`)
          continue
        }
        if (err.code !== 'ERR_KIT_INVALID_ARGUMENT') failures.push(`${where}: code ${err.code}`)
        if (err.method !== publicName) failures.push(`${where}: method ${err.method}`)
        if (err.parameter !== parameter) failures.push(`${where}: parameter ${err.parameter}`)
        if (!err.message.startsWith(`${publicName}: ${parameter} `)) {
          failures.push(`${where}: message ${err.message}`)
        }
      }
    }
    expect(failures).toEqual([])
  })
})

describe('ids that only look like paths stay inside their segment', () => {
  it.each([
    ['a/b'],
    ['../x'],
    ['%2e%2e'],
    ['%2E'],
    ['...'],
    ['.hidden'],
    ['a?b=1#c'],
    ['  padded  '],
    ['ünïcode'],
  ])('%s', async (id) => {
    const api = createManagementApi({ environmentUrl: base, getAccessToken: async () => 't' })
    seen.length = 0
    await api.permissions.removePermissionFromRole(id, 'projects:write')
    expect(seen).toHaveLength(1)
    const url = new URL(seen[0] ?? '', 'http://x')
    const segments = url.pathname.split('/')
    expect(segments.slice(0, 4)).toEqual(['', 'api', 'v1', 'roles'])
    expect(decodeURIComponent(segments[4] ?? '')).toBe(id)
    expect(segments.slice(5).map(decodeURIComponent)).toEqual(['permissions', 'projects:write'])
    expect(url.search).toBe('')
  })
})

describe('the transport refuses a path that URL parsing would rewrite', () => {
  it.each([
    ['/api/v1/roles/../permissions/projects:write'],
    ['/api/v1/roles/./permissions'],
    ['/api/v1/users?x=1'],
    ['/api/v1/users#frag'],
  ])('%s', async (path) => {
    const t = createTransport({ environmentUrl: `${base}/`, getAccessToken: async () => 't' })
    const sent = hits
    const err = await t.request({ method: 'DELETE', path }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitInvalidArgumentError)
    expect((err as KitInvalidArgumentError).parameter).toBe('path')
    expect(hits).toBe(sent)
  })

  it('keeps a base path of the environment URL', async () => {
    const t = createTransport({
      environmentUrl: `${base}/tenant/`,
      getAccessToken: async () => 't',
    })
    seen.length = 0
    await t.request({ method: 'GET', path: '/api/v1/users' })
    expect(seen).toEqual(['/tenant/api/v1/users'])
  })
})

describe('KitInvalidArgumentError', () => {
  it('is a KitError exported from the package root with a stable code', () => {
    expect(root.KitInvalidArgumentError).toBe(KitInvalidArgumentError)
    expect(
      new KitInvalidArgumentError({ parameter: 'p', value: '.', route: '/x', problem: 'is bad' }),
    ).toBeInstanceOf(root.KitError)
    expectTypeOf<'ERR_KIT_INVALID_ARGUMENT'>().toMatchTypeOf<root.KitErrorCode>()
    expectTypeOf<KitInvalidArgumentError['parameter']>().toEqualTypeOf<string>()
    expectTypeOf<KitInvalidArgumentError['method']>().toEqualTypeOf<string | undefined>()
  })
})

describe('against the emulator: the reported re-route', () => {
  let f: ManagementFixture
  beforeAll(async () => {
    f = await startManagementFixture()
  })
  afterAll(async () => {
    await f?.emu.stop()
  })

  it("removePermissionFromRole('..', 'projects:write') is refused and the permission survives", async () => {
    const sent = f.apiRequests()
    const err = await f.kit.permissions
      .removePermissionFromRole('..', 'projects:write')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitInvalidArgumentError)
    expect((err as Error).message).toMatch(
      /^permissions\.removePermissionFromRole: roleName is "\.\."/,
    )
    expect(f.apiRequests()).toBe(sent)
    const { permission } = await f.kit.permissions.getPermission('projects:write')
    expect(permission.name).toBe('projects:write')
  })

  it('an id that only looks like a path is sent as one segment: a 404, not another route', async () => {
    await expect(f.kit.users.getUser('../organizations/org_acme')).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })
})
