import { decodeJwt } from 'jose'
import type { EmulatorHandle } from '../../../src/index.js'
import { exchangeCode, type LoginOptions, loginWithForms, tokenRequest } from './login-driver.js'

/** The demo application's first registered redirect URI. */
export const REDIRECT = 'http://localhost:3000/auth/callback'

/** Token endpoint answer of a successful login, with decoded claims. */
export interface Tokens {
  accessToken: string
  refreshToken: string
  idToken: string
  id: Record<string, unknown>
  at: Record<string, unknown>
  browser: Awaited<ReturnType<typeof loginWithForms>>['browser']
}

/** Logs in through the forms and exchanges the code with the demo application client. */
export async function loginAndExchange(
  emu: EmulatorHandle,
  opts: Partial<LoginOptions> & { email: string },
): Promise<Tokens> {
  const login = await loginWithForms(emu.url, {
    clientId: emu.clientId,
    redirectUri: REDIRECT,
    ...opts,
  })
  const { status, body } = await exchangeCode(emu.url, {
    code: login.code,
    redirectUri: opts.redirectUri ?? REDIRECT,
    codeVerifier: login.codeVerifier,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  })
  if (status !== 200) throw new Error(`token exchange failed: ${status} ${JSON.stringify(body)}`)
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token),
    idToken: String(body.id_token),
    id: decodeJwt(String(body.id_token)),
    at: decodeJwt(String(body.access_token)),
    browser: login.browser,
  }
}

/** Refreshes with the demo application client. */
export function refresh(emu: EmulatorHandle, refreshToken: string) {
  return tokenRequest(emu.url, emu.clientId, emu.clientSecret, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  })
}
