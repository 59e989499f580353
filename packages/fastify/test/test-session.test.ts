// What docs/testing.md shows for Fastify: `app.inject` requests carrying a test session
// from @kit/core/testing, and webhook deliveries signed with signTestWebhook.
import { BASE_URL, offlineKit, SESSION_SECRET, WEBHOOK_SECRET } from '@kit/adapter-suite'
import type { WebhookEvent } from '@kit/core'
import { createTestSession, signTestWebhook } from '@kit/core/testing'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitFastify } from '../src/index.js'

describe('test sessions and signed webhooks (fastify.inject)', () => {
  const events: WebhookEvent[] = []
  let app: FastifyInstance

  beforeAll(async () => {
    app = Fastify()
    await app.register(kitFastify, {
      kit: offlineKit(),
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      apiPrefixes: ['/api/'],
      onWebhook: (event) => {
        events.push(event)
      },
    })
    app.get('/api/me', { preHandler: app.requireAuth() }, async (req) => ({
      id: req.auth!.user.id,
      actor: req.auth!.actor ?? null,
    }))
    app.get('/api/admin', { preHandler: app.requirePermission('org:manage') }, async () => ({
      ok: 'admin',
    }))
    app.get('/api/billing', { preHandler: app.requireRole('owner') }, async () => ({
      ok: 'billing',
    }))
    app.post(
      '/api/account/delete',
      { preHandler: app.requirePermission('org:manage', { allowImpersonation: false }) },
      async () => ({ deleted: true }),
    )
    await app.ready()
  })

  afterAll(() => app?.close())

  const session = (extra: Partial<Parameters<typeof createTestSession>[0]> = {}) =>
    createTestSession({
      secret: SESSION_SECRET,
      user: { id: 'usr_ada', email: 'ada@example.com' },
      roles: ['admin'],
      permissions: ['org:manage'],
      ...extra,
    })

  it('requireAuth, requirePermission and requireRole accept a test session', async () => {
    const cookie = await session({ roles: ['owner'] })
    const me = await app.inject({ url: '/api/me', headers: { cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({ id: 'usr_ada', actor: null })
    expect((await app.inject({ url: '/api/admin', headers: { cookie } })).json()).toEqual({
      ok: 'admin',
    })
    expect((await app.inject({ url: '/api/billing', headers: { cookie } })).statusCode).toBe(200)
  })

  it('a missing role or permission is 403, another secret is 401', async () => {
    const cookie = await session({ roles: ['member'], permissions: [] })
    const denied = await app.inject({ url: '/api/billing', headers: { cookie } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error.code).toBe('insufficient_role')
    expect((await app.inject({ url: '/api/admin', headers: { cookie } })).statusCode).toBe(403)
    const foreign = await session({ secret: 'not-this-apps-secret-0123456789-abcdefgh' })
    expect((await app.inject({ url: '/api/me', headers: { cookie: foreign } })).statusCode).toBe(
      401,
    )
  })

  it('an impersonated session is refused where impersonation is not allowed', async () => {
    const cookie = await session({ actor: { id: 'usr_support' } })
    const me = await app.inject({ url: '/api/me', headers: { cookie } })
    expect(me.json().actor).toEqual({ id: 'usr_support' })
    const refused = await app.inject({
      method: 'POST',
      url: '/api/account/delete',
      headers: { cookie },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('impersonation_not_allowed')
    const own = await app.inject({
      method: 'POST',
      url: '/api/account/delete',
      headers: { cookie: await session() },
    })
    expect(own.statusCode).toBe(200)
  })

  it('signTestWebhook deliveries reach onWebhook', async () => {
    const event = { id: 'evt_fastify', type: 'user.created', data: { id: 'usr_9' } }
    const { body, headers } = await signTestWebhook({ secret: WEBHOOK_SECRET, event })
    const res = await app.inject({ method: 'POST', url: '/webhooks', headers, payload: body })
    expect(res.statusCode).toBe(204)
    expect(events).toContainEqual(event)
    const forged = await signTestWebhook({ secret: `whsec_${btoa('x'.repeat(32))}`, event })
    const refused = await app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: forged.headers,
      payload: forged.body,
    })
    expect(refused.statusCode).toBe(401)
  })
})
