import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../src/index.js'
import { loginAndExchange, REDIRECT } from './support/flows.js'
import { Browser, exchangeCode, formActionContaining, pkce } from './support/login-driver.js'

describe('browser sessions at the emulator', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, dbPath: ':memory:' })
  })
  afterAll(async () => {
    await emu?.stop()
  })

  function authorizeUrl(params: Record<string, string>, clientId = emu.clientId) {
    const { challenge, verifier } = pkce()
    const url = new URL('/oauth/authorize', emu.url)
    for (const [k, v] of Object.entries({
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...params,
    }))
      url.searchParams.set(k, v)
    return { href: url.href, verifier }
  }

  async function exchange(browserCode: string, verifier: string) {
    const { body } = await exchangeCode(emu.url, {
      code: browserCode,
      redirectUri: REDIRECT,
      codeVerifier: verifier,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    })
    return body
  }

  it('a second authorize in the same browser signs in silently with the same sid', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const { href, verifier } = authorizeUrl({})
    const landing = await tokens.browser.go(href)
    expect(landing.external).toBe(true)
    const body = await exchange(String(landing.url.searchParams.get('code')), verifier)
    expect(body.id_token).toBeTruthy()
    const { decodeJwt } = await import('jose')
    expect(decodeJwt(String(body.id_token))).toMatchObject({
      sub: 'usr_alice',
      sid: tokens.id.sid,
      oid: 'org_acme',
    })
  })

  it('prompt=consent on a first-party client completes without a consent screen (no loop)', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const { href } = authorizeUrl({ prompt: 'consent' })
    const landing = await tokens.browser.go(href)
    expect(landing.external).toBe(true)
    expect(landing.url.searchParams.get('code')).toBeTruthy()
  })

  it('prompt=none without a session returns login_required', async () => {
    const { href } = authorizeUrl({ prompt: 'none', state: 'pn' })
    const landing = await new Browser(emu.url).go(href)
    expect(landing.external).toBe(true)
    expect(landing.url.searchParams.get('error')).toBe('login_required')
    expect(landing.url.searchParams.get('state')).toBe('pn')
  })

  it('asking for another organization re-prompts, and switching account works', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const { href, verifier } = authorizeUrl({ organization_id: 'org_globex' })
    const page = await tokens.browser.go(href)
    expect(page.external).toBe(false)
    expect(page.body).toContain('not a member of the requested organization')
    expect(page.body).toContain('Sign in as carol@globex.test')
    const button =
      /name="user_id" value="([^"]+)">Sign in as carol@globex\.test</.exec(page.body)?.[1] ?? ''
    const done = await tokens.browser.go(formActionContaining(page.body, 'name="user_id"'), {
      form: { user_id: button },
    })
    expect(done.external).toBe(true)
    const body = await exchange(String(done.url.searchParams.get('code')), verifier)
    const { decodeJwt } = await import('jose')
    const id = decodeJwt(String(body.id_token))
    expect(id).toMatchObject({ sub: 'usr_carol', oid: 'org_globex' })
    expect(id.sid).not.toBe(tokens.id.sid)
  })

  it('prompt=login lets the same browser switch to another account', async () => {
    const tokens = await loginAndExchange(emu, { email: 'carol@globex.test' })
    const { href, verifier } = authorizeUrl({ prompt: 'login' })
    const page = await tokens.browser.go(href)
    const button =
      /name="user_id" value="([^"]+)">Sign in as bob@acme\.test</.exec(page.body)?.[1] ?? ''
    const done = await tokens.browser.go(formActionContaining(page.body, 'name="user_id"'), {
      form: { user_id: button },
    })
    expect(done.external).toBe(true)
    const body = await exchange(String(done.url.searchParams.get('code')), verifier)
    const { decodeJwt } = await import('jose')
    const id = decodeJwt(String(body.id_token))
    expect(id).toMatchObject({ sub: 'usr_bob', oid: 'org_acme' })
    expect(id.sid).not.toBe(tokens.id.sid)
    const old = emu.ctx.db
      .prepare('SELECT status FROM user_sessions WHERE id = ?')
      .get(tokens.id.sid) as { status: string }
    expect(old.status).toBe('LOGGED_OUT')
  })

  it('third-party clients get a consent page with Allow', async () => {
    const now = new Date().toISOString()
    emu.ctx.db
      .prepare(
        `INSERT INTO clients (client_id, kind, organization_id, first_party, data, create_time, update_time) VALUES ('skc_third', 'application', NULL, 0, ?, ?, ?)`,
      )
      .run(JSON.stringify({ name: 'Partner <App>', redirect_uris: [REDIRECT] }), now, now)
    emu.ctx.db
      .prepare(
        `INSERT INTO client_secrets (id, client_id, secret, status, data, create_time) VALUES ('sec_third', 'skc_third', 'third-secret', 'ACTIVE', '{}', ?)`,
      )
      .run(now)
    const browser = new Browser(emu.url)
    const { href } = authorizeUrl({}, 'skc_third')
    const page = await browser.go(href)
    const button =
      /name="user_id" value="([^"]+)">Sign in as bob@acme\.test</.exec(page.body)?.[1] ?? ''
    const consent = await browser.go(formActionContaining(page.body, 'name="user_id"'), {
      form: { user_id: button },
    })
    expect(consent.body).toContain('Allow Partner &lt;App&gt;?')
    const done = await browser.go(formActionContaining(consent.body, '>Allow<'), { form: {} })
    expect(done.external).toBe(true)
    expect(done.url.searchParams.get('code')).toBeTruthy()
  })
})
