// Next.js 15 test app: App Router with middleware.ts on the edge runtime, built with
// `next build` and served by `next start`, driven in Chromium against the emulator.
import {
  expectAdminPage,
  expectAdminRefused,
  expectApiIdentity,
  expectEmulatorLoginPage,
  NEXT_BUILD_TIMEOUT_MS,
  signInAs,
  testIdText,
  useBrowserStack,
} from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { runServerAction } from './support/action-form.js'
import { startNextStack } from './support/next-stack.js'

describe('Next.js 15 app (edge middleware) in Chromium', () => {
  const t = useBrowserStack(() => startNextStack('next15'), {
    startTimeoutMs: NEXT_BUILD_TIMEOUT_MS,
  })

  it('middleware sends a visitor to login and answers the API with 401 JSON', async () => {
    const { stack } = t
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
    const { page, stack } = await t.fresh()
    await page.goto(`${stack.appUrl}/`)
    await page.getByRole('link', { name: 'Sign in' }).first().click()
    await expectEmulatorLoginPage(page, stack)
    await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).click()
    await page.waitForURL(`${stack.appUrl}/dashboard`)
    expect(await testIdText(page, 'user-email')).toBe('alice@acme.test')
    expect(await page.getByLabel('Roles').first().textContent()).toContain('admin')

    await expectApiIdentity(page, stack, 'alice@acme.test', 'org_acme')
    await expectAdminPage(page, stack)
  })

  it('refuses bob on the admin page with HTTP 403', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'bob@acme.test')
    await expectAdminRefused(page, stack)
  })

  it('runs a guarded server action', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test', '/actions')
    expect((await runServerAction(page)).email).toBe('alice@acme.test')
  })

  it('uses cookies() and headers() the way Next 15 expects: no sync dynamic API warnings', () => {
    const { stack } = t
    expect(stack.buildOutput).toMatch(/Compiled (successfully|with warnings)/)
    for (const output of [stack.buildOutput, stack.output()]) {
      expect(output).not.toMatch(/should be awaited|sync-dynamic-apis/)
    }
  })

  it('bundles the edge middleware without a Node.js built-in module', () => {
    const { stack } = t
    // Next names every Node module an edge bundle loads ("A Node.js module is loaded").
    expect(stack.buildOutput).toContain('Creating an optimized production build')
    expect(stack.buildOutput).not.toContain('A Node.js module is loaded')
    expect(stack.buildOutput).not.toMatch(/Can't resolve 'node:/)
  })
})
