// The whole protocol against the real emulator over HTTP: authorization URL -> login
// page forms -> code exchange -> access token validation -> refresh -> M2M token ->
// IdP-initiated claims -> logout URL.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AuthenticationResult, generatePkce, KitClient, toAuth } from '../../src/index.js'
import {
  appKit,
  authorization,
  emulatorBrowser,
  initiateIdpLogin,
  signInAtEmulator,
  startTestEmulator,
} from '../support/emulator.js'
import { expectKitError } from '../support/kit-for-idp.js'

const REDIRECT = 'http://localhost:3000/auth/callback'
let emu: EmulatorHandle
let kit: KitClient
let login: AuthenticationResult

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
})
afterAll(() => emu?.stop())

async function signIn(email: string) {
  const { url, codeVerifier, nonce, state } = await authorization(kit, REDIRECT)
  const callback = await signInAtEmulator(emu, url, email)
  expect(callback.origin + callback.pathname).toBe(REDIRECT)
  expect(callback.searchParams.get('state')).toBe(state)
  const code = callback.searchParams.get('code')!
  const iss = callback.searchParams.get('iss') ?? undefined
  return kit.authenticateWithCode(code, REDIRECT, { codeVerifier, nonce, state, iss })
}

describe('login against the emulator', () => {
  it('discovers the emulator endpoints', async () => {
    const endpoints = await kit.getEndpoints()
    expect(endpoints.discovered).toBe(true)
    expect(endpoints.issuer).toBe(emu.url)
    expect(kit.getAuthorizationUrl(REDIRECT).startsWith(`${emu.url}/oauth/authorize?`)).toBe(true)
  })

  it('authorization URL -> login page -> authenticateWithCode', async () => {
    login = await signIn('alice@acme.test')
    expect(login.user).toMatchObject({ email: 'alice@acme.test', emailVerified: true })
    expect(login.user.id).toMatch(/\S/)
    expect(login.organizationId).toBe('org_acme')
    expect(login.refreshToken).toBeTruthy()
    expect(login.expiresIn).toBeGreaterThan(0)
    expect(login.claims['iss']).toBe(emu.url)
  })

  it('a code can be exchanged only once', async () => {
    const { url, codeVerifier, nonce } = await authorization(kit, REDIRECT)
    const code = (await signInAtEmulator(emu, url, 'bob@acme.test')).searchParams.get('code')!
    await kit.authenticateWithCode(code, REDIRECT, { codeVerifier, nonce })
    await expectKitError(
      kit.authenticateWithCode(code, REDIRECT, { codeVerifier, nonce }),
      'ERR_KIT_INVALID_GRANT',
    )
  })

  it('a wrong PKCE verifier is refused by the emulator', async () => {
    const { url, nonce } = await authorization(kit, REDIRECT)
    const code = (await signInAtEmulator(emu, url, 'bob@acme.test')).searchParams.get('code')!
    const other = await generatePkce()
    await expectKitError(
      kit.authenticateWithCode(code, REDIRECT, { codeVerifier: other.codeVerifier, nonce }),
      'ERR_KIT_INVALID_GRANT',
    )
  })

  it('the access token validates, with permissions, and maps to Auth', async () => {
    const claims = await kit.validateToken(login.accessToken, {
      tokenType: 'at+jwt',
      audience: emu.clientId,
      requiredPermissions: ['org:manage', 'projects:read'],
    })
    expect(claims.sub).toBe(login.user.id)
    const auth = toAuth(claims, { accessToken: login.accessToken, idToken: login.idToken })
    expect(auth.user.email).toBe('alice@acme.test')
    expect(auth.organizationId).toBe('org_acme')
    expect(auth.roles).toContain('admin')
    expect(auth.permissions).toEqual(expect.arrayContaining(['org:manage', 'projects:write']))
    expect(auth.sessionId).toMatch(/\S/)
    expect(auth.expiresAt).toBeGreaterThan(Date.now() / 1000)
    expect(await kit.validateAccessToken(login.accessToken)).toBe(true)
  })

  it('the ID token is not accepted as an access token', async () => {
    await expectKitError(
      kit.validateToken(login.idToken, { tokenType: 'at+jwt' }),
      'ERR_KIT_JWT_CLAIM',
    )
  })

  it('a member lacks org:manage, with the missing permission named', async () => {
    const bob = await signIn('bob@acme.test')
    const err = await expectKitError(
      kit.validateToken(bob.accessToken, { requiredPermissions: ['org:manage'] }),
      'ERR_KIT_INSUFFICIENT_PERMISSION',
    )
    expect(err.message).toContain('org:manage')
  })
})

describe('refresh against the emulator', () => {
  it('returns new tokens for the same user; the old refresh token is then invalid', async () => {
    const session = await signIn('alice@acme.test')
    const refreshed = await kit.refreshAccessToken(session.refreshToken!, {
      expectedSubject: session.user.id,
    })
    expect(refreshed.accessToken).not.toBe(session.accessToken)
    expect(refreshed.refreshToken).toBeTruthy()
    const claims = await kit.validateToken(refreshed.accessToken)
    expect(claims.sub).toBe(session.user.id)
    if (refreshed.idTokenClaims) expect(refreshed.idTokenClaims['sub']).toBe(session.user.id)
    await expectKitError(kit.refreshAccessToken(session.refreshToken!), 'ERR_KIT_INVALID_GRANT')
  })

  it('a garbage refresh token -> ERR_KIT_INVALID_GRANT', async () => {
    await expectKitError(kit.refreshAccessToken('not-a-refresh-token'), 'ERR_KIT_INVALID_GRANT')
  })
})

describe('M2M token against the emulator', () => {
  it('one client_credentials token for 50 concurrent calls, valid at the emulator', async () => {
    const fresh = new KitClient({
      environmentUrl: emu.url,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    })
    const tokens = await Promise.all(Array.from({ length: 50 }, () => fresh.getClientAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    const claims = await fresh.validateToken(tokens[0]!)
    expect(claims.iss).toBe(emu.url)
    const forced = await fresh.getClientAccessToken({ forceRefresh: true })
    expect(forced).not.toBe(tokens[0])
  })

  it('a wrong client secret -> ERR_KIT_OAUTH', async () => {
    const wrong = new KitClient({
      environmentUrl: emu.url,
      clientId: emu.clientId,
      clientSecret: 'nope',
    })
    await expectKitError(wrong.getClientAccessToken(), 'ERR_KIT_OAUTH')
  })
})

describe('management namespaces on KitClient', () => {
  it('kit.organization calls the management API with the client_credentials token', async () => {
    const env = new KitClient({
      environmentUrl: emu.url,
      clientId: emu.environmentClientId,
      clientSecret: emu.environmentClientSecret,
    })
    const { organization } = await env.organization.getOrganization('org_acme')
    expect(organization?.displayName).toBe('Acme Corp')
    expect(typeof env.users).toBe('object')
    expect(typeof env.actions.providers).toBe('object')
  })
})

describe('key rotation at the emulator', () => {
  it('tokens signed with a newly rotated key validate at once (one JWKS refetch)', async () => {
    await kit.validateToken(login.accessToken)
    await emu.rotateKeys()
    const after = await signIn('alice@acme.test')
    const claims = await kit.validateToken(after.accessToken)
    expect(claims.sub).toBe(after.user.id)
  })
})

describe('IdP-initiated login and logout against the emulator', () => {
  it('getIdpInitiatedLoginClaims verifies the emulator token', async () => {
    const { status, token, url } = await initiateIdpLogin(emu, {
      connection_id: 'conn_acme_sso',
      login_hint: 'alice@acme.test',
      relay_state: '/dashboard',
      client_id: emu.clientId,
    })
    expect(status).toBe(200)
    expect(new URL(url).searchParams.get('idp_initiated_login')).toBe(token)
    const claims = await kit.getIdpInitiatedLoginClaims(token)
    expect(claims).toMatchObject({
      connectionId: 'conn_acme_sso',
      loginHint: 'alice@acme.test',
      relayState: '/dashboard',
    })
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    await expectKitError(kit.getIdpInitiatedLoginClaims(tampered), 'ERR_KIT_JWT_SIGNATURE')
  })

  it('getLogoutUrl ends the session and returns to the post-logout URI with state', async () => {
    const session = await signIn('alice@acme.test')
    const url = kit.getLogoutUrl({
      idTokenHint: session.idToken,
      postLogoutRedirectUri: 'http://localhost:3000/',
      state: 'bye-1',
    })
    expect(url.startsWith(`${emu.url}/oidc/logout?`)).toBe(true)
    const landing = await emulatorBrowser(emu).get(url)
    expect(landing.stopped).toBe(true)
    expect(landing.url.origin + landing.url.pathname).toBe('http://localhost:3000/')
    expect(landing.url.searchParams.get('state')).toBe('bye-1')
    // the session's refresh token no longer works
    await expectKitError(kit.refreshAccessToken(session.refreshToken!), 'ERR_KIT_INVALID_GRANT')
  })
})
