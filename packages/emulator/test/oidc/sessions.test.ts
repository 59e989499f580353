import { EmulatorBrowser, exchangeCode } from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { appClient, authorizeUrl, loginAndExchange, REDIRECT } from '../support/logins.js'

describe('browser sessions at the emulator', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  /** Redeems the code of a page the browser stopped at (the redirect to REDIRECT). */
  async function exchange(landing: { url: URL }, codeVerifier: string) {
    const code = String(landing.url.searchParams.get('code'))
    const { body } = await exchangeCode(appClient(emu), { code, codeVerifier }, REDIRECT)
    return body
  }

  it('a second authorize in the same browser signs in silently with the same sid', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const { href, codeVerifier } = await authorizeUrl(emu)
    const landing = await tokens.browser.get(href)
    expect(landing.stopped).toBe(true)
    const body = await exchange(landing, codeVerifier)
    expect(body.id_token).toBeTruthy()
    expect(decodeJwt(String(body.id_token))).toMatchObject({
      sub: 'usr_alice',
      sid: tokens.id.sid,
      oid: 'org_acme',
    })
  })

  it('prompt=consent on a first-party client completes without a consent screen (no loop)', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const { href } = await authorizeUrl(emu, { prompt: 'consent' })
    const landing = await tokens.browser.get(href)
    expect(landing.stopped).toBe(true)
    expect(landing.url.searchParams.get('code')).toBeTruthy()
  })

  it('prompt=none without a session returns login_required', async () => {
    const { href } = await authorizeUrl(emu, { prompt: 'none', state: 'pn' })
    const landing = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(href)
    expect(landing.stopped).toBe(true)
    expect(landing.url.searchParams.get('error')).toBe('login_required')
    expect(landing.url.searchParams.get('state')).toBe('pn')
  })

  it('asking for another organization re-prompts, and switching account works', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const { href, codeVerifier } = await authorizeUrl(emu, { organization_id: 'org_globex' })
    const page = await tokens.browser.get(href)
    expect(page.stopped).toBe(false)
    expect(page.body).toContain('not a member of the requested organization')
    expect(page.body).toContain('Sign in as carol@globex.test')
    const done = await tokens.browser.click(page, 'Sign in as carol@globex.test')
    expect(done.stopped).toBe(true)
    const body = await exchange(done, codeVerifier)
    const id = decodeJwt(String(body.id_token))
    expect(id).toMatchObject({ sub: 'usr_carol', oid: 'org_globex' })
    expect(id.sid).not.toBe(tokens.id.sid)
  })

  it('prompt=login lets the same browser switch to another account', async () => {
    const tokens = await loginAndExchange(emu, { email: 'carol@globex.test' })
    const { href, codeVerifier } = await authorizeUrl(emu, { prompt: 'login' })
    const page = await tokens.browser.get(href)
    const done = await tokens.browser.click(page, 'Sign in as bob@acme.test')
    expect(done.stopped).toBe(true)
    const body = await exchange(done, codeVerifier)
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
    const browser = new EmulatorBrowser({ allowedOrigins: [emu.url] })
    const { href } = await authorizeUrl(emu, {}, 'skc_third')
    const page = await browser.get(href)
    const consent = await browser.click(page, 'Sign in as bob@acme.test')
    expect(consent.kind).toBe('consent')
    expect(consent.body).toContain('Allow Partner &lt;App&gt;?')
    const done = await browser.click(consent, 'Allow')
    expect(done.stopped).toBe(true)
    expect(done.url.searchParams.get('code')).toBeTruthy()
  })
})
