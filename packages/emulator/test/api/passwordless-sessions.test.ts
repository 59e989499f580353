import { describe, expect, it } from 'vitest'
import type { Wire } from '../support/json-http.js'
import { loginAndExchange, refresh } from '../support/logins.js'
import { useHarness } from '../support/management.js'

const h = useHarness()

const send = (body: unknown) => h.call('POST', '/api/v1/passwordless/email/send', body)
const verify = (body: unknown) => h.call('POST', '/api/v1/passwordless/email/verify', body)

describe('passwordless', () => {
  it('sends an OTP to the mailbox and verifies it once', async () => {
    const sent = await send({ email: 'otp@acme.test', state: 'st-1', expires_in: 600 })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ expires_in: 600, passwordless_type: 'OTP' })
    expect(sent.body.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 590)
    const mail = h.emu.mailbox('otp@acme.test')[0]
    expect(mail?.kind).toBe('passwordless_code')
    const code = String(mail?.data.code)
    expect(code).toMatch(/^\d{6}$/)

    const ok = await verify({ code, auth_request_id: sent.body.auth_request_id })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      email: 'otp@acme.test',
      state: 'st-1',
      template: 'SIGNIN',
      passwordless_type: 'OTP',
    })
    expect((await verify({ code, auth_request_id: sent.body.auth_request_id })).status).toBe(400)
  })

  it('magic link: the link carries a token that verifies', async () => {
    const sent = await send({
      email: 'link@acme.test',
      magiclink_auth_uri: 'http://localhost:3000/auth/magic',
      template: 'SIGNUP',
    })
    expect(sent.body.passwordless_type).toBe('LINK_OTP')
    const mail = h.emu.mailbox('link@acme.test')[0]
    expect(mail?.kind).toBe('magic_link')
    const link = new URL(String(mail?.data.link))
    expect(link.origin + link.pathname).toBe('http://localhost:3000/auth/magic')
    const token = link.searchParams.get('link_token')
    const ok = await verify({ link_token: token })
    expect(ok.body).toMatchObject({ email: 'link@acme.test', template: 'SIGNUP' })
    expect((await verify({ link_token: 'forged-token' })).status).toBe(400)
  })

  it('wrong codes count; the fifth locks the request', async () => {
    const sent = await send({ email: 'brute@acme.test' })
    const id = sent.body.auth_request_id
    const code = String(h.emu.mailbox('brute@acme.test')[0]?.data.code)
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 4; i++) {
      const r = await verify({ code: wrong, auth_request_id: id })
      expect(r.status).toBe(400)
      expect(r.body.message).toMatch(/^code: is incorrect/)
    }
    expect((await verify({ code: wrong, auth_request_id: id })).status).toBe(429)
    expect((await verify({ code, auth_request_id: id })).status).toBe(429)
  })

  it('expires; resend issues a new code and the old one stops working', async () => {
    const sent = await send({ email: 'late@acme.test', expires_in: 60 })
    const id = sent.body.auth_request_id
    const oldCode = String(h.emu.mailbox('late@acme.test')[0]?.data.code)
    h.emu.setClockOffset(120)
    try {
      const expired = await verify({ code: oldCode, auth_request_id: id })
      expect(expired.status).toBe(400)
      expect(expired.body.message).toMatch(/expired/)
      const resent = await h.call('POST', '/api/v1/passwordless/email/resend', {
        auth_request_id: id,
      })
      expect(resent.status).toBe(200)
      expect(resent.body.auth_request_id).toBe(id)
      const mails = h.emu.mailbox('late@acme.test')
      expect(mails).toHaveLength(2)
      const newCode = String(mails[0]?.data.code)
      if (newCode !== oldCode)
        expect((await verify({ code: oldCode, auth_request_id: id })).status).toBe(400)
      expect((await verify({ code: newCode, auth_request_id: id })).status).toBe(200)
    } finally {
      h.emu.setClockOffset(0)
    }
    expect(
      (await h.call('POST', '/api/v1/passwordless/email/resend', { auth_request_id: 'pwl_nope' }))
        .status,
    ).toBe(404)
    expect((await verify({})).status).toBe(400)
    expect((await verify({ code: '123456' })).body.message).toMatch(/^auth_request_id/)
  })
  it('limits resends per request', async () => {
    const sent = await send({ email: 'spam@acme.test' })
    const resend = () =>
      h.call('POST', '/api/v1/passwordless/email/resend', {
        auth_request_id: sent.body.auth_request_id,
      })
    for (let i = 0; i < 5; i++) expect((await resend()).status).toBe(200)
    const refused = await resend()
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('RESOURCE_EXHAUSTED')
    expect(h.emu.mailbox('spam@acme.test')).toHaveLength(6)
  })
})

describe('sessions', () => {
  it('a user access token cannot call the management API', async () => {
    const tokens = await loginAndExchange(h.emu, { email: 'bob@acme.test' })
    const r = await fetch(`${h.url}/api/v1/organizations`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(r.status).toBe(403)
    expect(((await r.json()) as { code: string }).code).toBe('PERMISSION_DENIED')
  })

  it('getSession, list with filters, revokeSession ends refresh and records REVOKED', async () => {
    const tokens = await loginAndExchange(h.emu, { email: 'alice@acme.test' })
    const sid = String(tokens.at.sid)
    const got = await h.call('GET', `/api/v1/sessions/${sid}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ session_id: sid, user_id: 'usr_alice', status: 'ACTIVE' })

    const listed = (await h.call('GET', '/api/v1/users/usr_alice/sessions?filter.status=ACTIVE'))
      .body
    expect(listed.sessions.map((s: Wire) => s.session_id)).toContain(sid)
    expect(
      (await h.call('GET', '/api/v1/users/usr_alice/sessions?filter.status=REVOKED')).body.sessions,
    ).toEqual([])
    expect(
      (await h.call('GET', '/api/v1/users/usr_alice/sessions?filter.end_time=2000-01-01T00:00:00Z'))
        .body.total_size,
    ).toBe(0)

    const revoked = await h.call('POST', `/api/v1/sessions/${sid}/revoke`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.revoked_session).toMatchObject({
      session_id: sid,
      user_id: 'usr_alice',
      status: 'REVOKED',
    })
    expect(revoked.body.revoked_session.logout_at).toBeTruthy()
    expect((await h.call('GET', `/api/v1/sessions/${sid}`)).body.status).toBe('REVOKED')
    expect((await refresh(h.emu, tokens.refreshToken)).status).toBe(400)
    const evt = h.emu.ctx.db
      .prepare("SELECT data FROM events WHERE type = 'session.revoked'")
      .all() as { data: string }[]
    // Exactly once: the OIDC module's endSession emits it, the API does not repeat it.
    const forSid = evt.map((e) => JSON.parse(e.data)).filter((d) => d.session_id === sid)
    expect(forSid).toHaveLength(1)
    expect(forSid[0]).toMatchObject({ status: 'REVOKED', user_id: 'usr_alice' })
    expect(forSid[0].logout_at).toBeTruthy()
  })

  it('revokeAllUserSessions ends every active session of the user', async () => {
    const a = await loginAndExchange(h.emu, { email: 'carol@globex.test' })
    const b = await loginAndExchange(h.emu, { email: 'carol@globex.test' })
    const r = await h.call('POST', '/api/v1/users/usr_carol/sessions/revoke')
    expect(r.status).toBe(200)
    expect(r.body.total_revoked).toBe(new Set([a.at.sid, b.at.sid]).size)
    expect(r.body.revoked_sessions.every((s: Wire) => s.status === 'REVOKED')).toBe(true)
    expect((await refresh(h.emu, a.refreshToken)).status).toBe(400)
    expect((await refresh(h.emu, b.refreshToken)).status).toBe(400)
    expect((await h.call('POST', '/api/v1/users/usr_nobody/sessions/revoke')).status).toBe(404)
  })
})
