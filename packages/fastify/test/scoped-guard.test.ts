import type { AddressInfo } from 'node:net'
import {
  BASE_URL,
  type KitFixture,
  login,
  type RunningApp,
  SESSION_SECRET,
  send,
  startKit,
} from '@kit/adapter-suite'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'

// Fastify-only: a guard added as a scope-wide hook instead of a route's preHandler.
describe('a guard as a scope hook', () => {
  let fixture: KitFixture
  let app: RunningApp

  beforeAll(async () => {
    fixture = await startKit()
    const instance = Fastify()
    await instance.register(kitFastify, {
      kit: fixture.kit,
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
    })
    // Every route of the scope needs the permission.
    await instance.register(async (scope) => {
      scope.addHook('preHandler', scope.requirePermission('org:manage'))
      scope.get('/scoped/users', async (request) => ({ email: request.auth?.user.email ?? null }))
    })
    await instance.listen({ port: 0, host: '127.0.0.1' })
    const { port } = instance.server.address() as AddressInfo
    app = { url: `http://127.0.0.1:${port}`, close: () => instance.close() }
  })

  afterAll(async () => {
    await app?.close()
    await fixture?.emu.stop()
  })

  it('covers every route of the scope', async () => {
    const alice = (await login(app, 'alice@acme.test')).jar
    const bob = (await login(app, 'bob@acme.test')).jar
    const get = (headers: Record<string, string>) => send(app, 'GET', '/scoped/users', { headers })
    const ok = await get({ cookie: alice.header() })
    expect(ok.status).toBe(200)
    expect(ok.json()).toEqual({ email: 'alice@acme.test' })
    expect((await get({ cookie: bob.header() })).status).toBe(403)
    expect((await get({ accept: 'application/json' })).status).toBe(401)
  })
})
