// Organization switching in Chromium against the Fastify example: erin (seeded admin of
// Acme Corp, member of Globex) uses the header's switcher on the dashboard and lands on
// the same page in Globex with Globex's role, without any page of the emulator.
import { useBrowserStack } from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { apiMe, expectEmulatorLoginPage, waitForUrl } from './support/flows.js'
import { startStack } from './support/stack.js'

describe('organization switching in the Fastify example (Chromium)', () => {
  const t = useBrowserStack(() => startStack('fastify'))

  it('the header switcher moves erin to Globex on the same page, with no login page', async () => {
    const { page, stack } = await t.fresh()
    await page.goto(`${stack.appUrl}/dashboard`)
    await expectEmulatorLoginPage(page, stack)
    await page.getByRole('button', { name: 'Sign in as erin@example.test' }).click()
    // Two organizations and none asked for: the emulator asks which one.
    await page.getByRole('button', { name: 'Acme Corp' }).click()
    await waitForUrl(page, `${stack.appUrl}/dashboard`)

    const switcher = page.getByRole('group', { name: 'Organization' })
    expect(await switcher.locator('[aria-current="true"]').textContent()).toBe('Acme Corp')
    expect(await page.getByLabel('Roles').textContent()).toContain('admin')

    // Every navigation request, redirects included: the emulator's pages live under /interaction/.
    const visited: string[] = []
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(request.url())
    })
    const callback = page.waitForResponse((res) => res.url().includes('/auth/callback?'))
    await switcher.getByRole('button', { name: 'Switch to Globex' }).click()
    expect((await callback).status()).toBe(302)
    await waitForUrl(page, `${stack.appUrl}/dashboard`)
    expect(visited.some((url) => url.startsWith(`${stack.emulator.url}/oauth/authorize`))).toBe(
      true,
    )
    expect(visited.filter((url) => url.includes('/interaction/'))).toEqual([])

    expect(await switcher.locator('[aria-current="true"]').textContent()).toBe('Globex')
    const roles = await page.getByLabel('Roles').textContent()
    expect(roles).toContain('member')
    expect(roles).not.toContain('admin')
    const me = await apiMe(page, stack)
    expect(me.body.auth).toMatchObject({ organizationId: 'org_globex', roles: ['member'] })
  })
})
