import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitExpress, requirePermission } from '../src/index.js'
import type { CookieJar } from './emulator-login.js'
import { expressVersions } from './frameworks.js'
import { BASE_URL, type KitFixture, login, rawGet, SESSION_SECRET, startKit } from './harness.js'

let fixture: KitFixture

beforeAll(async () => {
  fixture = await startKit()
})

afterAll(async () => {
  await fixture?.emu.stop()
})

/**
 * Spellings of `/admin` a client might send to slip past a guard, sent over real HTTP
 * exactly as written. Express's router is case-insensitive and non-strict by default,
 * so some reach the `/admin` route (and must meet its guard); others match no route
 * (404). None may reach the handler unguarded.
 */
const VARIANTS = [
  '/admin',
  '//admin',
  '/Admin',
  '/ADMIN',
  '/admin/',
  '/%61dmin',
  '/admin;x',
  '/./admin',
]

describe.each(expressVersions)('path variants meet the guard ($name)', ({ express }) => {
  let server: Server
  let port: number
  let bob: CookieJar
  let alice: CookieJar

  beforeAll(async () => {
    const app = express()
    app.use(
      kitExpress({ kit: fixture.kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    app.get('/admin', requirePermission('org:manage'), (_req, res) => res.send('admin area'))
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    port = (server.address() as AddressInfo).port
    alice = (await login(app, 'alice@acme.test')).jar
    bob = (await login(app, 'bob@acme.test')).jar
  })

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
  })

  it.each(VARIANTS)('%s: anonymous -> login redirect or 404, never the handler', async (path) => {
    const res = await rawGet(port, path, [['accept', 'text/html']])
    expect([302, 404]).toContain(res.status)
    expect(res.body).not.toContain('admin area')
    if (res.status === 302) expect(res.location).toMatch(/\/auth\/login\?returnTo=/)
  })

  it.each(VARIANTS)('%s: signed in without the permission -> 403 or 404', async (path) => {
    const res = await rawGet(port, path, [['cookie', bob.header()]])
    expect([403, 404]).toContain(res.status)
    expect(res.body).not.toContain('admin area')
  })

  it('the variants Express routes to /admin are exactly those the guard was seen to stop', async () => {
    const routed: string[] = []
    for (const path of VARIANTS) {
      const res = await rawGet(port, path, [['cookie', alice.header()]])
      if (res.status === 200) routed.push(path)
    }
    // Case-insensitive, trailing-slash tolerant routing; encoded or doubled slashes do not route.
    expect(routed).toEqual(['/admin', '/Admin', '/ADMIN', '/admin/'])
  })
})
