// Next.js 16 test app (App Router with proxy.ts on the Node runtime, plus Pages Router),
// built with `next build` and served by `next start`, driven in Chromium against the
// emulator.
import { generateWebhookSecret } from '@kit/emulator'
import {
  ALICE_AT_ACME,
  apiMe,
  deliverSignedWebhook,
  expectAdminPage,
  expectAdminRefused,
  expectApiIdentity,
  expectDashboardShows,
  expectEmulatorLoginPage,
  expectSilentLogin,
  expectVisitorRefused,
  logOut,
  NEXT_BUILD_TIMEOUT_MS,
  signInAs,
  signInFromEmulatorConsole,
  testIdText,
  useBrowserStack,
} from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { runServerAction } from './support/action-form.js'
import { startNextStack } from './support/next-stack.js'

describe('Next.js 16 app (next build + next start) in Chromium', () => {
  const t = useBrowserStack(() => startNextStack('next16'), {
    startTimeoutMs: NEXT_BUILD_TIMEOUT_MS,
  })

  it('sends a visitor to the login page and answers the API with 401 JSON', async () => {
    const { page, stack } = await t.fresh()
    const home = await page.goto(`${stack.appUrl}/`)
    expect(home?.status()).toBe(200)
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0)
    await expectVisitorRefused(page, stack)
  })

  it('still guards pages and APIs when a request claims to skip the proxy', async () => {
    const { stack } = t
    // CVE-2025-29927: `x-middleware-subrequest` once made Next skip middleware. Whether
    // or not Next honours it, the server helpers check the session themselves.
    const bypass = { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' }
    const dashboard = await fetch(`${stack.appUrl}/dashboard`, {
      headers: bypass,
      redirect: 'manual',
    })
    expect(dashboard.status).toBeGreaterThanOrEqual(300)
    expect(dashboard.status).toBeLessThan(400)
    expect(dashboard.headers.get('location')).toContain('/auth/login')
    const me = await fetch(`${stack.appUrl}/api/me`, {
      headers: { ...bypass, accept: 'application/json' },
    })
    expect(me.status).toBe(401)
    const token = await fetch(`${stack.appUrl}/api/token`, { headers: bypass })
    expect(token.status).toBe(401)
  })

  it('guards a page the proxy never sees with the server helper alone', async () => {
    const visitor = await fetch(`${t.stack.appUrl}/helpers-only`, { redirect: 'manual' })
    expect(visitor.status).toBeGreaterThanOrEqual(300)
    expect(visitor.status).toBeLessThan(400)
    expect(visitor.headers.get('location')).toContain('/auth/login')
    expect(await visitor.text()).not.toContain('Guarded by the server helper alone')

    // Without the proxy the helper cannot know the page's path for `returnTo` (Next does
    // not expose it to server components), so sign in elsewhere, then open the page.
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test')
    expect((await page.goto(`${stack.appUrl}/helpers-only`))?.status()).toBe(200)
    expect(await testIdText(page, 'helpers-only-email')).toBe('alice@acme.test')
  })

  it('signs alice in: the dashboard renders server-side with her roles, admin works', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test')
    await expectDashboardShows(page, ALICE_AT_ACME)

    // Server-rendered: the HTML Next sends already carries her identity.
    const html = await (await page.request.get(`${stack.appUrl}/dashboard`)).text()
    expect(html).toContain('alice@acme.test')

    await expectApiIdentity(page, stack, 'alice@acme.test', 'org_acme')
    await expectAdminPage(page, stack)
  })

  it('refuses bob on the admin page with HTTP 403 and keeps him signed in', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'bob@acme.test')
    await expectAdminRefused(page, stack)
  })

  it('runs a guarded server action for alice', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test', '/actions')
    const answer = await runServerAction(page)
    expect(answer.email).toBe('alice@acme.test')
    expect(answer.exp).toBeGreaterThan(Date.now() / 1000)
  })

  it('serves the Pages Router: getServerSideProps and API route wrappers', async () => {
    const { page, stack } = await t.fresh()
    const anonymous = await page.request.get(`${stack.appUrl}/api/pages-me`, {
      headers: { accept: 'application/json' },
    })
    expect(anonymous.status()).toBe(401)
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      'unauthenticated',
    )

    await signInAs(page, stack, 'alice@acme.test', '/pages-ssr')
    expect(await testIdText(page, 'ssr-email')).toBe('alice@acme.test')
    expect(await testIdText(page, 'ssr-roles')).toContain('admin')
    const me = await page.request.get(`${stack.appUrl}/api/pages-me`)
    expect(me.status()).toBe(200)
    expect(await me.json()).toEqual({ email: 'alice@acme.test', organizationId: 'org_acme' })
  })

  it('lands signed in after an IdP-initiated login from the emulator console', async () => {
    const { page, stack } = await t.fresh()
    await signInFromEmulatorConsole(page, stack, 'alice@acme.test')
    const me = await apiMe(page, stack)
    expect(me.status).toBe(200)
    expect(me.body.auth.user.email).toBe('alice@acme.test')
    expect(me.body.auth.connectionId).toBe('conn_acme_sso')
  })

  it('logs out at the app and at the emulator: the next login shows the login page', async () => {
    const { context, page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test')
    // While the emulator session lives, a new app login is silent.
    await expectSilentLogin(context, page, stack)

    await logOut(page, stack)
    expect((await apiMe(page, stack)).status).toBe(401)

    await page.goto(`${stack.appUrl}/auth/login?returnTo=%2Fdashboard`)
    await expectEmulatorLoginPage(page, stack)
    expect(await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).count()).toBe(1)
  })

  it('accepts signed webhooks on its route handler and refuses forged ones', async () => {
    const { stack } = t
    const deliver = (secret: string, id: string, event: unknown) =>
      deliverSignedWebhook(`${stack.appUrl}/webhooks`, secret, id, event)
    const event = { id: 'evt_next16', type: 'organization.updated', data: {} }
    expect((await deliver(stack.webhookSecret, 'msg_next16', event)).status).toBe(204)
    const forged = { id: 'evt_forged', type: 'forged.event', data: {} }
    expect((await deliver(generateWebhookSecret(), 'msg_forged', forged)).status).toBe(401)

    const listed = await (await fetch(`${stack.appUrl}/webhooks/events`)).text()
    expect(listed).toContain('organization.updated')
    expect(listed).not.toContain('forged.event')
  })
})
