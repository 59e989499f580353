import { EmulatorBrowser } from '@kit/emulator/testing'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl, loginAndExchange, refresh } from '../support/logins.js'
import { type Received, type Receiver, startReceiver } from '../support/receiver.js'

const sessionStatus = (emu: EmulatorHandle, sid: unknown) =>
  (
    emu.ctx.db.prepare('SELECT status FROM user_sessions WHERE id = ?').get(sid) as
      | { status: string }
      | undefined
  )?.status

describe('logout, session revocation and back-channel logout', () => {
  let emu: EmulatorHandle
  let receiver: Receiver
  beforeAll(async () => {
    emu = await start()
    receiver = await startReceiver({ statuses: [200], path: '/backchannel-logout' })
    emu.ctx.db
      .prepare(
        `UPDATE clients SET data = json_set(data, '$.backchannel_logout_uri', ?) WHERE client_id = ?`,
      )
      .run(receiver.url, emu.clientId)
  })
  beforeEach(() => {
    receiver.received.length = 0
  })
  afterAll(async () => {
    await stopAll()
    await receiver?.close()
  })

  /** The emulator's end-session URL with `params`. */
  const logoutUrl = (params: Record<string, string>) =>
    `${emu.url}/oidc/logout?${new URLSearchParams(params)}`

  /** Verifies the logout token of a back-channel post and returns its claims. */
  async function verifyLogoutToken(post: Received | undefined) {
    const token = String(new URLSearchParams(post?.body).get('logout_token'))
    expect(decodeProtectedHeader(token).typ).toBe('logout+jwt')
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${emu.url}/keys`)), {
      issuer: emu.url,
      audience: emu.clientId,
    })
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} })
    return payload
  }

  it('records the login session as ACTIVE with the sid of the tokens', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const row = emu.ctx.db
      .prepare('SELECT user_id, organization_id, status, data FROM user_sessions WHERE id = ?')
      .get(tokens.id.sid) as {
      user_id: string
      organization_id: string
      status: string
      data: string
    }
    expect(row).toMatchObject({
      user_id: 'usr_alice',
      organization_id: 'org_acme',
      status: 'ACTIVE',
    })
    expect(JSON.parse(row.data)).toMatchObject({
      session_id: tokens.id.sid,
      user_id: 'usr_alice',
      authenticated_clients: [{ client_id: emu.clientId, organization_id: 'org_acme' }],
    })
  })

  it('RP-initiated logout from the browser ends the session and redirects with state', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const url = logoutUrl({
      id_token_hint: tokens.idToken,
      post_logout_redirect_uri: 'http://localhost:3000/',
      state: 'bye',
    })
    const landing = await tokens.browser.get(url)
    expect(landing.stopped).toBe(true)
    expect(landing.url.href).toBe('http://localhost:3000/?state=bye')
    expect(sessionStatus(emu, tokens.id.sid)).toBe('LOGGED_OUT')
    expect((await refresh(emu, tokens.refreshToken)).body.error).toBe('invalid_grant')
    expect(await emu.ctx.oidc.verifyAccessToken(tokens.accessToken)).toBeNull()
    const [post] = await receiver.waitFor(1)
    const claims = await verifyLogoutToken(post)
    expect(claims).toMatchObject({ sub: 'usr_alice', sid: tokens.id.sid })
    // the browser's emulator session is gone: the next authorize shows the login page again
    const again = await tokens.browser.get((await authorizeUrl(emu)).href)
    expect(again.kind).toBe('login')
    expect(again.body).toContain('Sign in as alice@acme.test')
  })

  it('logs out the session named by id_token_hint even without the emulator cookie', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const url = logoutUrl({
      id_token_hint: tokens.idToken,
      post_logout_redirect_uri: 'http://localhost:3001/',
    })
    const landing = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(url)
    expect(landing.stopped).toBe(true)
    expect(landing.url.href).toBe('http://localhost:3001/')
    expect(sessionStatus(emu, tokens.id.sid)).toBe('LOGGED_OUT')
    expect((await refresh(emu, tokens.refreshToken)).body.error).toBe('invalid_grant')
  })

  it('logs out the browser session without id_token_hint (client_id + cookie)', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const url = logoutUrl({
      client_id: emu.clientId,
      post_logout_redirect_uri: 'http://localhost:3002/',
    })
    const landing = await tokens.browser.get(url)
    expect(landing.stopped).toBe(true)
    expect(landing.url.href).toBe('http://localhost:3002/')
    expect(sessionStatus(emu, tokens.id.sid)).toBe('LOGGED_OUT')
    expect((await refresh(emu, tokens.refreshToken)).body.error).toBe('invalid_grant')
    const [post] = await receiver.waitFor(1)
    expect(await verifyLogoutToken(post)).toMatchObject({
      sub: 'usr_bob',
      sid: tokens.id.sid,
    })
    const events = emu.ctx.db
      .prepare(
        `SELECT type FROM events WHERE json_extract(data, '$.session_id') = ? ORDER BY rowid`,
      )
      .all(tokens.id.sid) as { type: string }[]
    expect(events.map((e) => e.type)).toEqual(['session.created', 'session.logged_out'])
  })

  it('without id_token_hint or session (client_id only) still returns to a registered URI', async () => {
    // what the kit sends when its own session can no longer be read (RP-Initiated Logout
    // 1.0 allows client_id + post_logout_redirect_uri without a hint)
    const browser = new EmulatorBrowser({ allowedOrigins: [emu.url] })
    const landing = await browser.get(
      logoutUrl({
        client_id: emu.clientId,
        post_logout_redirect_uri: 'http://localhost:3000/',
        state: 'gone',
      }),
    )
    expect(landing.stopped).toBe(true)
    expect(landing.url.href).toBe('http://localhost:3000/?state=gone')
    const unregistered = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(
      logoutUrl({ client_id: emu.clientId, post_logout_redirect_uri: 'https://evil.example/' }),
    )
    expect(unregistered.stopped).toBe(false)
    expect(unregistered.status).toBe(400)
    expect(unregistered.body).toContain('post_logout_redirect_uri not registered')
    const unknownClient = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(
      logoutUrl({ client_id: 'skc_nope', post_logout_redirect_uri: 'http://localhost:3000/' }),
    )
    expect(unknownClient.stopped).toBe(false)
    expect(unknownClient.status).toBe(400)
  })

  it('refuses an unregistered post_logout_redirect_uri and keeps the session', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const url = logoutUrl({
      id_token_hint: tokens.idToken,
      post_logout_redirect_uri: 'https://evil.example/',
    })
    const landing = await tokens.browser.get(url)
    expect(landing.stopped).toBe(false)
    expect(landing.status).toBe(400)
    expect(landing.body).toContain('post_logout_redirect_uri not registered')
    expect(sessionStatus(emu, tokens.id.sid)).toBe('ACTIVE')
    expect((await refresh(emu, tokens.refreshToken)).status).toBe(200)
  })

  it('revokeSession ends the session, kills its refresh tokens and sends a logout token', async () => {
    const tokens = await loginAndExchange(emu, { email: 'carol@globex.test' })
    await emu.ctx.oidc.revokeSession(String(tokens.id.sid))
    expect(sessionStatus(emu, tokens.id.sid)).toBe('REVOKED')
    expect(await emu.ctx.oidc.verifyAccessToken(tokens.accessToken)).toBeNull()
    expect((await refresh(emu, tokens.refreshToken)).body.error).toBe('invalid_grant')
    const [post] = await receiver.waitFor(1)
    expect(await verifyLogoutToken(post)).toMatchObject({
      sub: 'usr_carol',
      sid: tokens.id.sid,
    })
    const revoked = emu.ctx.db
      .prepare(
        `SELECT COUNT(*) AS n FROM events WHERE type = 'session.revoked' AND json_extract(data, '$.session_id') = ?`,
      )
      .get(tokens.id.sid) as { n: number }
    expect(revoked.n).toBe(1)
  })

  it('revokeUserSessions ends every session of the user', async () => {
    const a = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const b = await loginAndExchange(emu, { email: 'alice@acme.test' })
    expect(a.id.sid).not.toBe(b.id.sid)
    await emu.ctx.oidc.revokeUserSessions('usr_alice')
    expect(sessionStatus(emu, a.id.sid)).toBe('REVOKED')
    expect(sessionStatus(emu, b.id.sid)).toBe('REVOKED')
    expect((await refresh(emu, b.refreshToken)).body.error).toBe('invalid_grant')
    await receiver.waitFor(2)
  })
})

describe('session expiry', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start({ sessionTtl: 60, accessTokenTtl: 3600 })
  })
  afterAll(stopAll)

  it('marks a session past its lifetime EXPIRED and refuses its access tokens', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    expect(await emu.ctx.oidc.verifyAccessToken(tokens.accessToken)).not.toBeNull()
    emu.setClockOffset(120)
    try {
      expect(await emu.ctx.oidc.verifyAccessToken(tokens.accessToken)).toBeNull()
      expect(sessionStatus(emu, tokens.id.sid)).toBe('EXPIRED')
    } finally {
      emu.setClockOffset(0)
    }
    // expired stays expired when the clock comes back
    expect(await emu.ctx.oidc.verifyAccessToken(tokens.accessToken)).toBeNull()
  })
})
