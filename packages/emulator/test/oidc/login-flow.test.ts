import { exchangeCode } from '@kit/emulator/testing'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { appClient, login, REDIRECT } from '../support/logins.js'

describe('authorization code + PKCE through the login forms', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  it('publishes discovery at the hosted service paths', async () => {
    const res = await fetch(`${emu.url}/.well-known/openid-configuration`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as Record<string, unknown>
    expect(doc.issuer).toBe(emu.url)
    expect(doc.authorization_endpoint).toBe(`${emu.url}/oauth/authorize`)
    expect(doc.token_endpoint).toBe(`${emu.url}/oauth/token`)
    expect(doc.jwks_uri).toBe(`${emu.url}/keys`)
    expect(doc.end_session_endpoint).toBe(`${emu.url}/oidc/logout`)
    expect(doc.userinfo_endpoint).toBe(`${emu.url}/userinfo`)
    expect(doc.code_challenge_methods_supported).toEqual(['S256'])
    expect(doc.backchannel_logout_supported).toBe(true)
  })

  it('signs alice in with the button and issues tokens with organization claims', async () => {
    const done = await login(emu, { email: 'alice@acme.test' })
    expect(done.callbackUrl.origin + done.callbackUrl.pathname).toBe(REDIRECT)
    expect(done.callbackUrl.searchParams.get('iss')).toBe(emu.url)
    const { status, body } = await exchangeCode(appClient(emu), done, REDIRECT)
    expect(status).toBe(200)
    expect(typeof body.refresh_token).toBe('string')
    const id = decodeJwt(String(body.id_token))
    expect(id).toMatchObject({
      iss: emu.url,
      aud: emu.clientId,
      sub: 'usr_alice',
      email: 'alice@acme.test',
      email_verified: true,
      name: 'Alice Admin',
      given_name: 'Alice',
      family_name: 'Admin',
      oid: 'org_acme',
      amr: ['conn_acme_sso'],
      nonce: done.nonce,
    })
    expect(String(id.sid)).toMatch(/^ses_/)
    const at = decodeJwt(String(body.access_token))
    expect(decodeProtectedHeader(String(body.access_token)).typ).toBe('at+jwt')
    expect(at).toMatchObject({
      iss: emu.url,
      aud: emu.clientId,
      sub: 'usr_alice',
      client_id: emu.clientId,
      oid: 'org_acme',
      sid: id.sid,
    })
    expect(at.roles).toEqual(['admin'])
    expect(at.permissions).toEqual(['org:manage', 'projects:read', 'projects:write'])
    expect(at.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email']))
    expect(typeof at.jti).toBe('string')
    expect(await emu.ctx.oidc.verifyAccessToken(String(body.access_token))).toMatchObject({
      sub: 'usr_alice',
    })
  })
})
