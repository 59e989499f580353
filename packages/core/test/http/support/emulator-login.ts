/**
 * Logins through the running emulator for the route-engine tests: the engine answers
 * `/auth/login` and `/auth/callback` in process, and the public `@kit/emulator/testing`
 * browser does the emulator's part, stopping where a redirect leaves the emulator.
 */
import type { EmulatorHandle } from '@kit/emulator'
import type { EmulatorBrowser, Page } from '@kit/emulator/testing'
import { expect } from 'vitest'
import type { KitRoutes } from '../../../src/http/index.js'
import { emulatorBrowser } from '../../support/emulator.js'
import { BASE, Jar, request } from './harness.js'

/** `/auth/login` -> the emulator's login page (not yet submitted); the jar keeps the transaction cookie. */
export async function openLogin(
  routes: KitRoutes,
  jar: Jar,
  browser: EmulatorBrowser,
  query = '',
): Promise<Page> {
  const headers = { 'sec-fetch-site': 'same-origin' }
  const res = (await routes.handle(request(`/auth/login${query}`, jar, { headers })))!
  expect(res.status).toBe(302)
  jar.apply(res)
  const page = await browser.get(res.headers.get('location')!)
  expect(page.status).toBe(200)
  return page
}

/** Hands the URL where the browser left the emulator (the app's callback) to the app. */
export async function toApp(routes: KitRoutes, landing: Page, jar: Jar): Promise<Response> {
  expect(landing.stopped, landing.body.slice(0, 300)).toBe(true)
  expect(landing.url.origin).toBe(BASE)
  const res = (await routes.handle(request(landing.url.pathname + landing.url.search, jar)))!
  jar.apply(res)
  return res
}

/** A whole login as `email` ("Sign in as" on the login page); returns the callback response. */
export async function loginThroughEmulator(
  routes: KitRoutes,
  emu: EmulatorHandle,
  email: string,
  query = '',
): Promise<{ jar: Jar; browser: EmulatorBrowser; res: Response }> {
  const jar = new Jar()
  const browser = emulatorBrowser(emu)
  const page = await openLogin(routes, jar, browser, query)
  const res = await toApp(routes, await browser.click(page, `Sign in as ${email}`), jar)
  return { jar, browser, res }
}
