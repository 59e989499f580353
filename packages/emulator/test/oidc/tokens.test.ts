import { EmulatorBrowserError, tokenRequest } from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { loginAndExchange, refresh } from '../support/logins.js'

describe('refresh tokens and client credentials', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  /** The token endpoint as client `clientId` with `clientSecret`. */
  const asClient = (clientId: string, clientSecret: string, form: Record<string, string>) =>
    tokenRequest({ emulatorUrl: emu.url, clientId, clientSecret }, form)

  it('rotates refresh tokens and keeps the organization claims', async () => {
    const first = await loginAndExchange(emu, { email: 'bob@acme.test' })
    expect(first.at.roles).toEqual(['member'])
    const r1 = await refresh(emu, first.refreshToken)
    expect(r1.status).toBe(200)
    expect(r1.body.refresh_token).not.toBe(first.refreshToken)
    const at = decodeJwt(String(r1.body.access_token))
    expect(at).toMatchObject({
      sub: 'usr_bob',
      oid: 'org_acme',
      sid: first.id.sid,
      roles: ['member'],
    })
    expect(at.permissions).toEqual(['projects:read'])
    const id = decodeJwt(String(r1.body.id_token))
    expect(id).toMatchObject({
      sub: 'usr_bob',
      oid: 'org_acme',
      sid: first.id.sid,
      email: 'bob@acme.test',
    })
  })

  it('detects reuse of a rotated refresh token and revokes the whole grant', async () => {
    const tokens = await loginAndExchange(emu, { email: 'carol@globex.test' })
    const r1 = await refresh(emu, tokens.refreshToken)
    expect(r1.status).toBe(200)
    const reuse = await refresh(emu, tokens.refreshToken)
    expect(reuse.status).toBe(400)
    expect(reuse.body.error).toBe('invalid_grant')
    const next = await refresh(emu, String(r1.body.refresh_token))
    expect(next.status).toBe(400)
    expect(next.body.error).toBe('invalid_grant')
  })

  it('computes roles at issue time, so a membership change shows in the next token', async () => {
    const tokens = await loginAndExchange(emu, {
      email: 'bob@acme.test',
      params: { prompt: 'login' },
    })
    emu.ctx.db
      .prepare(
        `UPDATE memberships SET roles = '["admin"]' WHERE user_id = 'usr_bob' AND organization_id = 'org_acme'`,
      )
      .run()
    const r = await refresh(emu, tokens.refreshToken)
    expect(r.status).toBe(200)
    const at = decodeJwt(String(r.body.access_token))
    expect(at.roles).toEqual(['admin'])
    expect(at.permissions).toEqual(['org:manage', 'projects:read', 'projects:write'])
  })

  it('issues organization_id-scoped logins and refuses organizations the user is not in', async () => {
    const tokens = await loginAndExchange(emu, {
      email: 'carol@globex.test',
      params: { organization_id: 'org_globex' },
    })
    expect(tokens.id.oid).toBe('org_globex')
    // the login page of org_acme offers no "Sign in as carol" button: the login is refused
    const refused = await loginAndExchange(emu, {
      email: 'carol@globex.test',
      params: { organization_id: 'org_acme' },
    }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(EmulatorBrowserError)
    expect(refused).toMatchObject({
      code: 'ERR_EMU_BUTTON_NOT_FOUND',
      message: expect.stringMatching(/no button "Sign in as carol@globex.test"/),
    })
  })

  it('issues management API tokens to the environment client (client_credentials)', async () => {
    const { status, body } = await asClient(emu.environmentClientId, emu.environmentClientSecret, {
      grant_type: 'client_credentials',
    })
    expect(status).toBe(200)
    expect(body.token_type).toBe('Bearer')
    expect(body.refresh_token).toBeUndefined()
    const claims = await emu.ctx.oidc.verifyAccessToken(String(body.access_token))
    expect(claims).toMatchObject({
      sub: emu.environmentClientId,
      client_id: emu.environmentClientId,
      iss: emu.url,
    })
    expect(claims?.sid).toBeUndefined()
  })

  it('accepts client_secret_post and rejects a wrong secret', async () => {
    const post = await fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
      }),
    })
    expect(post.status).toBe(200)
    const wrong = await asClient(emu.clientId, 'not-the-secret', {
      grant_type: 'client_credentials',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error).toBe('invalid_client')
  })

  it('gives organization M2M clients tokens with oid, scopes and custom claims', async () => {
    const now = new Date().toISOString()
    const data = {
      client_id: 'm2morg_test',
      name: 'Acme robot',
      organization_id: 'org_acme',
      scopes: ['projects:read'],
      audience: ['https://api.acme.test'],
      custom_claims: [{ key: 'team', value: 'robots' }],
    }
    emu.ctx.db
      .prepare(
        `INSERT INTO clients (client_id, kind, organization_id, first_party, data, create_time, update_time) VALUES (?, 'm2m', ?, 1, ?, ?, ?)`,
      )
      .run('m2morg_test', 'org_acme', JSON.stringify(data), now, now)
    for (const [id, secret] of [
      ['sec_old', 'old-secret'],
      ['sec_new', 'new-secret'],
    ] as const) {
      emu.ctx.db
        .prepare(
          `INSERT INTO client_secrets (id, client_id, secret, status, data, create_time) VALUES (?, ?, ?, 'ACTIVE', '{}', ?)`,
        )
        .run(id, 'm2morg_test', secret, now)
    }
    for (const secret of ['old-secret', 'new-secret']) {
      const { status, body } = await asClient('m2morg_test', secret, {
        grant_type: 'client_credentials',
        scope: 'projects:read',
      })
      expect(status).toBe(200)
      const at = decodeJwt(String(body.access_token))
      expect(at).toMatchObject({
        sub: 'm2morg_test',
        oid: 'org_acme',
        aud: 'https://api.acme.test',
        scope: 'projects:read',
        scopes: ['projects:read'],
        team: 'robots',
      })
    }
    // a scope the client was not given is refused, not silently dropped (RFC 6749 5.2)
    const widened = await asClient('m2morg_test', 'new-secret', {
      grant_type: 'client_credentials',
      scope: 'projects:read org:manage',
    })
    expect(widened.status).toBe(400)
    expect(widened.body.error).toBe('invalid_scope')
    expect(widened.body.access_token).toBeUndefined()
    const wrong = await asClient('m2morg_test', 'retired-secret', {
      grant_type: 'client_credentials',
    })
    expect(wrong.status).toBe(401)
  })

  it('serves userinfo for user access tokens only', async () => {
    const tokens = await loginAndExchange(emu, {
      email: 'alice@acme.test',
      params: { prompt: 'login' },
    })
    const ok = await fetch(`${emu.url}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({
      sub: 'usr_alice',
      email: 'alice@acme.test',
      oid: 'org_acme',
      name: 'Alice Admin',
    })
    const idAsAt = await fetch(`${emu.url}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.idToken}` },
    })
    expect(idAsAt.status).toBe(401)
    const none = await fetch(`${emu.url}/userinfo`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toContain('invalid_token')
  })
})
