/**
 * `@kit/emulator/testing`: drive the emulator's login pages from integration tests with
 * plain fetch, no real browser. One {@link EmulatorBrowser} keeps cookies per origin,
 * follows redirects, fills and clicks forms by their visible labels and names, and
 * signs in or out in one call; {@link authorizeWithForms} runs a PKCE login for tests
 * that redeem the code themselves.
 *
 * @example
 * import { startEmulator } from '@kit/emulator'
 * import { EmulatorBrowser } from '@kit/emulator/testing'
 *
 * const emu = await startEmulator({ port: 0, dbPath: ':memory:' })
 * const browser = new EmulatorBrowser()
 * const home = await browser.signIn({ startUrl: 'http://localhost:3000/auth/login', email: 'alice@acme.test' })
 */
export {
  type AuthorizeWithFormsOptions,
  type AuthorizeWithFormsResult,
  authorizeWithForms,
} from './authorize.js'
export {
  type ClickOptions,
  EmulatorBrowser,
  type EmulatorBrowserOptions,
  type NavigateOptions,
} from './browser.js'
export { CookieJar, type OriginCookies, type StoredCookie } from './cookie-jar.js'
export {
  EmulatorBrowserError,
  type EmulatorBrowserErrorCode,
  type ErrorPageInfo,
} from './errors.js'
export { type FoundButton, findButton } from './form-submission.js'
export { decodeEntities, type FormControl, type HtmlForm } from './html-forms.js'
export { type MailboxMessage, readLoginCode, readMailbox } from './mailbox.js'
export { alertText, classifyPage, formsOf, type Page, type PageKind } from './page.js'
export { createPkce, type PkcePair, randomToken } from './pkce.js'
export type { SignInOptions, SignInResult, SignInVia } from './sign-in.js'
export type { SignOutOptions } from './sign-out.js'
export type { StopAt } from './stop-at.js'
export {
  exchangeCode,
  type TokenClient,
  type TokenResponse,
  tokenRequest,
} from './token-request.js'
