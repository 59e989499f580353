import type { EmulatorBrowser } from './browser.js'
import { EmulatorBrowserError } from './errors.js'
import { alertText, formsOf, type Page } from './page.js'
import type { StopAt } from './stop-at.js'

/** Options of {@link EmulatorBrowser.signOut}: give `startUrl` or `logoutUrl`. */
export interface SignOutOptions {
  /** The app's logout route (e.g. `/auth/logout`); requested with POST unless `method` says otherwise. */
  startUrl?: string | URL
  /** An emulator logout URL (`/oidc/logout?id_token_hint=...`); requested with GET by default. */
  logoutUrl?: string | URL
  method?: 'GET' | 'POST'
  /** Form fields for a POST (e.g. a CSRF token the app expects). */
  form?: Record<string, string>
  /** Stop before requesting a matching redirect target. */
  stopAt?: StopAt
}

/**
 * Signs out as a browser would: requests the app's logout route (or the emulator's
 * logout URL), lets the emulator's "Signing out" page submit itself (or submits it
 * when auto-submit is off) and follows the redirects to the page after logout.
 * The emulator session ends, so the next authorize shows the login page again.
 */
export async function signOut(browser: EmulatorBrowser, options: SignOutOptions): Promise<Page> {
  const target = options.startUrl ?? options.logoutUrl
  if (!target || (options.startUrl && options.logoutUrl))
    throw new EmulatorBrowserError(
      'ERR_EMU_INVALID_OPTION',
      'signOut needs exactly one of startUrl or logoutUrl',
    )
  const method = options.method ?? (options.startUrl ? 'POST' : 'GET')
  let page = await browser.navigate(target, {
    method,
    ...(method === 'POST' ? { form: options.form ?? {} } : {}),
    stopAt: options.stopAt,
  })
  if (page.kind === 'logout') {
    const form = formsOf(page).find(
      (f) => f.id === 'op.logoutForm' || /\/logout\/confirm$/.test(f.action.pathname),
    )
    if (form) page = await browser.submit(page, form, { stopAt: options.stopAt })
  }
  if (page.kind === 'error' || page.kind === 'logout')
    throw new EmulatorBrowserError(
      'ERR_EMU_SIGN_OUT_FAILED',
      `sign-out stopped on the emulator's ${page.kind} page: ${alertText(page.body)}`,
      { page },
    )
  return page
}
