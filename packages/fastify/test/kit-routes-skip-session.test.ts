// The onRequest hook tells the kit's own routes apart by their scope (one comparison per
// request) and reads no session before them: they read it themselves when they need it.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { createTestSession } from '@kit/core/testing'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'

describe('session read before routes', () => {
  let app: FastifyInstance
  const checked: string[] = []

  beforeAll(async () => {
    app = Fastify()
    await app.register(kitFastify, {
      kit: offlineKit(),
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      revocationStore: {
        isRevoked: async (id) => {
          checked.push(id)
          return false
        },
        revoke: async () => {},
      },
    })
    app.get('/me', { preHandler: app.requireAuth() }, async (req) => ({ id: req.auth!.user.id }))
    await app.ready()
  })

  afterAll(() => app?.close())

  it('reads the session before an app route and not before a kit route', async () => {
    const cookie = await createTestSession({ secret: SESSION_SECRET, user: { id: 'usr_ada' } })
    const login = await app.inject({ url: '/auth/login', headers: { cookie } })
    expect(login.statusCode).toBe(302)
    expect(checked).toEqual([])

    const me = await app.inject({ url: '/me', headers: { cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({ id: 'usr_ada' })
    expect(checked.length).toBeGreaterThan(0)
  })

  it('leaves a request without credentials anonymous', async () => {
    const me = await app.inject({ url: '/me', headers: { accept: 'application/json' } })
    expect(me.statusCode).toBe(401)
  })
})
