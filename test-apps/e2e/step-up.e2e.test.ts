// Step-up (recent login) in Chromium against the Express example: its account security
// page needs a sign-in within 2 seconds (here; 300 by default). Once the login is older,
// opening the page shows the emulator's login page again, although the emulator session
// is live (max_age + prompt=login), and signing in lands back on the same page.
import { useBrowserStack } from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { expectEmulatorLoginPage, signInAs, testIdText, waitForUrl } from './support/flows.js'
import { startStack } from './support/stack.js'

/** The page's window; the guard forgives 5 s of clock skew on top (RECENT_LOGIN_SKEW_SECONDS). */
const MAX_AGE_SECONDS = 2

describe('step-up in the Express example (Chromium)', () => {
  const t = useBrowserStack(() =>
    startStack('express', { recentLoginMaxAgeSeconds: MAX_AGE_SECONDS }),
  )

  it('an old login is sent through the login page again and back to the same page', async () => {
    const { page, stack } = await t.fresh()
    await signInAs(page, stack, 'alice@acme.test', '/account/security')
    expect(await page.getByRole('heading', { name: 'Account security' }).count()).toBe(1)
    const firstLogin = Date.parse(await testIdText(page, 'auth-time'))
    expect(Number.isNaN(firstLogin)).toBe(false)

    // Let the login age past the window (and the guard's 5 s skew allowance).
    await new Promise((resolve) => setTimeout(resolve, (MAX_AGE_SECONDS + 6) * 1000))
    const target = `${stack.appUrl}/account/security?tab=devices`
    await page.goto(target)
    await expectEmulatorLoginPage(page, stack)
    expect(new URL(page.url()).origin).toBe(stack.emulator.url)
    await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).click()
    await waitForUrl(page, target)
    expect(await page.getByRole('heading', { name: 'Account security' }).count()).toBe(1)
    const secondLogin = Date.parse(await testIdText(page, 'auth-time'))
    expect(secondLogin - firstLogin).toBeGreaterThanOrEqual((MAX_AGE_SECONDS + 5) * 1000)
  })
})
