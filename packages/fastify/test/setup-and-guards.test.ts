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
import { KitClient } from '@kit/core'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify, requireAuth, requirePermission } from '../src/index.js'

// Fastify-only: the start-up check rejecting `register`, onError for callback failures,
// and the importable guards that do not depend on the plugin having loaded.
let fixture: KitFixture
beforeAll(async () => {
  fixture = await startKit()
})
afterAll(() => fixture?.emu.stop())

const options = () => ({ baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })

async function listen(instance: FastifyInstance): Promise<RunningApp> {
  await instance.listen({ port: 0, host: '127.0.0.1' })
  const { port } = instance.server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => instance.close() }
}

describe("kitFastify checkSetupOnStart: 'fail'", () => {
  it('rejects register with what to fix', async () => {
    const errors: string[] = []
    const app = Fastify()
    const kit = new KitClient({
      environmentUrl: fixture.emu.url,
      clientId: fixture.emu.clientId,
      clientSecret: 'sks_not_the_secret',
    })
    app.register(kitFastify, {
      ...options(),
      kit,
      checkSetupOnStart: 'fail',
      logger: { warn: () => {}, error: (m) => void errors.push(m) },
    })
    const failure = await app.ready().then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(failure).toMatchObject({ code: 'ERR_KIT_CONFIG' })
    expect(String((failure as Error).message)).toContain(
      'Check KIT_CLIENT_ID and KIT_CLIENT_SECRET',
    )
    expect(errors.join('\n')).toContain('setup check failed (invalid_client_credentials)')
    await app.close()
  })

  it('loads when the setup is right', async () => {
    const app = Fastify()
    await app.register(kitFastify, { ...options(), kit: fixture.kit, checkSetupOnStart: 'fail' })
    expect(typeof app.requireAuth).toBe('function')
    await app.close()
  })
})

describe('kitFastify onError for callback failures', () => {
  it('receives the KitError behind the error page and may reply instead', async () => {
    const seen: unknown[] = []
    const app = Fastify()
    await app.register(kitFastify, {
      ...options(),
      kit: fixture.kit,
      logger: { warn: () => {} },
      onError: (err, _request, reply) => {
        seen.push(err)
        return reply.code(400).send('our own sign-in error page')
      },
    })
    const res = await app.inject({ url: `/auth/callback?code=abc&state=${'a'.repeat(43)}` })
    expect(res.body).toBe('our own sign-in error page')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ code: 'ERR_KIT_STATE_MISMATCH' })
    await app.close()
  })
})

describe('importable guards (no dependency on decoration order)', () => {
  let app: RunningApp

  beforeAll(async () => {
    const instance = Fastify()
    // No `await`: `instance.requireAuth` would not exist yet; the imported guards do not care.
    instance.register(kitFastify, { ...options(), kit: fixture.kit })
    instance.get('/me', { preHandler: requireAuth() }, async (request) => ({
      email: request.auth?.user.email,
    }))
    instance.get('/admin', { preHandler: requirePermission('org:manage') }, async () => ({
      admin: true,
    }))
    app = await listen(instance)
  })
  afterAll(() => app?.close())

  it('guard routes defined before the plugin loaded', async () => {
    const json = { accept: 'application/json' }
    expect((await send(app, 'GET', '/me', { headers: json })).status).toBe(401)
    const alice = (await login(app, 'alice@acme.test')).jar
    const me = await send(app, 'GET', '/me', { headers: { cookie: alice.header() } })
    expect(me.status).toBe(200)
    expect(me.json()).toEqual({ email: 'alice@acme.test' })
    const bob = (await login(app, 'bob@acme.test')).jar
    const denied = await send(app, 'GET', '/admin', { headers: { cookie: bob.header(), ...json } })
    expect(denied.status).toBe(403)
  })

  it('fail with a clear ERR_KIT_CONFIG on an app where the plugin was never registered', async () => {
    const bare = Fastify()
    bare.get('/me', { preHandler: requireAuth() }, async () => ({ leaked: true }))
    const res = await bare.inject({ url: '/me' })
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('leaked')
    expect(res.json()).toMatchObject({ code: 'ERR_KIT_CONFIG' })
    expect(res.json().message).toContain(
      'requireAuth() guards a route, but the kitFastify plugin is not registered',
    )
    expect(res.json().message).toContain('await app.register(kitFastify, options)')
    await bare.close()
  })
})
