/**
 * The browser scenarios every example app must pass, declared once and run by one test
 * file per framework (`express.e2e.test.ts`, `fastify.e2e.test.ts`).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateWebhookSecret } from '@kit/emulator'
import {
  ALICE_AT_ACME,
  apiMe,
  expectAdminPage,
  expectAdminRefused,
  expectApiIdentity,
  expectDashboardShows,
  expectEmulatorLoginPage,
  expectSilentLogin,
  expectVisitorRefused,
  latestCode,
  logOut,
  signInAs,
  signInFromEmulatorConsole,
  testIdText,
  useBrowserStack,
  waitForUrl,
  waitForUrlPrefix,
} from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { createOrganizationViaApi, postWebhook } from './environment.js'
import { startHostileSite } from './hostile-site.js'
import { type Framework, startStack } from './stack.js'

/** Where screenshots go (a temp dir, never the repository). */
export const SCREENSHOT_DIR = mkdtempSync(join(tmpdir(), 'kit-e2e-'))

/** Declares the browser suite for one example app. */
export function defineExampleSuite(framework: Framework): void {
  const title = framework === 'express' ? 'Express' : 'Fastify'

  describe(`${title} example in Chromium`, () => {
    // Every test starts like a new private window: no app or emulator cookies.
    const t = useBrowserStack(() => startStack(framework))

    it('sends a visitor to the login page and answers the API with 401 JSON', async () => {
      const { page, stack } = await t.fresh()
      await page.goto(`${stack.appUrl}/`)
      await expect
        .poll(() => page.getByRole('link', { name: 'Sign in' }).first().isVisible())
        .toBe(true)
      expect(await page.title()).toContain(title)
      await expectVisitorRefused(page, stack)
    })

    it('signs alice in through the emulator login page: dashboard, API and admin page', async () => {
      const { page, stack } = await t.fresh()
      await signInAs(page, stack, 'alice@acme.test')

      await expectDashboardShows(page, ALICE_AT_ACME)
      const shot = join(SCREENSHOT_DIR, `dashboard-${framework}.png`)
      await page.screenshot({ path: shot, fullPage: true })
      console.log(`dashboard screenshot: ${shot}`)

      const me = await expectApiIdentity(page, stack, 'alice@acme.test', 'org_acme')
      expect(me.auth.roles).toContain('admin')

      await expectAdminPage(page, stack)
    })

    it('refuses bob on the admin page with a 403 page', async () => {
      const { page, stack } = await t.fresh()
      await signInAs(page, stack, 'bob@acme.test')
      expect(await testIdText(page, 'user-email')).toBe('bob@acme.test')
      expect(await page.getByLabel('Permissions').first().textContent()).not.toContain('org:manage')

      expect(await expectAdminRefused(page, stack)).toContain('org:manage')
    })

    it('signs in passwordless with the code from the emulator mailbox', async () => {
      const { page, stack } = await t.fresh()
      const email = 'carol@globex.test'
      await page.goto(`${stack.appUrl}/`)
      const form = page.locator('form', { has: page.getByLabel('Email') })
      await form.getByLabel('Email').fill(email)
      await form.getByRole('button', { name: 'Continue' }).click()
      // The login hint pre-fills the emulator's Email field; a globex.test address has no
      // SSO, so Continue mails a one-time code.
      await expectEmulatorLoginPage(page, stack)
      expect(await page.getByLabel('Email').inputValue()).toBe(email)
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      const codeField = page.getByLabel('Code')
      await codeField.fill(await latestCode(stack, email))
      await page.getByRole('button', { name: 'Verify' }).click()
      await waitForUrl(page, `${stack.appUrl}/dashboard`)
      expect(await testIdText(page, 'user-email')).toBe(email)
      expect(await testIdText(page, 'organization-name')).toBe('Globex')
    })

    it('starts an organization login from the home page: only its members are offered', async () => {
      const { page, stack } = await t.fresh()
      await page.goto(`${stack.appUrl}/`)
      const form = page.locator('form', { has: page.getByLabel('Organization ID') })
      await form.getByLabel('Organization ID').fill('org_acme')
      await form.getByRole('button', { name: 'Continue' }).click()
      await expectEmulatorLoginPage(page, stack)
      expect(await page.getByText('Acme Corp').count()).toBeGreaterThan(0)
      expect(await page.getByRole('button', { name: 'Sign in as carol@globex.test' }).count()).toBe(
        0,
      )
      await page.getByRole('button', { name: 'Sign in as bob@acme.test' }).click()
      await waitForUrl(page, `${stack.appUrl}/dashboard`)
      expect(await testIdText(page, 'user-email')).toBe('bob@acme.test')
      expect(await testIdText(page, 'organization-name')).toBe('Acme Corp')
    })

    it('starts SSO through a connection id from the home page', async () => {
      const { page, stack } = await t.fresh()
      await page.goto(`${stack.appUrl}/`)
      const form = page.locator('form', { has: page.getByLabel('Connection ID') })
      await form.getByLabel('Connection ID').fill('conn_acme_sso')
      await form.getByRole('button', { name: 'Continue' }).click()
      // Straight to Acme's emulated IdP: no account picker in between.
      await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
      await expect.poll(() => page.getByRole('heading', { name: 'Acme Corp' }).count()).toBe(1)
      await page.getByLabel('Email').fill('bob@acme.test')
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await waitForUrl(page, `${stack.appUrl}/dashboard`)
      expect(await testIdText(page, 'user-email')).toBe('bob@acme.test')
      const me = await apiMe(page, stack)
      expect(me.body.auth.connectionId).toBe('conn_acme_sso')
      expect(me.body.auth.organizationId).toBe('org_acme')
    })

    it('signs in with an emulated social provider from the home page', async () => {
      const { page, stack } = await t.fresh()
      await page.goto(`${stack.appUrl}/`)
      await page.getByRole('link', { name: 'Continue with GitHub' }).click()
      await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
      await expect
        .poll(() => page.getByRole('heading', { name: 'Sign in with GitHub' }).count())
        .toBe(1)
      await page.getByLabel('Email').fill(`dana.${framework}@gmail.test`)
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await waitForUrl(page, `${stack.appUrl}/dashboard`)
      expect(await testIdText(page, 'user-email')).toBe(`dana.${framework}@gmail.test`)
    })

    it('lands signed in after an IdP-initiated login from the emulator console', async () => {
      const { page, stack } = await t.fresh()
      await signInFromEmulatorConsole(page, stack, 'alice@acme.test')
      const me = await apiMe(page, stack)
      expect(me.status).toBe(200)
      expect(me.body.auth.user.email).toBe('alice@acme.test')
      expect(me.body.auth.organizationId).toBe('org_acme')
      expect(me.body.auth.connectionId).toBe('conn_acme_sso')
    })

    it('logs out at the app and at the emulator: the next login shows the login page', async () => {
      const { context, page, stack } = await t.fresh()
      await signInAs(page, stack, 'alice@acme.test')

      // While the emulator session lives, a new app login is silent (no login page).
      await expectSilentLogin(context, page, stack)
      expect(await testIdText(page, 'user-email')).toBe('alice@acme.test')

      await logOut(page, stack)
      expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0)
      expect((await apiMe(page, stack)).status).toBe(401)

      await page.goto(`${stack.appUrl}/auth/login?returnTo=%2Fdashboard`)
      await expectEmulatorLoginPage(page, stack)
      expect(await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).count()).toBe(1)
    })

    it('lists webhook events the environment delivers', async () => {
      const { page, stack } = await t.fresh()
      const before = stack.webhooks.list().length
      const created = await createOrganizationViaApi(stack, `Initech ${framework}`)
      await stack.emulator.flushWebhooks()
      await expect
        .poll(() => stack.webhooks.list().length, { timeout: 10_000 })
        .toBeGreaterThan(before)

      await page.goto(`${stack.appUrl}/webhooks/events`)
      const table = page.getByRole('table', { name: 'Webhook events' })
      const text = (await table.textContent()) ?? ''
      expect(text).toContain('organization.created')
      expect(text).toContain(created)
    })

    it('shows hostile webhook payloads as inert text and refuses forged deliveries', async () => {
      const { page, stack } = await t.fresh()
      const hostile = {
        id: `evt_hostile_${framework}`,
        type: '<img src=x onerror="window.__xss=1">',
        data: { note: '</pre><script>window.__xss=2</script>' },
      }
      const signed = await postWebhook(stack, stack.webhookSecret, `msg_ok_${framework}`, hostile)
      expect(signed.status).toBe(204)
      const forgedEvent = { id: 'evt_forged', type: 'forged.event', data: {} }
      const forged = await postWebhook(stack, generateWebhookSecret(), 'msg_forged', forgedEvent)
      expect(forged.status).toBe(401)

      await page.goto(`${stack.appUrl}/webhooks/events`)
      const table = page.getByRole('table', { name: 'Webhook events' })
      const text = (await table.textContent()) ?? ''
      expect(text).toContain('<img src=x onerror=')
      expect(text).toContain('<script>window.__xss=2</script>')
      expect(text).not.toContain('forged.event')
      expect(await table.locator('img, script').count()).toBe(0)
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
    })
    it('keeps the session on a cross-site logout POST and never redirects off-site', async () => {
      const { page, stack } = await t.fresh()
      // A returnTo pointing at another site is replaced by the app's own URL after login.
      const evil = encodeURIComponent('//evil.example/steal')
      await page.goto(`${stack.appUrl}/auth/login?returnTo=${evil}`)
      await expectEmulatorLoginPage(page, stack)
      await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).click()
      await waitForUrlPrefix(page, `${stack.appUrl}/`)
      expect((await apiMe(page, stack)).status).toBe(200)

      // An attacker's page auto-submits a logout form to the app.
      const logout = `${stack.appUrl}/auth/logout`
      const site = await startHostileSite(
        `<form id="f" method="post" action="${logout}"></form><script>f.submit()</script>`,
      )
      try {
        const answer = page.waitForResponse((res) => res.url() === logout)
        await page.goto(site.url)
        expect((await answer).status()).toBe(403)
      } finally {
        await site.close()
      }
      const me = await apiMe(page, stack)
      expect(me.status).toBe(200)
      expect(me.body.auth.user.email).toBe('alice@acme.test')
    })
  })
}
