import { EmulatorBrowser } from './browser.js'
import { EmulatorBrowserError } from './errors.js'
import { createPkce, randomToken } from './pkce.js'
import type { SignInVia } from './sign-in.js'

/** Options of {@link authorizeWithForms}. */
export interface AuthorizeWithFormsOptions {
  emulatorUrl: string | URL
  clientId: string
  /** A redirect URI registered for the client; nothing needs to listen there. */
  redirectUri: string
  email: string
  /** Default `button`. */
  via?: SignInVia
  /** Default `openid profile email offline_access`. */
  scope?: string
  /** Extra or overriding authorize parameters (organization_id, connection_id, prompt, state, ...). */
  params?: Record<string, string>
  /** Reads the passwordless code (`via: 'code'`). Default: the emulator's mailbox JSON. */
  readCode?: (email: string) => Promise<string> | string
  /**
   * Organization to pick (display name or id) if the emulator asks "Choose an
   * organization"; default the first offered. See `SignInOptions.organization`.
   */
  organization?: string
  /**
   * Reuse a browser, so its emulator session carries over between logins. Default: a new
   * browser that only requests the emulator (`allowedOrigins: [emulatorUrl]`), so later
   * navigations stop at redirect URIs nothing listens on.
   */
  browser?: EmulatorBrowser
}

/** A completed authorization: what the client needs to redeem the code. */
export interface AuthorizeWithFormsResult {
  code: string
  /** `state` as returned on the callback. */
  state: string
  nonce: string
  codeVerifier: string
  /** The redirect the emulator sent the browser to (`redirectUri?code=...&state=...`). */
  callbackUrl: URL
  /** The browser, holding the emulator's session cookies (see `browser` in the options). */
  browser: EmulatorBrowser
}

/**
 * Runs an authorization-code + PKCE login through the emulator's HTML pages, as a
 * relying party would, and stops at the redirect to `redirectUri` without requesting
 * it. For tests that exchange the code themselves (see {@link exchangeCode}).
 *
 * @example
 * const login = await authorizeWithForms({
 *   emulatorUrl: emu.url, clientId: emu.clientId,
 *   redirectUri: 'http://localhost:3000/auth/callback', email: 'alice@acme.test',
 * })
 * // login.code, login.codeVerifier -> POST /oauth/token
 */
export async function authorizeWithForms(
  options: AuthorizeWithFormsOptions,
): Promise<AuthorizeWithFormsResult> {
  const browser = options.browser ?? new EmulatorBrowser({ allowedOrigins: [options.emulatorUrl] })
  const pkce = await createPkce()
  const query: Record<string, string> = {
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope ?? 'openid profile email offline_access',
    state: randomToken(),
    nonce: randomToken(),
    code_challenge: pkce.codeChallenge,
    code_challenge_method: 'S256',
    ...options.params,
  }
  const authorize = new URL('/oauth/authorize', options.emulatorUrl)
  for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value)
  const landing = await browser.signIn({
    startUrl: authorize,
    email: options.email,
    via: options.via,
    readCode: options.readCode,
    organization: options.organization,
    stopAt: options.redirectUri,
  })
  const callbackUrl = landing.url
  const code = landing.stopped ? callbackUrl.searchParams.get('code') : null
  if (!code) {
    const error = callbackUrl.searchParams.get('error')
    throw new EmulatorBrowserError(
      'ERR_EMU_AUTHORIZE_FAILED',
      error
        ? `authorization failed: ${error} ${callbackUrl.searchParams.get('error_description') ?? ''}`.trim()
        : `authorization did not return a code to ${options.redirectUri}`,
      { page: landing },
    )
  }
  return {
    code,
    state: callbackUrl.searchParams.get('state') ?? '',
    nonce: query.nonce ?? '',
    codeVerifier: pkce.codeVerifier,
    callbackUrl,
    browser,
  }
}
