// The public test driver (`@kit/emulator/testing`) against a running emulator and a real
// app in front of it, over HTTP: button, SSO-by-domain and passwordless logins, the
// OIDC-level helper whose code is redeemed at /oauth/token, and its typed failures.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  authorizeWithForms,
  EmulatorBrowser,
  EmulatorBrowserError,
  exchangeCode,
  readMailbox,
} from '../../src/testing/index.js'
import { call } from '../support/json-http.js'
import { environmentToken } from '../support/management.js'
import { authorizeUrl, useDemoApp } from './support/demo-app.js'

const REDIRECT_URI = 'http://localhost:3000/auth/callback'
const demo = useDemoApp()

const claimsOf = (jwt: unknown) =>
  JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >

async function expectBrowserError(
  promise: Promise<unknown>,
  code: string,
): Promise<EmulatorBrowserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EmulatorBrowserError)
  expect((error as EmulatorBrowserError).code).toBe(code)
  return error as EmulatorBrowserError
}

describe('signIn through an app', () => {
  it('button login: app -> emulator login page -> "Sign in as" -> callback -> the app page', async () => {
    const browser = new EmulatorBrowser()
    const home = await browser.signIn({
      startUrl: `${demo.app.url}/auth/login?returnTo=/me`,
      email: 'alice@acme.test',
    })
    expect(home.status).toBe(200)
    expect(home.url.href).toBe(`${demo.app.url}/me`)
    expect(home.body).toContain('Hello alice@acme.test')
    expect(home.emulatorOrigin).toBe(demo.emu.url)
    // the chain went app -> emulator -> app, and each side kept its own cookies
    expect(home.chain.map((u) => u.origin)).toContain(demo.emu.url)
    expect(Object.keys(home.cookies)).toEqual(['app_session'])
    expect(browser.cookie(demo.app.url, 'app_session')).toBe(home.cookies.app_session)
    expect(demo.app.sessions.get(home.cookies.app_session!)?.email).toBe('alice@acme.test')
    expect(browser.cookie(demo.emu.url, 'app_session')).toBeUndefined()
    const port = new URL(demo.emu.url).port
    expect(browser.cookie(demo.emu.url, `kit_op_${port}`)).toBeTruthy()
    expect(browser.cookie(demo.app.url, `kit_op_${port}`)).toBeUndefined()
    // the transaction cookie (Path=/auth/callback) was deleted by Max-Age=0
    expect(browser.jar.names(demo.app.url).some((n) => n.startsWith('txn_'))).toBe(false)
    expect(browser.cookieHeader(`${demo.app.url}/me`)).toBe(
      `app_session=${home.cookies.app_session}`,
    )
  })

  it('SSO by domain: typing an acme.test email completes the emulated IdP page', async () => {
    const browser = new EmulatorBrowser()
    const home = await browser.signIn({
      startUrl: `${demo.app.url}/auth/login`,
      email: 'new.hire@acme.test',
      via: 'sso',
    })
    expect(home.body).toContain('Hello new.hire@acme.test')
    const claims = claimsOf(demo.app.sessions.get(home.cookies.app_session!)?.idToken)
    expect(claims.amr).toEqual(['conn_acme_sso'])
    expect(claims.oid).toBe('org_acme')
  })

  it('SSO reached directly (domain_hint) is completed whatever `via` says', async () => {
    const home = await new EmulatorBrowser().signIn({
      startUrl: `${demo.app.url}/auth/login?domain_hint=acme.test`,
      email: 'bob@acme.test',
    })
    expect(home.body).toContain('Hello bob@acme.test')
    expect(claimsOf(demo.app.sessions.get(home.cookies.app_session!)?.idToken).amr).toEqual([
      'conn_acme_sso',
    ])
  })

  it('passwordless: the code is read from the mailbox JSON and entered on the Code page', async () => {
    const home = await new EmulatorBrowser().signIn({
      startUrl: `${demo.app.url}/auth/login`,
      email: 'dave@example.test',
      via: 'code',
    })
    expect(home.body).toContain('Hello dave@example.test')
    const mail = await readMailbox(demo.emu.url, 'dave@example.test')
    expect(mail[0]?.kind).toBe('passwordless_code')
    expect(String(mail[0]?.data.code)).toMatch(/^\d{6}$/)
  })

  it('a wrong code fails with the emulator banner, not a silent landing', async () => {
    const error = await expectBrowserError(
      new EmulatorBrowser().signIn({
        startUrl: `${demo.app.url}/auth/login`,
        email: 'erin@example.test',
        via: 'code',
        readCode: () => '000000x',
      }),
      'ERR_EMU_SIGN_IN_FAILED',
    )
    expect(error.message).toContain('That code is not correct.')
    expect(error.page?.status).toBe(400)
  })

  it('via sso for a domain without SSO says so', async () => {
    const error = await expectBrowserError(
      new EmulatorBrowser().signIn({
        startUrl: `${demo.app.url}/auth/login`,
        email: 'frank@example.test',
        via: 'sso',
      }),
      'ERR_EMU_UNEXPECTED_PAGE',
    )
    expect(error.message).toContain('passwordless code')
  })

  it('an unknown "Sign in as" button lists what the page offers', async () => {
    const error = await expectBrowserError(
      new EmulatorBrowser().signIn({
        startUrl: `${demo.app.url}/auth/login`,
        email: 'zed@acme.test',
      }),
      'ERR_EMU_BUTTON_NOT_FOUND',
    )
    expect(error.message).toContain('"Sign in as alice@acme.test"')
    expect(error.page?.url).toContain('/interaction/')
  })
})

describe('authorizeWithForms (OIDC level)', () => {
  const client = () => ({
    emulatorUrl: demo.emu.url,
    clientId: demo.emu.clientId,
    clientSecret: demo.emu.clientSecret,
  })

  it('button login yields a code that /oauth/token redeems with the PKCE verifier', async () => {
    const login = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri: REDIRECT_URI,
      email: 'bob@acme.test',
      params: { state: 'my-state' },
    })
    expect(login.callbackUrl.href.startsWith(`${REDIRECT_URI}?`)).toBe(true)
    expect(login.state).toBe('my-state')
    // its browser only requests the emulator: a second authorize reuses the session and
    // stops at the redirect URI (nothing listens there) instead of failing to connect
    const second = await authorizeUrl(demo.emu, { redirectUri: REDIRECT_URI })
    const silent = await login.browser.get(second)
    expect(silent.stopped).toBe(true)
    expect(silent.url.href.startsWith(`${REDIRECT_URI}?code=`)).toBe(true)
    const tokens = await exchangeCode(client(), login, REDIRECT_URI)
    expect(tokens.status).toBe(200)
    const claims = claimsOf(tokens.body.id_token)
    expect(claims.email).toBe('bob@acme.test')
    expect(claims.nonce).toBe(login.nonce)
    expect(typeof tokens.body.refresh_token).toBe('string')
    // a code is single-use: the same exchange again is refused
    expect((await exchangeCode(client(), login, REDIRECT_URI)).body.error).toBe('invalid_grant')
    // and a wrong verifier is refused too (the verifier really is the one that was used)
    const other = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri: REDIRECT_URI,
      email: 'bob@acme.test',
    })
    const wrong = await exchangeCode(
      client(),
      { ...other, codeVerifier: login.codeVerifier },
      REDIRECT_URI,
    )
    expect(wrong.body.error).toBe('invalid_grant')
  })

  it('organization_id narrows the buttons: a user of another org is not offered', async () => {
    await expectBrowserError(
      authorizeWithForms({
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        redirectUri: REDIRECT_URI,
        email: 'alice@acme.test',
        params: { organization_id: 'org_globex' },
      }),
      'ERR_EMU_BUTTON_NOT_FOUND',
    )
  })

  it('an unregistered redirect URI is an authorize failure, not a hang', async () => {
    const error = await expectBrowserError(
      authorizeWithForms({
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        redirectUri: 'http://localhost:9/evil',
        email: 'alice@acme.test',
      }),
      'ERR_EMU_SIGN_IN_FAILED',
    )
    expect(error.page?.status).toBe(400)
  })
})

describe('other emulator pages on the way', () => {
  it('a social provider picker: a known account button, or the Email field for a new one', async () => {
    for (const email of ['alice@acme.test', 'hal@social.test']) {
      const login = await authorizeWithForms({
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        redirectUri: REDIRECT_URI,
        email,
        params: { provider: 'github' },
      })
      const tokens = await exchangeCode(
        {
          emulatorUrl: demo.emu.url,
          clientId: demo.emu.clientId,
          clientSecret: demo.emu.clientSecret,
        },
        login,
        REDIRECT_URI,
      )
      expect(claimsOf(tokens.body.id_token).email).toBe(email)
    }
  })

  it('a third-party client: consent is allowed by default and denied on request', async () => {
    await demo.emu.seed({
      clients: [
        {
          kind: 'application',
          client_id: 'third_party',
          client_secret: 'third-party-secret-0123456789',
          name: 'Third party',
          first_party: false,
          redirect_uris: [REDIRECT_URI],
        },
      ],
    })
    const login = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: 'third_party',
      redirectUri: REDIRECT_URI,
      email: 'bob@acme.test',
    })
    expect(login.callbackUrl.searchParams.get('code')).toBe(login.code)
    const browser = new EmulatorBrowser({ allowedOrigins: [demo.emu.url] })
    const authorize = await authorizeUrl(demo.emu, {
      redirectUri: REDIRECT_URI,
      clientId: 'third_party',
    })
    const denied = await browser.signIn({
      startUrl: authorize,
      email: 'bob@acme.test',
      consent: 'deny',
    })
    expect(denied.stopped).toBe(true)
    expect(denied.url.searchParams.get('error')).toBe('access_denied')
  })
})

describe('the "Choose an organization" page', () => {
  // dana: Umbrella Corp (seeded), then Globex (management API, so offered second)
  beforeAll(async () => {
    await demo.emu.seed({
      organizations: [
        {
          id: 'org_umbrella',
          display_name: 'Umbrella Corp',
          users: [{ id: 'usr_dana', email: 'dana@umbrella.test', roles: ['member'] }],
        },
      ],
    })
    const added = await call(
      `${demo.emu.url}/api/v1/memberships/organizations/org_globex/users/usr_dana`,
      'POST',
      { roles: [{ name: 'admin' }] },
      { authorization: `Bearer ${await environmentToken(demo.emu)}` },
    )
    expect(added.status).toBe(200)
  })
  const email = 'dana@umbrella.test'
  const sessionClaims = (page: { cookies: Record<string, string> }) =>
    claimsOf(demo.app.sessions.get(page.cookies.app_session ?? '')?.idToken)

  it('is recognised, and signIn takes the first organization offered by default', async () => {
    const browser = new EmulatorBrowser({ allowedOrigins: [demo.emu.url] })
    const loginPage = await browser.get(await authorizeUrl(demo.emu, { redirectUri: REDIRECT_URI }))
    const picker = await browser.click(loginPage, `Sign in as ${email}`, { stopAt: REDIRECT_URI })
    expect(picker.kind).toBe('organization')
    expect(picker.body).toContain('Choose an organization')

    const home = await new EmulatorBrowser().signIn({
      startUrl: `${demo.app.url}/auth/login`,
      email,
    })
    expect(home.url.href).toBe(`${demo.app.url}/me`)
    expect(home.body).toContain(`Hello ${email}`)
    expect(sessionClaims(home).oid).toBe('org_umbrella')
  })

  it('picks the organization named by display name (signIn) or id (authorizeWithForms)', async () => {
    const home = await new EmulatorBrowser().signIn({
      startUrl: `${demo.app.url}/auth/login`,
      email,
      organization: 'Globex',
    })
    expect(home.body).toContain(`Hello ${email}`)
    expect(sessionClaims(home).oid).toBe('org_globex')

    const login = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri: REDIRECT_URI,
      email,
      organization: 'org_globex',
    })
    const tokens = await exchangeCode(
      {
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        clientSecret: demo.emu.clientSecret,
      },
      login,
      REDIRECT_URI,
    )
    expect(claimsOf(tokens.body.access_token)).toMatchObject({
      sub: 'usr_dana',
      oid: 'org_globex',
      roles: ['admin'],
    })
  })

  it('an organization the user is not in fails with what the page offers', async () => {
    const error = await expectBrowserError(
      new EmulatorBrowser().signIn({
        startUrl: `${demo.app.url}/auth/login`,
        email,
        organization: 'Acme Corp',
      }),
      'ERR_EMU_BUTTON_NOT_FOUND',
    )
    expect(error.message).toContain(
      'it offers: "Umbrella Corp" (org_umbrella), "Globex" (org_globex)',
    )
    expect(error.page?.url).toMatch(/\/interaction\/[^/]+\/organization$/)
  })

  it('is not shown to a single-membership user, whatever `organization` says', async () => {
    const home = await new EmulatorBrowser().signIn({
      startUrl: `${demo.app.url}/auth/login`,
      email: 'bob@acme.test',
      organization: 'Globex',
    })
    expect(sessionClaims(home).oid).toBe('org_acme')
  })
})
