// Bearer tokens against the running emulator: the login flow gives real tokens, so an ID
// token (same issuer, valid signature) can be presented as a bearer token. With the
// default `bearer.tokenType` ('at+jwt') it is refused; access tokens (user and M2M) pass.
// Also: a code replayed without its PKCE verifier is refused at the token endpoint.
import type { EmulatorHandle } from '@kit/emulator'
import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { appKit, emulatorBrowser, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator } from './support/emulator-login.js'
import { BASE, Jar, request, SECRET } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient
let routes: KitRoutes

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
  routes = createKitRoutes({ kit, baseUrl: BASE, session: { secret: SECRET } })
})
afterAll(() => emu?.stop())

interface SessionTokens {
  accessToken: string
  idToken: string
}

/** Logs alice in through the emulator's login page and reads the tokens out of our seal. */
async function loginTokens(): Promise<SessionTokens> {
  const { jar, res } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
  expect(res.status).toBe(302)
  const seal = decodeURIComponent(jar.cookies.get('kit_session')!)
  const data = await unsealValue<SessionTokens>(seal, await derivePasswords([SECRET]))
  expect(data?.idToken).toBeTruthy()
  return data!
}

const bearer = (token: string) =>
  request('/api/projects', undefined, { headers: { authorization: `Bearer ${token}` } })

describe('bearer tokens from the emulator', () => {
  it('the access token passes; the ID token is refused with 401 invalid_token', async () => {
    const { accessToken, idToken } = await loginTokens()
    expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt')
    expect(decodeProtectedHeader(idToken).typ).not.toBe('at+jwt')

    const ok = await routes.authenticate(bearer(accessToken))
    expect(ok.auth?.user.id).toMatch(/^usr_/)
    expect(ok.auth?.permissions).toContain('org:manage')
    expect(routes.guard(bearer(accessToken), ok.auth, { kind: 'auth' })).toBeNull()

    const refused = await routes.authenticate(bearer(idToken))
    expect(refused.auth).toBeNull()
    const denied = routes.guard(bearer(idToken), refused.auth, { kind: 'auth' })
    expect(denied!.status).toBe(401)
    expect((await denied!.json()).error.code).toBe('invalid_token')
  })

  it('without the typ check the same ID token would pass: the default is what stops it', async () => {
    const { idToken } = await loginTokens()
    const open = createKitRoutes({
      kit,
      baseUrl: BASE,
      session: { secret: SECRET },
      bearer: { tokenType: false },
    })
    expect((await open.authenticate(bearer(idToken))).auth?.user.email).toBe('alice@acme.test')
    // An audience check is the other way to tell them apart: the ID token's aud is the client.
    const byAudience = createKitRoutes({
      kit,
      baseUrl: BASE,
      session: { secret: SECRET },
      bearer: { tokenType: false, audience: 'https://api.example' },
    })
    expect((await byAudience.authenticate(bearer(idToken))).auth).toBeNull()
  })

  it('an M2M client_credentials token passes the default check', async () => {
    const token = await kit.getClientAccessToken()
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt')
    const { auth } = await routes.authenticate(bearer(token))
    expect(auth).not.toBeNull()
  })
})

describe('PKCE at the emulator', () => {
  /** Signs alice in and returns the code and the verifier sealed in the transaction cookie. */
  async function codeAndVerifier(): Promise<{ code: string; codeVerifier: string }> {
    const jar = new Jar()
    const browser = emulatorBrowser(emu)
    const start = (await routes.handle(request('/auth/login', jar)))!
    jar.apply(start)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const state = authorize.searchParams.get('state')!
    const landing = await browser.click(
      await browser.get(authorize.href),
      'Sign in as alice@acme.test',
    )
    const sealed = decodeURIComponent(jar.cookies.get(`kit_txn.${state}`)!)
    const txn = await unsealValue<{ codeVerifier: string }>(sealed, await derivePasswords([SECRET]))
    return { code: landing.url.searchParams.get('code')!, codeVerifier: txn!.codeVerifier }
  }

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: routes.redirectUri,
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        ...extra,
      }),
    })

  it('a code replayed without (or with another) PKCE verifier is refused at the token endpoint', async () => {
    const stripped = await codeAndVerifier()
    const res = await exchange(stripped.code)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBe('invalid_grant')

    const other = await codeAndVerifier()
    const wrong = await exchange(other.code, { code_verifier: stripped.codeVerifier })
    expect(wrong.status).toBe(400)

    // Control: the same request with the attempt's own verifier succeeds.
    const good = await codeAndVerifier()
    expect((await exchange(good.code, { code_verifier: good.codeVerifier })).status).toBe(200)
  })
})
