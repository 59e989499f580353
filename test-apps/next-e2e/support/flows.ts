/**
 * Browser steps of the Next.js suites, by role and label like the Express and Fastify
 * suites' (test-apps/e2e/support/flows.ts), against a {@link NextStack}.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { NextStack } from './next-stack.js'

/** Waits for `target`; on timeout says where the browser is and what it shows. */
export async function waitForUrl(page: Page, target: string | ((url: URL) => boolean)) {
  try {
    await page.waitForURL(target)
  } catch (err) {
    const body = (
      (await page
        .locator('body')
        .textContent()
        .catch(() => '')) ?? ''
    ).trim()
    const wanted = typeof target === 'string' ? target : 'the expected page'
    throw new Error(
      `expected ${wanted}, but the browser is on ${page.url()}: ${body.slice(0, 300)}`,
      {
        cause: err,
      },
    )
  }
}

/** Waits until the page's URL starts with `prefix`. */
export const waitForUrlPrefix = (page: Page, prefix: string) =>
  waitForUrl(page, (url) => url.href.startsWith(prefix))

/** The emulator's login page (its "Sign in" heading) is showing. */
export async function expectEmulatorLoginPage(page: Page, stack: NextStack): Promise<void> {
  await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
  await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1)
}

/** Opens `path` as a visitor, signs in as the seeded user and waits to be back on `path`. */
export async function signInAs(page: Page, stack: NextStack, email: string, path = '/dashboard') {
  await page.goto(`${stack.appUrl}${path}`)
  await expectEmulatorLoginPage(page, stack)
  await page.getByRole('button', { name: `Sign in as ${email}` }).click()
  await waitForUrl(page, `${stack.appUrl}${path}`)
}

/** What `/api/me` answers: the session's identity, or the kit's error shape. */
export interface MeBody {
  auth: {
    user: { id: string; email?: string }
    organizationId?: string
    connectionId?: string
    roles: string[]
    permissions: string[]
    expiresAt: number
    accessToken?: string
  }
  error: { code: string; message: string }
}

/** Reads `/api/me` with this browser's cookies. */
export async function apiMe(
  page: Page,
  stack: NextStack,
): Promise<{ status: number; body: MeBody }> {
  const res = await page.request.get(`${stack.appUrl}/api/me`, {
    headers: { accept: 'application/json' },
  })
  return { status: res.status(), body: await res.json() }
}

/** Text of the element marked with `data-testid`. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim()
}
