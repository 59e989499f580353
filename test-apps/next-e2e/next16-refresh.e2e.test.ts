// An access token inside the refresh window is refreshed exactly once, even when a
// server component, a route handler and a server action ask for it at the same moment,
// and every one of them sees the new token. The refresh grants are counted at the
// emulator: with rotating refresh tokens, each grant consumes the refresh token it
// presented, which its OIDC store marks (`oidc_models.consumed`).
import {
  apiMe,
  NEXT_BUILD_TIMEOUT_MS,
  refreshGrants,
  signInAs,
  testIdText,
  useBrowserStack,
} from '@kit/test-support'
import { describe, expect, it } from 'vitest'
import { startNextStack } from './support/next-stack.js'

// The kit refreshes when a token has less than 60 s (its default skew) left; a 70 s
// lifetime leaves the first ~10 s after login outside the window.
const ACCESS_TOKEN_TTL = 70
const REFRESH_SKEW = 60

describe('Next.js 16: one refresh across parallel requests', () => {
  const t = useBrowserStack(
    () => startNextStack('next16', { emulator: { accessTokenTtl: ACCESS_TOKEN_TTL } }),
    { startTimeoutMs: NEXT_BUILD_TIMEOUT_MS },
  )

  it('refreshes once for a server component, a route handler and a server action', async () => {
    const { context, page: actionPage, stack } = await t.fresh()
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
