/**
 * Browser steps shared by the Express and Fastify suites: each drives the real pages
 * (the example app's and the emulator's) the way a person would, by role and label.
 */

import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Stack } from './stack.js'

/**
 * Waits for the page to reach `target` (an exact URL, or a predicate). On timeout the
 * error says where the browser is instead and what that page shows, so a broken step
 * (a 415, an error page) is visible in the test report.
 */
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
      `expected ${wanted}, but the browser is on ${page.url()} showing: ${body.slice(0, 300)}`,
      { cause: err },
    )
  }
}

/** Waits until the page's URL starts with `prefix` (ignores query and fragment changes). */
export async function waitForUrlPrefix(page: Page, prefix: string): Promise<void> {
  await waitForUrl(page, (url) => url.href.startsWith(prefix))
}

/** The emulator's login page: the "Sign in as <email>" buttons prove it is shown. */
export async function expectEmulatorLoginPage(page: Page, stack: Stack): Promise<void> {
  await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
  await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1)
}

/**
 * Opens `path` of the app as a visitor, which the guard sends to the emulator's login
 * page, then picks the seeded user's one-click button and waits to be back on `path`.
 */
export async function signInAs(page: Page, stack: Stack, email: string, path = '/dashboard') {
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
    accessToken?: string
  }
  error: { code: string; message: string }
}

/** Reads the JSON the app's `/api/me` returns in this browser (its cookies). */
export async function apiMe(page: Page, stack: Stack): Promise<{ status: number; body: MeBody }> {
  const res = await page.request.get(`${stack.appUrl}/api/me`, {
    headers: { accept: 'application/json' },
  })
  return { status: res.status(), body: await res.json() }
}

/** The latest passwordless code the emulator "emailed" to `email` (its mailbox JSON). */
export async function latestCode(stack: Stack, email: string): Promise<string> {
  let code: string | undefined
  await expect
    .poll(async () => {
      const res = await fetch(
        `${stack.emulator.url}/_emulator/mailbox?to=${encodeURIComponent(email)}`,
      )
      const { messages } = (await res.json()) as {
        messages: { kind: string; data: { code?: string } }[]
      }
      code = messages.find((m) => m.kind === 'passwordless_code' && m.data.code)?.data.code
      return code
    })
    .toMatch(/^\S+$/)
  return code!
}

/** Text content of the dashboard card value marked with `data-testid`. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim()
}
