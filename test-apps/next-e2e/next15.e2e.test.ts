// Next.js 15 test app: App Router with middleware.ts on the edge runtime, built with
// `next build` and served by `next start`, driven in Chromium against the emulator.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newContext } from '../e2e/support/browser.js'
import { apiMe, expectEmulatorLoginPage, signInAs, testIdText } from './support/flows.js'
import { type NextStack, startNextStack } from './support/next-stack.js'

describe('Next.js 15 app (edge middleware) in Chromium', () => {
  let browser: Browser
  let stack: NextStack
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    ;[browser, stack] = await Promise.all([launchChromium(), startNextStack('next15')])
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })
  const fresh = async () => {
    context = await newContext(browser)
    page = await context.newPage()
  }
  afterEach(async () => {
    await context?.close()
  })

  it('middleware sends a visitor to login and answers the API with 401 JSON', async () => {
    const dashboard = await fetch(`${stack.appUrl}/dashboard`, { redirect: 'manual' })
    // 302 is the kit's guard in the middleware; a page's `redirect()` would answer 307.
    expect(dashboard.status).toBe(302)
    expect(dashboard.headers.get('location')).toContain('/auth/login?returnTo=%2Fdashboard')
    const me = await fetch(`${stack.appUrl}/api/me`, { headers: { accept: 'application/json' } })
    expect(me.status).toBe(401)
    expect(me.headers.get('content-type')).toContain('application/json')
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('unauthenticated')
  })

  it('signs alice in through the handlers: dashboard, API and admin', async () => {
    await fresh()
    await page.goto(`${stack.appUrl}/`)
    await page.getByRole('link', { name: 'Sign in' }).first().click()
    await expectEmulatorLoginPage(page, stack)
    await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).click()
    await page.waitForURL(`${stack.appUrl}/dashboard`)
    expect(await testIdText(page, 'user-email')).toBe('alice@acme.test')
    expect(await page.getByLabel('Roles').first().textContent()).toContain('admin')

    const me = await apiMe(page, stack)
    expect(me.status).toBe(200)
    expect(me.body.auth.organizationId).toBe('org_acme')
    const admin = await page.goto(`${stack.appUrl}/admin`)
    expect(admin?.status()).toBe(200)
  })

  it('refuses bob on the admin page with HTTP 403', async () => {
    await fresh()
    await signInAs(page, stack, 'bob@acme.test')
    const admin = await page.goto(`${stack.appUrl}/admin`)
    expect(admin?.status()).toBe(403)
    expect(await page.locator('body').textContent()).toContain('Access denied')
  })

  it('runs a guarded server action', async () => {
    await fresh()
    await signInAs(page, stack, 'alice@acme.test', '/actions')
    await page.getByRole('button', { name: 'Run action' }).click()
    await expect.poll(() => testIdText(page, 'action-email')).toBe('alice@acme.test')
  })

  it('uses cookies() and headers() the way Next 15 expects: no sync dynamic API warnings', () => {
    expect(stack.buildOutput).toMatch(/Compiled (successfully|with warnings)/)
    for (const output of [stack.buildOutput, stack.output()]) {
      expect(output).not.toMatch(/should be awaited|sync-dynamic-apis/)
    }
  })

  it('bundles the edge middleware without a Node.js built-in module', () => {
    // Next names every Node module an edge bundle loads ("A Node.js module is loaded").
    expect(stack.buildOutput).toContain('Creating an optimized production build')
    expect(stack.buildOutput).not.toContain('A Node.js module is loaded')
    expect(stack.buildOutput).not.toMatch(/Can't resolve 'node:/)
  })
})
