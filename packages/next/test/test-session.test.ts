// What docs/testing.md shows for Next.js: App Router route handlers (kit.withAuth) and
// the kit's webhook handler called with plain Web Requests carrying a test session or a
// webhook signed by @kit/core/testing. No Next server and no identity provider run.
import { BASE_URL, offlineKit, SESSION_SECRET, send, WEBHOOK_SECRET } from '@kit/adapter-suite'
import type { WebhookEvent } from '@kit/core'
import { createTestSession, signTestWebhook } from '@kit/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitNext } from '../src/index.js'
import { type NextApp, onPost, startNextApp } from './support/app.js'

const events: WebhookEvent[] = []
// lib/kit.ts of an app
const kit = createKitNext({
  kit: offlineKit(),
  baseUrl: BASE_URL,
  session: { secret: SESSION_SECRET },
  webhookSecret: WEBHOOK_SECRET,
  onWebhook: (event) => {
    events.push(event)
  },
  env: {},
})
// app/api/.../route.ts of an app
const me = kit.withAuth(async (_request, auth) =>
  Response.json({ id: auth.user.id, actor: auth.actor ?? null }),
)
const admin = kit.withAuth(async () => Response.json({ ok: 'admin' }), { permission: 'org:manage' })
const billing = kit.withAuth(async () => Response.json({ ok: 'billing' }), { role: 'owner' })
const deleteAccount = kit.withAuth(async () => Response.json({ deleted: true }), {
  allowImpersonation: false,
})

const call = (
  handler: (request: Request, context: unknown) => Promise<Response>,
  cookie: string,
  method = 'GET',
) =>
  handler(
    new Request(`${BASE_URL}/api/x`, { method, headers: { cookie, accept: 'application/json' } }),
    {},
  )

const session = (extra: Partial<Parameters<typeof createTestSession>[0]> = {}) =>
  createTestSession({
    secret: SESSION_SECRET,
    user: { id: 'usr_ada', email: 'ada@example.com' },
    roles: ['owner'],
    permissions: ['org:manage'],
    ...extra,
  })

describe('test sessions in Next.js route handler tests', () => {
  it('withAuth accepts a test session: sign-in, permission and role', async () => {
    const cookie = await session()
    expect(await (await call(me, cookie)).json()).toEqual({ id: 'usr_ada', actor: null })
    expect((await call(admin, cookie)).status).toBe(200)
    expect(await (await call(billing, cookie)).json()).toEqual({ ok: 'billing' })
  })

  it('a missing role or permission is 403, another secret is 401', async () => {
    const member = await session({ roles: ['member'], permissions: [] })
    const denied = await call(billing, member)
    expect(denied.status).toBe(403)
    expect((await denied.json()).error.code).toBe('insufficient_role')
    expect((await call(admin, member)).status).toBe(403)
    const foreign = await session({ secret: 'not-this-apps-secret-0123456789-abcdefgh' })
    expect((await call(me, foreign)).status).toBe(401)
  })

  it('an impersonated session is refused where impersonation is not allowed', async () => {
    const cookie = await session({ actor: { id: 'usr_support', email: 'support@example.com' } })
    expect((await (await call(me, cookie)).json()).actor).toEqual({
      id: 'usr_support',
      email: 'support@example.com',
    })
    const refused = await call(deleteAccount, cookie, 'POST')
    expect(refused.status).toBe(403)
    expect((await refused.json()).error.code).toBe('impersonation_not_allowed')
    expect((await call(deleteAccount, await session(), 'POST')).status).toBe(200)
  })

  it('the 403 page explains an impersonation refusal', async () => {
    const page = await kit.handlers.GET(
      new Request(`${BASE_URL}/auth/forbidden?code=impersonation_not_allowed`, {
        headers: { accept: 'text/html' },
      }),
    )
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('someone is acting as this user')
  })

  it('signTestWebhook deliveries reach onWebhook through kit.handlers.POST', async () => {
    const event = { id: 'evt_next', type: 'organization.created', data: { id: 'org_9' } }
    const { body, headers } = await signTestWebhook({ secret: WEBHOOK_SECRET, event })
    const res = await kit.handlers.POST(
      new Request(`${BASE_URL}/webhooks`, { method: 'POST', headers, body }),
    )
    expect(res.status).toBe(204)
    expect(events).toContainEqual(event)
    const forged = await signTestWebhook({ secret: `whsec_${btoa('x'.repeat(32))}`, event })
    const refused = await kit.handlers.POST(
      new Request(`${BASE_URL}/webhooks`, {
        method: 'POST',
        headers: forged.headers,
        body: forged.body,
      }),
    )
    expect(refused.status).toBe(401)
  })
})

describe('server helpers with { allowImpersonation: false } (stand-in Next app)', () => {
  let ctx: NextApp
  beforeAll(async () => {
    ctx = await startNextApp({
      pages: (k) => ({
        '/account/delete': onPost(async () => {
          const auth = await k.requireAuth({ allowImpersonation: false })
          return Response.json({ deleted: auth.user.id })
        }),
      }),
    })
  })
  afterAll(() => ctx?.close())

  it('an actor is sent to the 403 page with the impersonation reason; the user passes', async () => {
    const actor = await session({ actor: { id: 'usr_support' } })
    const refused = await send(ctx.app, 'POST', '/account/delete', { headers: { cookie: actor } })
    expect(refused.status).toBe(307)
    const target = new URL(refused.location!)
    expect(target.pathname).toBe('/auth/forbidden')
    expect(target.searchParams.get('code')).toBe('impersonation_not_allowed')
    const own = await send(ctx.app, 'POST', '/account/delete', {
      headers: { cookie: await session() },
    })
    expect(own.json()).toEqual({ deleted: 'usr_ada' })
  })
})
