// Bearer tokens against the running emulator: the login flow gives real tokens, so an ID
// token (same issuer, valid signature) can be presented as a bearer token. With the
// default `bearer.tokenType` ('at+jwt') it is refused; this app's access tokens (user and
// client_credentials) pass. Every row of the bearer audience table of docs/security.md:
// tokens of another application, of a third-party client, and of organization M2M clients
// minted for another API are refused; an M2M token for the app's configured API audience
// passes. Also: a code replayed without its PKCE verifier is refused at the token endpoint.
import type { EmulatorHandle } from '@kit/emulator'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { unsealValue } from '../../src/session/seal.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { asResponse } from '../support/as-response.js'
import {
  appKit,
  authorization,
  emulatorBrowser,
  signInAtEmulator,
  startTestEmulator,
} from '../support/emulator.js'
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
    expect(asResponse(routes.guard(bearer(accessToken), ok.auth, { kind: 'auth' }))).toBeNull()

    const refused = await routes.authenticate(bearer(idToken))
    expect(refused.auth).toBeNull()
    const denied = asResponse(routes.guard(bearer(idToken), refused.auth, { kind: 'auth' }))
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

  it("this app's own client_credentials token passes the default check", async () => {
    const token = await kit.getClientAccessToken()
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt')
    const { auth } = await routes.authenticate(bearer(token))
    expect(auth).not.toBeNull()
  })
})

/** This app's API, as an app would configure it in `bearer.audience`. */
const OUR_API = 'https://api.acme.test'
const REDIRECT = `${BASE}/auth/callback`
const OTHER_APP = { clientId: 'skc_other_app', clientSecret: 'other-app-secret-0123456789' }
const PARTNER = { clientId: 'skc_partner_app', clientSecret: 'partner-app-secret-0123456789' }

/** A KitClient for another client of the same environment. */
const kitAs = (client: { clientId: string; clientSecret: string }) =>
  new KitClient({ environmentUrl: emu.url, ...client })

/** Creates an organization M2M client (management API) with this audience list; its token. */
async function m2mToken(audience: string[]): Promise<string> {
  const admin = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.environmentClientId,
    clientSecret: emu.environmentClientSecret,
  })
  const { client, plainSecret } = await admin.m2mClient.createOrganizationClient('org_acme', {
    name: `robot for ${audience.join(' ')}`,
    audience,
  })
  expect(client.audience).toEqual(audience)
  return kitAs({ clientId: client.clientId, clientSecret: plainSecret }).getClientAccessToken()
}

describe('bearer audience: tokens meant for someone else are refused (decision table)', () => {
  let ownUser: string
  let ownClient: string
  let m2mOurApi: string
  let m2mOtherApi: string
  /** An M2M client for two APIs, ours second. */
  let m2mTwoApis: string
  let otherApp: string
  let thirdParty: string
  /** The default, and an app that serves its API audience next to its own tokens. */
  let withApi: KitRoutes

  beforeAll(async () => {
    await emu.seed({
      clients: [
        { kind: 'application', ...toWire(OTHER_APP), first_party: true, redirect_uris: [REDIRECT] },
        {
          kind: 'application',
          ...toWire(PARTNER),
          name: 'Partner app',
          first_party: false,
          redirect_uris: [REDIRECT],
        },
      ],
    })
    ownUser = (await loginTokens()).accessToken
    ownClient = await kit.getClientAccessToken()
    m2mOurApi = await m2mToken([OUR_API])
    m2mOtherApi = await m2mToken(['https://billing.other.test'])
    m2mTwoApis = await m2mToken(['https://billing.other.test', OUR_API])
    otherApp = await kitAs(OTHER_APP).getClientAccessToken()
    // Alice signs in to the third-party app consenting to `openid` only.
    const partner = kitAs(PARTNER)
    const attempt = await authorization(partner, REDIRECT, { scopes: ['openid'] })
    const callback = await signInAtEmulator(emu, attempt.url, 'alice@acme.test')
    const result = await partner.authenticateWithCode(
      callback.searchParams.get('code')!,
      REDIRECT,
      {
        codeVerifier: attempt.codeVerifier,
        nonce: attempt.nonce,
      },
    )
    thirdParty = result.accessToken
    withApi = createKitRoutes({
      kit,
      baseUrl: BASE,
      session: { secret: SECRET },
      bearer: { audience: [emu.clientId, OUR_API] },
    })
  })

  const toWire = (c: { clientId: string; clientSecret: string }) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
  })

  /** The guard's answer to a bearer request: 200 (allowed) or its status. */
  async function status(r: KitRoutes, token: string): Promise<number> {
    const req = bearer(token)
    const { auth } = await r.authenticate(req)
    return asResponse(r.guard(req, auth, { kind: 'auth' }))?.status ?? 200
  }

  it('the tokens are what the table says: all at+jwt from the same issuer, aud tells them apart', () => {
    const aud = (t: string) => decodeJwt(t).aud
    for (const t of [
      ownUser,
      ownClient,
      m2mOurApi,
      m2mOtherApi,
      m2mTwoApis,
      otherApp,
      thirdParty,
    ]) {
      expect(decodeProtectedHeader(t).typ).toBe('at+jwt')
      expect(decodeJwt(t).iss).toBe(emu.url)
    }
    expect(aud(ownUser)).toBe(emu.clientId)
    expect(aud(ownClient)).toBe(emu.clientId)
    expect(aud(m2mOurApi)).toBe(OUR_API)
    expect(decodeJwt(m2mOurApi).oid).toBe('org_acme')
    expect(aud(m2mOtherApi)).toBe('https://billing.other.test')
    expect(aud(m2mTwoApis)).toEqual(['https://billing.other.test', OUR_API])
    expect(aud(otherApp)).toBe(OTHER_APP.clientId)
    expect(aud(thirdParty)).toBe(PARTNER.clientId)
    expect(decodeJwt(thirdParty).sub).toBe(decodeJwt(ownUser).sub)
  })

  it("default: this app's own tokens pass; every other row is 401", async () => {
    expect(await status(routes, ownUser)).toBe(200)
    expect(await status(routes, ownClient)).toBe(200)
    expect(await status(routes, m2mOurApi)).toBe(401)
    expect(await status(routes, m2mOtherApi)).toBe(401)
    expect(await status(routes, m2mTwoApis)).toBe(401)
    expect(await status(routes, otherApp)).toBe(401)
    expect(await status(routes, thirdParty)).toBe(401)
  })

  it("with bearer.audience [client id, the app's API]: the organization M2M token passes too", async () => {
    expect(await status(withApi, ownUser)).toBe(200)
    expect(await status(withApi, m2mOurApi)).toBe(200)
    // Listed second in the client's audience: the token names every API of the list.
    expect(await status(withApi, m2mTwoApis)).toBe(200)
    const { auth } = await withApi.authenticate(bearer(m2mOurApi))
    expect(auth?.organizationId).toBe('org_acme')
    expect(await status(withApi, m2mOtherApi)).toBe(401)
    expect(await status(withApi, otherApp)).toBe(401)
    expect(await status(withApi, thirdParty)).toBe(401)
  })

  it('requirePermission does not rescue a foreign token that carries the permission', async () => {
    // The third-party token is alice's; it must not reach a permission check at all.
    const req = bearer(thirdParty)
    const { auth } = await routes.authenticate(req)
    expect(auth).toBeNull()
    const denied = asResponse(
      routes.guard(req, auth, { kind: 'permission', names: ['org:manage'] }),
    )
    expect(denied!.status).toBe(401)
  })

  it('bearer.allowedClients opts a named client in, and only that one', async () => {
    const partnerOk = createKitRoutes({
      kit,
      baseUrl: BASE,
      session: { secret: SECRET },
      bearer: { allowedClients: [PARTNER.clientId] },
    })
    expect(await status(partnerOk, thirdParty)).toBe(200)
    expect(await status(partnerOk, otherApp)).toBe(401)
    expect(await status(partnerOk, m2mOtherApi)).toBe(401)
    expect(await status(partnerOk, ownUser)).toBe(200)
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
