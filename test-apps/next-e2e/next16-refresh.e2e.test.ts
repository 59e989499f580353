// An access token inside the refresh window is refreshed exactly once, even when a
// server component, a route handler and a server action ask for it at the same moment,
// and every one of them sees the new token. The refresh grants are counted at the
// emulator: with rotating refresh tokens, each grant consumes the refresh token it
// presented, which its OIDC store marks (`oidc_models.consumed`).
import type { EmulatorHandle } from '@kit/emulator'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newContext } from '../e2e/support/browser.js'
import { apiMe, signInAs, testIdText } from './support/flows.js'
import { type NextStack, startNextStack } from './support/next-stack.js'

// The kit refreshes when a token has less than 60 s (its default skew) left; a 70 s
// lifetime leaves the first ~10 s after login outside the window.
const ACCESS_TOKEN_TTL = 70
const REFRESH_SKEW = 60

/** Refresh grants the emulator has answered: the refresh tokens they consumed. */
function refreshGrants(emulator: EmulatorHandle): number {
  const row = emulator.ctx.db
    .prepare(
      "SELECT COUNT(*) AS n FROM oidc_models WHERE model = 'RefreshToken' AND consumed IS NOT NULL",
    )
    .get() as { n: number }
  return row.n
}

describe('Next.js 16: one refresh across parallel requests', () => {
  let browser: Browser
  let stack: NextStack
  let context: BrowserContext

  beforeAll(async () => {
    ;[browser, stack] = await Promise.all([
      launchChromium(),
      startNextStack('next16', { emulator: { accessTokenTtl: ACCESS_TOKEN_TTL } }),
    ])
  }, 240_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await stack?.close()
  })

  it('refreshes once for a server component, a route handler and a server action', async () => {
    context = await newContext(browser)
    const actionPage = await context.newPage()
    const dashboardPage = await context.newPage()
    await signInAs(actionPage, stack, 'alice@acme.test', '/actions')
    const before = await apiMe(actionPage, stack)
    expect(before.status).toBe(200)
    const oldExp = before.body.auth.expiresAt
    expect(oldExp - Date.now() / 1000).toBeGreaterThan(REFRESH_SKEW)

    // Wait until the token is inside the refresh window, then count token requests.
    const windowOpensMs = (oldExp - REFRESH_SKEW) * 1000 + 500
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowOpensMs - Date.now())))
    const grants = () => refreshGrants(stack.emulator)
    expect(grants()).toBe(0)

    const [, tokenRes] = await Promise.all([
      dashboardPage.goto(`${stack.appUrl}/dashboard`),
      context.request.get(`${stack.appUrl}/api/token`),
      actionPage.getByRole('button', { name: 'Run action' }).click(),
    ])
    await expect.poll(() => testIdText(actionPage, 'action-exp')).not.toBe('')

    const fromHandler = ((await tokenRes.json()) as { token: { exp: number } }).token.exp
    const fromAction = Number(await testIdText(actionPage, 'action-exp'))
    const fromComponent =
      (await dashboardPage
        .getByText(/^\d{4}-\d\d-\d\dT/)
        .first()
        .textContent()) ?? ''
    expect(fromHandler).toBeGreaterThan(oldExp)
    expect(fromAction).toBe(fromHandler)
    expect(fromComponent).toBe(new Date(fromHandler * 1000).toISOString())
    expect(grants()).toBe(1)

    // The refreshed session was stored: later requests do not refresh again.
    const after = await apiMe(actionPage, stack)
    expect(after.body.auth.expiresAt).toBe(fromHandler)
    expect((await context.request.get(`${stack.appUrl}/api/token`)).status()).toBe(200)
    expect(grants()).toBe(1)
  })
})
