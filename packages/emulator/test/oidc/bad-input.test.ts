import { createPkce, exchangeCode, tokenRequest } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { appClient, login, loginAndExchange, REDIRECT, refresh } from '../support/logins.js'

describe('bad input gets a clear 4xx, never a 500', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  const get = (path: string) => fetch(`${emu.url}${path}`, { redirect: 'manual' })
  const authorize = (params: Record<string, string>) =>
    get(`/oauth/authorize?${new URLSearchParams(params)}`)
  const valid = async () => ({
    client_id: emu.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    code_challenge: (await createPkce()).codeChallenge,
    code_challenge_method: 'S256',
  })
  const someVerifier = async () => (await createPkce()).codeVerifier

  it('authorize without parameters, with an unknown client or redirect URI -> escaped 400 page', async () => {
    expect((await get('/oauth/authorize')).status).toBe(400)
    const unknown = await authorize({ ...(await valid()), client_id: '<script>alert(1)</script>' })
    expect(unknown.status).toBe(400)
    const body = await unknown.text()
    expect(body).not.toContain('<script>alert(1)</script>')
    const badRedirect = await authorize({
      ...(await valid()),
      redirect_uri: 'https://evil.example/cb',
    })
    expect(badRedirect.status).toBe(400)
    expect(badRedirect.headers.get('location')).toBeNull()
  })

  it('authorize without PKCE or with plain PKCE -> error redirect to the client', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = await valid()
    for (const params of [noPkce, { ...(await valid()), code_challenge_method: 'plain' }]) {
      const res = await authorize(params)
      expect(res.status).toBe(303)
      const location = new URL(String(res.headers.get('location')))
      expect(location.origin + location.pathname).toBe(REDIRECT)
      expect(location.searchParams.get('error')).toBe('invalid_request')
      expect(location.searchParams.get('state')).toBe('st')
    }
  })

  it('token endpoint: malformed body, unknown grant, bad client, bad code, wrong verifier, replay', async () => {
    const json = await fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    })
    expect(json.status).toBe(400)
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request')
    const grant = await tokenRequest(appClient(emu), { grant_type: 'password' })
    expect(grant.status).toBe(400)
    expect(grant.body.error).toBe('unsupported_grant_type')
    const client = await tokenRequest(
      { emulatorUrl: emu.url, clientId: 'skc_nobody', clientSecret: 'x' },
      { grant_type: 'client_credentials' },
    )
    expect(client.status).toBe(401)
    expect(client.body.error).toBe('invalid_client')
    const code = await exchangeCode(
      appClient(emu),
      { code: 'nope', codeVerifier: await someVerifier() },
      REDIRECT,
    )
    expect(code.status).toBe(400)
    expect(code.body.error).toBe('invalid_grant')

    const first = await login(emu, { email: 'bob@acme.test' })
    const wrongVerifier = await exchangeCode(
      appClient(emu),
      { code: first.code, codeVerifier: await someVerifier() },
      REDIRECT,
    )
    expect(wrongVerifier.status).toBe(400)
    expect(wrongVerifier.body.error).toBe('invalid_grant')

    const second = await login(emu, { email: 'bob@acme.test' })
    expect((await exchangeCode(appClient(emu), second, REDIRECT)).status).toBe(200)
    const replay = await exchangeCode(appClient(emu), second, REDIRECT)
    expect(replay.status).toBe(400)
    expect(replay.body.error).toBe('invalid_grant')
  })

  it('unknown paths -> 404; interaction pages reject unknown or misused requests', async () => {
    for (const path of ['/nope', '/oauth/nope', '/keys/extra', '/idp/other']) {
      expect((await get(path)).status, path).toBe(404)
    }
    expect((await get('/interaction/doesnotexist')).status).toBe(400)
    expect((await get('/interaction/doesnotexist/login')).status).toBe(405)
    const post = await fetch(`${emu.url}/interaction/doesnotexist/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a@b.test',
    })
    expect(post.status).toBe(400)
  })

  it('logout with a malformed id_token_hint -> 400; userinfo with garbage -> 401', async () => {
    expect((await get('/oidc/logout?id_token_hint=not.a.jwt')).status).toBe(400)
    const info = await fetch(`${emu.url}/userinfo`, { headers: { authorization: 'Bearer a.b.c' } })
    expect(info.status).toBe(401)
  })

  it('revocation of a refresh token stops it; introspection reports it inactive', async () => {
    const tokens = await loginAndExchange(emu, { email: 'carol@globex.test' })
    const auth = `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString('base64')}`
    const revoke = await fetch(`${emu.url}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refreshToken, token_type_hint: 'refresh_token' }),
    })
    expect(revoke.status).toBe(200)
    expect((await refresh(emu, tokens.refreshToken)).body.error).toBe('invalid_grant')
    const introspect = await fetch(`${emu.url}/oauth/introspect`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refreshToken }),
    })
    expect(introspect.status).toBe(200)
    expect(await introspect.json()).toEqual({ active: false })
  })
})
