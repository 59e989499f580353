// signOut ends the emulator session: afterwards the authorize endpoint shows the login
// page again instead of returning straight to the app.
import { describe, expect, it } from 'vitest'
import {
  authorizeWithForms,
  EmulatorBrowser,
  EmulatorBrowserError,
  exchangeCode,
} from '../../src/testing/index.js'
import { authorizeUrl, useDemoApp } from './support/demo-app.js'

const demo = useDemoApp()

const sessionStatus = (sid: string) =>
  (
    demo.emu.ctx.db.prepare('SELECT status FROM user_sessions WHERE id = ?').get(sid) as
      | { status: string }
      | undefined
  )?.status

/** An authorize URL for the emulator's default client (PKCE), as an app would build it. */
const authorizeAt = (redirectUri: string) =>
  authorizeUrl(demo.emu, { redirectUri, scope: 'openid email' })

describe('signOut', () => {
  it('through the app: app session cleared, emulator session ended, login page next time', async () => {
    const browser = new EmulatorBrowser()
    await browser.signIn({ startUrl: `${demo.app.url}/auth/login`, email: 'alice@acme.test' })
    // while the emulator session lives, a new login goes straight back to the app
    const silent = await browser.get(`${demo.app.url}/auth/login?returnTo=/me`)
    expect(silent.url.href).toBe(`${demo.app.url}/me`)
    expect(silent.chain.some((u) => u.pathname === '/oauth/authorize')).toBe(true)
    expect(silent.chain.some((u) => u.pathname.startsWith('/interaction/'))).toBe(false)
    expect(silent.kind).toBe('other')

    const after = await browser.signOut({ startUrl: `${demo.app.url}/auth/logout` })
    expect(after.status).toBe(200)
    expect(after.url.href).toBe(`${demo.app.url}/?state=bye`)
    // the logout confirmation was submitted by the browser (POST to the emulator)
    expect(
      after.chain.some((u) => u.origin === demo.emu.url && u.pathname.includes('logout')),
    ).toBe(true)
    expect(browser.cookie(demo.app.url, 'app_session')).toBeUndefined()

    const again = await browser.get(`${demo.app.url}/auth/login?returnTo=/me`)
    expect(again.kind).toBe('login')
    expect(again.url.origin).toBe(demo.emu.url)
    expect(again.body).toContain('Sign in as alice@acme.test')
  })

  it('at the emulator logout URL: stops at the post-logout redirect and ends the session', async () => {
    const redirectUri = 'http://localhost:3000/auth/callback'
    const browser = new EmulatorBrowser({ allowedOrigins: [demo.emu.url] })
    const login = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri,
      email: 'bob@acme.test',
      browser,
    })
    const tokens = await exchangeCode(
      {
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        clientSecret: demo.emu.clientSecret,
      },
      login,
      redirectUri,
    )
    const idToken = String(tokens.body.id_token)
    const sid = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()).sid
    expect(sessionStatus(sid)).toBe('ACTIVE')
    // while the session lives, authorize returns straight to the redirect URI
    const silent = await browser.get(await authorizeAt(redirectUri))
    expect(silent.stopped).toBe(true)
    expect(silent.url.searchParams.get('code')).toBeTruthy()

    const logout = new URL('/oidc/logout', demo.emu.url)
    logout.searchParams.set('id_token_hint', idToken)
    logout.searchParams.set('post_logout_redirect_uri', 'http://localhost:3000/')
    logout.searchParams.set('state', 's1')
    const back = await browser.signOut({ logoutUrl: logout })
    expect(back.stopped).toBe(true)
    expect(back.url.href).toBe('http://localhost:3000/?state=s1')
    expect(sessionStatus(sid)).toBe('LOGGED_OUT')

    // the same browser now gets the login page from authorize
    const page = await browser.get(await authorizeAt(redirectUri))
    expect(page.stopped).toBe(false)
    expect(page.kind).toBe('login')
    expect(page.body).toContain('Sign in as bob@acme.test')
  })

  it('needs exactly one of startUrl and logoutUrl', async () => {
    const error = await new EmulatorBrowser().signOut({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmulatorBrowserError)
    expect((error as EmulatorBrowserError).code).toBe('ERR_EMU_INVALID_OPTION')
  })
})
