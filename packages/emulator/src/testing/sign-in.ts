import type { EmulatorBrowser } from './browser.js'
import { EmulatorBrowserError } from './errors.js'
import type { HtmlForm } from './html-forms.js'
import { readLoginCode } from './mailbox.js'
import { alertText, formsOf, type Page, type PageKind } from './page.js'
import type { StopAt } from './stop-at.js'

/**
 * How to get past the emulator's login page: `button` clicks "Sign in as <email>" (a
 * seeded user), `sso` types the email and signs in on the organization's emulated IdP
 * (the domain must belong to an organization with an SSO connection), `code` types the
 * email and enters the passwordless code mailed to it.
 */
export type SignInVia = 'button' | 'sso' | 'code'

/** Options of {@link EmulatorBrowser.signIn}. */
export interface SignInOptions {
  /**
   * Where a person would start: the app's login route (`/auth/login?returnTo=...`) or
   * any URL that leads to the emulator's authorize endpoint.
   */
  startUrl: string | URL
  /** Who signs in. */
  email: string
  /** Default `button`. Pages the request itself leads to (SSO by `domain_hint`, a social picker) are completed whatever `via` says. */
  via?: SignInVia
  /** Method for `startUrl`. Default GET. */
  method?: 'GET' | 'POST'
  /** Reads the passwordless code for `email`. Default: the emulator's mailbox JSON. */
  readCode?: (email: string) => Promise<string> | string
  /** Answer to a consent page (third-party clients). Default `allow`. */
  consent?: 'allow' | 'deny'
  /**
   * The organization to pick, by display name ("Acme Corp") or id (`org_acme`), when
   * the emulator asks "Choose an organization" (a user with several memberships and no
   * `organization_id` in the request). Default: the first one offered. Ignored when the
   * page does not appear.
   */
  organization?: string
  /** Stop before requesting a matching redirect target, e.g. the app's callback. */
  stopAt?: StopAt
}

/** The page the login ended on, and the emulator's origin when one was seen. */
export interface SignInResult extends Page {
  /** Origin of the emulator pages the login went through (undefined if none showed). */
  emulatorOrigin?: string
}

const MAX_STEPS = 8

/**
 * Starts at `startUrl`, completes whichever emulator pages appear (login, SSO, code,
 * social picker, consent, organization picker) and follows the redirects back until a page that is not the
 * emulator's (or a `stopAt` target). An emulator page that shows an error, or the same
 * step twice, ends it with an {@link EmulatorBrowserError}.
 */
export async function signIn(
  browser: EmulatorBrowser,
  options: SignInOptions,
): Promise<SignInResult> {
  const { email, via = 'button', stopAt } = options
  if (!email) throw new EmulatorBrowserError('ERR_EMU_INVALID_OPTION', 'signIn needs an email')
  if (!['button', 'sso', 'code'].includes(via))
    throw new EmulatorBrowserError('ERR_EMU_INVALID_OPTION', `unknown via "${via}"`)
  let page = await browser.navigate(options.startUrl, { method: options.method ?? 'GET', stopAt })
  let emulatorOrigin: string | undefined
  const done = new Set<PageKind>()
  for (let step = 0; step < MAX_STEPS; step++) {
    if (page.stopped || page.kind === 'other' || page.kind === 'signed-out')
      return { ...page, emulatorOrigin }
    emulatorOrigin = page.url.origin
    if (page.kind === 'error' || page.status >= 400 || done.has(page.kind))
      throw new EmulatorBrowserError(
        'ERR_EMU_SIGN_IN_FAILED',
        `sign-in as ${email} stopped on the emulator's ${page.kind} page: ${alertText(page.body)}`,
        { page },
      )
    done.add(page.kind)
    const click = (name: string, fill?: Record<string, string>) =>
      browser.click(page, name, { fill, stopAt })
    switch (page.kind) {
      case 'login':
        if (via === 'button') page = await click(`Sign in as ${email}`)
        else {
          page = await click('Continue', { Email: email })
          expectStep(page, via, email)
        }
        break
      case 'sso':
        page = await click('Sign in', { Email: email })
        break
      case 'code': {
        const code = await (options.readCode ?? ((e) => readLoginCode(page.url.origin, e)))(email)
        page = await click('Verify', { Code: code })
        break
      }
      case 'social':
        page = hasButton(page, `Continue as ${email}`)
          ? await click(`Continue as ${email}`)
          : await click('Continue', { Email: email })
        break
      case 'consent':
        page = await click(options.consent === 'deny' ? 'Deny' : 'Allow')
        break
      case 'organization':
        page = await browser.submit(page, organizationForm(page, options.organization), {
          stopAt,
        })
        break
    }
  }
  throw new EmulatorBrowserError(
    'ERR_EMU_SIGN_IN_FAILED',
    `sign-in as ${email} did not finish after ${MAX_STEPS} steps`,
    { page },
  )
}

/** After "Continue" with an email, the emulator must show the step `via` asked for. */
function expectStep(page: Page, via: 'sso' | 'code', email: string): void {
  if (page.kind === 'login' || page.kind === 'error') return // reported by the loop
  if (via === 'sso' && page.kind === 'code')
    throw new EmulatorBrowserError(
      'ERR_EMU_UNEXPECTED_PAGE',
      `expected SSO for ${email}, but the emulator asked for a passwordless code (no organization with an SSO connection owns that domain)`,
      { page },
    )
  if (via === 'code' && page.kind === 'sso')
    throw new EmulatorBrowserError(
      'ERR_EMU_UNEXPECTED_PAGE',
      `expected a passwordless code for ${email}, but its domain signs in through SSO`,
      { page },
    )
}

/**
 * The form of the organization page that picks `wanted` (an id, else a display name),
 * or the first one offered. Not offered, or a display name shared by several, throws.
 */
function organizationForm(page: Page, wanted: string | undefined): HtmlForm {
  const offered = formsOf(page).flatMap((form) => {
    const id = form.controls.find((c) => c.name === 'organization_id')?.value
    const button = form.controls.find((c) => c.tag === 'button')
    return id && button ? [{ form, id, name: button.text }] : []
  })
  const byId = offered.filter((o) => o.id === wanted)
  const matches =
    wanted === undefined
      ? offered.slice(0, 1)
      : byId.length
        ? byId
        : offered.filter((o) => o.name === wanted)
  const names = offered.map((o) => `"${o.name}" (${o.id})`).join(', ') || 'none'
  if (matches.length > 1)
    throw new EmulatorBrowserError(
      'ERR_EMU_BUTTON_AMBIGUOUS',
      `${matches.length} organizations are named "${wanted}"; pick one by id: ${names}`,
      { page },
    )
  const match = matches[0]
  if (!match)
    throw new EmulatorBrowserError(
      'ERR_EMU_BUTTON_NOT_FOUND',
      wanted === undefined
        ? 'the "Choose an organization" page offers no organization'
        : `no organization "${wanted}" on the "Choose an organization" page; it offers: ${names}`,
      { page },
    )
  return match.form
}

function hasButton(page: Page, name: string): boolean {
  return formsOf(page).some((f) => f.controls.some((c) => c.tag === 'button' && c.text === name))
}
