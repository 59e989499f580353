import {
  type AuthorizeWithFormsOptions,
  type AuthorizeWithFormsResult,
  authorizeWithForms,
  createPkce,
  type EmulatorBrowser,
  exchangeCode,
  type TokenClient,
  type TokenResponse,
  tokenRequest,
} from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import type { EmulatorHandle } from '../../src/index.js'

/** The default application client's first registered redirect URI (nothing listens there). */
export const REDIRECT = 'http://localhost:3000/auth/callback'

/** What {@link login} accepts: the public options, with the default client and {@link REDIRECT}. */
export type LoginOptions = Partial<Omit<AuthorizeWithFormsOptions, 'emulatorUrl'>> & {
  email: string
}

/** The default application client, as the token endpoint helpers take it. */
export function appClient(emu: EmulatorHandle): TokenClient {
  return { emulatorUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret }
}

/** Runs `authorizeWithForms` for the default application client and {@link REDIRECT}. */
export function login(emu: EmulatorHandle, opts: LoginOptions): Promise<AuthorizeWithFormsResult> {
  return authorizeWithForms({
    emulatorUrl: emu.url,
    clientId: emu.clientId,
    redirectUri: REDIRECT,
    ...opts,
  })
}

/** Token endpoint answer of a successful login, with decoded claims. */
export interface Tokens {
  accessToken: string
  refreshToken: string
  idToken: string
  id: Record<string, unknown>
  at: Record<string, unknown>
  /** The browser of the login, holding the emulator session; it only requests the emulator. */
  browser: EmulatorBrowser
}

/** Logs in through the forms and exchanges the code with the default application client. */
export async function loginAndExchange(emu: EmulatorHandle, opts: LoginOptions): Promise<Tokens> {
  const done = await login(emu, opts)
  const { status, body } = await exchangeCode(appClient(emu), done, opts.redirectUri ?? REDIRECT)
  if (status !== 200) throw new Error(`token exchange failed: ${status} ${JSON.stringify(body)}`)
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token),
    idToken: String(body.id_token),
    id: decodeJwt(String(body.id_token)),
    at: decodeJwt(String(body.access_token)),
    browser: done.browser,
  }
}

/** Refreshes with the default application client. */
export function refresh(emu: EmulatorHandle, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(appClient(emu), { grant_type: 'refresh_token', refresh_token: refreshToken })
}

/**
 * An authorize URL (code + S256 PKCE, {@link REDIRECT}, scope `openid email profile`)
 * for tests that walk the pages step by step; `params` add or override parameters.
 */
export async function authorizeUrl(
  emu: EmulatorHandle,
  params: Record<string, string> = {},
  clientId = emu.clientId,
): Promise<{ href: string; codeVerifier: string }> {
  const { codeVerifier, codeChallenge } = await createPkce()
  const url = new URL('/oauth/authorize', emu.url)
  for (const [k, v] of Object.entries({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    ...params,
  }))
    url.searchParams.set(k, v)
  return { href: url.href, codeVerifier }
}
