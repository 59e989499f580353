// Impersonation made visible, in Chromium against the Express example: an admin starts
// it from the emulator's console, the app shows the banner on every page and the API
// names the actor; and a Playwright test signed in with a @kit/core/testing session.
import { createTestSessionCookies } from '@kit/core/testing'
import { useBrowserStack } from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { apiMe } from './support/flows.js'
import { startStack } from './support/stack.js'

describe('impersonation in the Express example (Chromium)', () => {
  const t = useBrowserStack(() => startStack('express'))

  it('the console impersonates Bob as Alice: banner on every page, actor in the API', async () => {
    const { page, stack } = await t.fresh()
    await page.goto(`${stack.emulator.url}/`)
    await page.getByLabel('User', { exact: true }).selectOption('usr_bob')
    await page.getByLabel('Acting admin').selectOption('usr_alice')
    await page.getByRole('button', { name: 'Impersonate', exact: true }).click()
    await page.waitForURL((url) => url.origin === stack.appUrl)
    const banner = page.getByRole('status')
    await expect.poll(() => banner.textContent()).toMatch(/alice@acme\.test is acting as Bob/)
    await page.goto(`${stack.appUrl}/dashboard`)
    expect(await page.getByRole('status').textContent()).toMatch(/is acting as/)
    const me = await apiMe(page, stack)
    expect(me.status).toBe(200)
    expect(me.body.auth).toMatchObject({
      user: { email: 'bob@acme.test' },
      actor: { id: 'usr_alice', email: 'alice@acme.test' },
    })
    // Ending the impersonation logs the browser out of the app.
    await page.getByRole('button', { name: 'End impersonation' }).click()
    await page.waitForURL((url) => url.origin === stack.appUrl)
    expect((await apiMe(page, stack)).status).toBe(401)
  })

  it('a Playwright test signs in with a test session cookie, no login flow', async () => {
    const { page, stack, context } = await t.fresh()
    const cookies = await createTestSessionCookies({
      secret: stack.sessionSecret,
      user: { id: 'usr_test', email: 'tess@example.com', name: 'Tess Tester' },
      organizationId: 'org_acme',
      roles: ['admin'],
      permissions: ['org:manage'],
      actor: { id: 'usr_support', email: 'support@example.com' },
      cookieName: 'kit_example_express', // the example's session.cookieName
    })
    await context.addCookies(cookies.map((c) => ({ ...c, url: stack.appUrl })))
    await page.goto(`${stack.appUrl}/admin`)
    expect(await page.title()).toContain('Admin')
    expect(await page.getByRole('status').textContent()).toMatch(
      /support@example\.com is acting as Tess Tester/,
    )
  })
})
