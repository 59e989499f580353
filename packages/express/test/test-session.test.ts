// What docs/testing.md shows for Express: supertest requests carrying a test session
// from @kit/core/testing, and webhook deliveries signed with signTestWebhook. No
// identity provider runs: the session is sealed with the app's secret.
import { BASE_URL, offlineKit, SESSION_SECRET, WEBHOOK_SECRET } from '@kit/adapter-suite'
import type { WebhookEvent } from '@kit/core'
import { createTestSession, signTestWebhook } from '@kit/core/testing'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { kitExpress, requireAuth, requirePermission, requireRole } from '../src/index.js'
import { expressVersions } from './frameworks.js'

describe.each(expressVersions)('test sessions and signed webhooks ($name)', ({ express }) => {
  const events: WebhookEvent[] = []
  const app = express()
  app.use(
    kitExpress({
      kit: offlineKit(),
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      apiPrefixes: ['/api/'],
      onWebhook: (event) => {
        events.push(event)
      },
    }),
  )
  app.get('/api/me', requireAuth(), (req, res) => {
    res.json({ id: req.auth!.user.id, actor: req.auth!.actor ?? null })
  })
  app.get('/api/admin', requirePermission('org:manage'), (_req, res) => res.json({ ok: 'admin' }))
  app.get('/api/billing', requireRole('owner'), (_req, res) => res.json({ ok: 'billing' }))
  app.post('/api/account/delete', requireAuth({ allowImpersonation: false }), (_req, res) =>
    res.json({ deleted: true }),
  )

  const session = (extra: Partial<Parameters<typeof createTestSession>[0]> = {}) =>
    createTestSession({
      secret: SESSION_SECRET,
      user: { id: 'usr_ada', email: 'ada@example.com' },
      organizationId: 'org_1',
      roles: ['admin'],
      permissions: ['org:manage'],
      ...extra,
    })

  it('requireAuth, requirePermission and requireRole accept a test session', async () => {
    const cookie = await session({ roles: ['owner'] })
    await request(app)
      .get('/api/me')
      .set('Cookie', cookie)
      .expect(200, { id: 'usr_ada', actor: null })
    await request(app).get('/api/admin').set('Cookie', cookie).expect(200, { ok: 'admin' })
    await request(app).get('/api/billing').set('Cookie', cookie).expect(200, { ok: 'billing' })
  })

  it('a missing role or permission is 403, another secret is 401', async () => {
    const member = await session({ roles: ['member'], permissions: [] })
    const denied = await request(app).get('/api/billing').set('Cookie', member).expect(403)
    expect(denied.body.error.code).toBe('insufficient_role')
    await request(app).get('/api/admin').set('Cookie', member).expect(403)
    const foreign = await session({ secret: 'not-this-apps-secret-0123456789-abcdefgh' })
    await request(app).get('/api/me').set('Cookie', foreign).expect(401)
  })

  it('an impersonated session shows its actor and is refused where impersonation is not allowed', async () => {
    const cookie = await session({ actor: { id: 'usr_support', email: 'support@example.com' } })
    await request(app)
      .get('/api/me')
      .set('Cookie', cookie)
      .expect(200, { id: 'usr_ada', actor: { id: 'usr_support', email: 'support@example.com' } })
    const refused = await request(app).post('/api/account/delete').set('Cookie', cookie).expect(403)
    expect(refused.body.error.code).toBe('impersonation_not_allowed')
    await request(app)
      .post('/api/account/delete')
      .set('Cookie', await session())
      .expect(200)
  })

  it('signTestWebhook deliveries reach onWebhook', async () => {
    const event = { id: 'evt_express', type: 'organization.created', data: { id: 'org_9' } }
    const { body, headers } = await signTestWebhook({ secret: WEBHOOK_SECRET, event })
    await request(app).post('/webhooks').set(headers).send(body).expect(204)
    expect(events).toContainEqual(event)
    const forged = await signTestWebhook({ secret: `whsec_${btoa('x'.repeat(32))}`, event })
    await request(app).post('/webhooks').set(forged.headers).send(forged.body).expect(401)
  })
})
