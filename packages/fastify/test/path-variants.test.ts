import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'
import type { CookieJar } from './emulator-login.js'
import { BASE_URL, type KitFixture, login, rawGet, SESSION_SECRET, startKit } from './harness.js'

/**
 * Spellings of `/admin` a client might send to slip past a guard, sent over real HTTP
 * exactly as written (inject would normalise some). Each either reaches the `/admin`
 * route (and meets its preHandler guard) or matches no route (404); none may reach the
 * handler unguarded.
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

/** Fastify's defaults, and the looser routing options an app may turn on. */
const ROUTER_OPTIONS = [
  {
    name: 'defaults',
    options: {},
    // find-my-way percent-decodes the path before matching.
    routed: ['/admin', '/%61dmin'],
  },
  {
    name: 'caseSensitive: false, ignoreTrailingSlash, ignoreDuplicateSlashes',
    options: {
      routerOptions: {
        caseSensitive: false,
        ignoreTrailingSlash: true,
        ignoreDuplicateSlashes: true,
      },
    },
    routed: ['/admin', '//admin', '/Admin', '/ADMIN', '/admin/', '/%61dmin'],
  },
]

let fixture: KitFixture

beforeAll(async () => {
  fixture = await startKit()
})

afterAll(async () => {
  await fixture?.emu.stop()
})

describe.each(ROUTER_OPTIONS)(
  'path variants meet the guard (fastify $name)',
  ({ options, routed: expected }) => {
    let app: FastifyInstance
    let port: number
    let alice: CookieJar
    let bob: CookieJar

    beforeAll(async () => {
      app = Fastify(options)
      await app.register(kitFastify, {
        kit: fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
      })
      app.get(
        '/admin',
        { preHandler: app.requirePermission('org:manage') },
        async () => 'admin area',
      )
      await app.listen({ port: 0, host: '127.0.0.1' })
      port = (app.server.address() as AddressInfo).port
      alice = (await login(app, 'alice@acme.test')).jar
      bob = (await login(app, 'bob@acme.test')).jar
    })

    afterAll(async () => {
      await app?.close()
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

    it('the variants that reach /admin are exactly those the guard was seen to stop', async () => {
      const routed: string[] = []
      for (const path of VARIANTS) {
        const res = await rawGet(port, path, [['cookie', alice.header()]])
        if (res.status === 200) routed.push(path)
      }
      expect(routed).toEqual(expected)
    })
  },
)
