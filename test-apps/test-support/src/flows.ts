/**
 * Browser steps shared by every browser suite (the Express and Fastify examples, the
 * Next.js test apps): each drives the real pages, the app's and the emulator's, the way
 * a person would, by role and label. They work against any {@link AppStack}.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'

/** What the flows need to know of a running app and its emulator. */
export interface AppStack {
  /** Base URL of the app (`http://localhost:<port>`). */
  appUrl: string
  emulator: { url: string }
}

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

/** The emulator's login page: its "Sign in" heading proves it is shown. */
export async function expectEmulatorLoginPage(page: Page, stack: AppStack): Promise<void> {
  await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
  await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1)
}

/**
 * Opens `path` of the app as a visitor, which the guard sends to the emulator's login
 * page, then picks the seeded user's one-click button and waits to be back on `path`.
 */
export async function signInAs(page: Page, stack: AppStack, email: string, path = '/dashboard') {
  await page.goto(`${stack.appUrl}${path}`)
  await expectEmulatorLoginPage(page, stack)
  await page.getByRole('button', { name: `Sign in as ${email}` }).click()
  await waitForUrl(page, `${stack.appUrl}${path}`)
}

/**
 * An IdP-initiated login from the emulator console for Acme's connection: the app
 * validates the IdP's token and restarts the login through that connection, whose
 * emulated IdP then asks who signs in (a real IdP would know already). Ends back on the app.
 */
export async function signInFromEmulatorConsole(page: Page, stack: AppStack, email: string) {
  await page.goto(`${stack.emulator.url}/`)
  await page.getByRole('button', { name: /IdP-initiated login for .*Acme/ }).click()
  await waitForUrlPrefix(page, `${stack.emulator.url}/interaction/`)
  await expect.poll(() => page.getByRole('heading', { name: 'Acme Corp' }).count()).toBe(1)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await waitForUrlPrefix(page, stack.appUrl)
}

/**
 * Drops the app's cookies and logs in again: while the emulator session lives, the
 * login is silent (no login page) and lands back on the dashboard.
 */
export async function expectSilentLogin(context: BrowserContext, page: Page, stack: AppStack) {
  await context.clearCookies({ domain: new URL(stack.appUrl).hostname })
  await page.goto(`${stack.appUrl}/auth/login?returnTo=%2Fdashboard`)
  await waitForUrl(page, `${stack.appUrl}/dashboard`)
}

/** Presses the app's "Log out" button and waits for the home page. */
export async function logOut(page: Page, stack: AppStack): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click()
  await waitForUrl(page, `${stack.appUrl}/`)
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

/** Reads the JSON the app's `/api/me` returns in this browser (its cookies). */
export async function apiMe(
  page: Page,
  stack: AppStack,
): Promise<{ status: number; body: MeBody }> {
  const res = await page.request.get(`${stack.appUrl}/api/me`, {
    headers: { accept: 'application/json' },
  })
  return { status: res.status(), body: await res.json() }
}

/** Who the dashboard should show: the user, the organization, a role and a permission. */
export interface DashboardIdentity {
  email: string
  organizationName: string
  role: string
  permission: string
}

/** The demo seed's Acme admin, as the dashboard shows her. */
export const ALICE_AT_ACME: DashboardIdentity = {
  email: 'alice@acme.test',
  organizationName: 'Acme Corp',
  role: 'admin',
  permission: 'org:manage',
}

/** The dashboard (the shared example view) shows `who`'s identity cards. */
export async function expectDashboardShows(page: Page, who: DashboardIdentity): Promise<void> {
  expect(await testIdText(page, 'user-email')).toBe(who.email)
  expect(await testIdText(page, 'organization-name')).toBe(who.organizationName)
  expect(await page.getByLabel('Roles').first().textContent()).toContain(who.role)
  expect(await page.getByLabel('Permissions').first().textContent()).toContain(who.permission)
}

/**
 * `/api/me` answers 200 with `email` signed in to `organizationId`, and never the
 * access token. Answers the body for the suite's own checks.
 */
export async function expectApiIdentity(
  page: Page,
  stack: AppStack,
  email: string,
  organizationId: string,
): Promise<MeBody> {
  const me = await apiMe(page, stack)
  expect(me.status).toBe(200)
  expect(me.body.auth.user.email).toBe(email)
  expect(me.body.auth.organizationId).toBe(organizationId)
  expect(me.body.auth.accessToken).toBeUndefined()
  return me.body
}

/**
 * What a visitor (no session) meets: the dashboard sends them to the emulator's login
 * page, and `/api/me` answers 401 JSON with the `unauthenticated` code.
 */
export async function expectVisitorRefused(page: Page, stack: AppStack): Promise<void> {
  await page.goto(`${stack.appUrl}/dashboard`)
  await expectEmulatorLoginPage(page, stack)
  const me = await apiMe(page, stack)
  expect(me.status).toBe(401)
  expect(me.body.error.code).toBe('unauthenticated')
}

/** Opens `/admin` as a member with `org:manage`: HTTP 200 and the admin page. */
export async function expectAdminPage(page: Page, stack: AppStack): Promise<void> {
  const admin = await page.goto(`${stack.appUrl}/admin`)
  expect(admin?.status()).toBe(200)
  await expect.poll(() => page.getByRole('heading', { name: 'Organization admin' }).count()).toBe(1)
}

/**
 * Opens `/admin` as a member without `org:manage`: HTTP 403 with the "Access denied"
 * page, and still signed in (the refusal is about permission, not identity). Answers
 * the page's text for the suite's own checks.
 */
export async function expectAdminRefused(page: Page, stack: AppStack): Promise<string> {
  const admin = await page.goto(`${stack.appUrl}/admin`)
  expect(admin?.status()).toBe(403)
  const text = (await page.locator('body').textContent()) ?? ''
  expect(text).toContain('Access denied')
  expect(text).not.toContain('Organization admin')
  expect((await apiMe(page, stack)).status).toBe(200)
  return text
}

/** The latest passwordless code the emulator "emailed" to `email` (its mailbox JSON). */
export async function latestCode(stack: AppStack, email: string): Promise<string> {
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

/** Text content of the element marked with `data-testid`, trimmed. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim()
}
