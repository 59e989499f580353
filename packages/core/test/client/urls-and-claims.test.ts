// Pure URL builders (no network), PKCE helpers, IdP-initiated login claims and toAuth.
import { calculatePKCECodeChallenge } from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateNonce, generatePkce, generateState, KitClient, toAuth } from '../../src/index.js'
import { createTestKey, HostileIdp } from '../support/hostile-idp.js'
import { expectKitError, kitFor, nowSec } from '../support/kit-for-idp.js'

const noNetwork: typeof fetch = () => {
  throw new Error('network used')
}
const kit = new KitClient({
  environmentUrl: 'https://acme.example',
  clientId: 'skc_1',
  clientSecret: 'sks_1',
  fetch: noNetwork,
})
const REDIRECT = 'https://app.example/auth/callback'

describe('getAuthorizationUrl', () => {
  it('builds the /oauth/authorize URL with defaults, without network', () => {
    const url = new URL(kit.getAuthorizationUrl(REDIRECT))
    expect(url.origin + url.pathname).toBe('https://acme.example/oauth/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'skc_1',
      redirect_uri: REDIRECT,
      scope: 'openid profile email offline_access',
    })
  })

  it('maps every option to its parameter', () => {
    const url = new URL(
      kit.getAuthorizationUrl(REDIRECT, {
        scopes: ['openid', 'email'],
        state: 'st',
        nonce: 'nn',
        loginHint: 'a@acme.test',
        domainHint: 'acme.test',
        connectionId: 'conn_1',
        organizationId: 'org_1',
        provider: 'google',
        prompt: 'login',
        codeChallenge: 'cc',
        codeChallengeMethod: 'S256',
      }),
    )
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      scope: 'openid email',
      state: 'st',
      nonce: 'nn',
      login_hint: 'a@acme.test',
      domain_hint: 'acme.test',
      connection_id: 'conn_1',
      organization_id: 'org_1',
      provider: 'google',
      prompt: 'login',
      code_challenge: 'cc',
      code_challenge_method: 'S256',
    })
  })

  it('rejects plain PKCE, a relative redirect URI and scopes without openid', () => {
    expect(() =>
      kit.getAuthorizationUrl(REDIRECT, {
        codeChallenge: 'x',
        codeChallengeMethod: 'plain' as never,
      }),
    ).toThrow(/S256/)
    expect(() => kit.getAuthorizationUrl('/auth/callback')).toThrow(/redirectUri/)
    expect(() => kit.getAuthorizationUrl('javascript:alert(1)')).toThrow(/redirectUri/)
    expect(() => kit.getAuthorizationUrl(REDIRECT, { scopes: ['email'] })).toThrow(/openid/)
  })
})

describe('PKCE, state and nonce helpers', () => {
  it('generatePkce returns a verifier with its S256 challenge, unique per call', async () => {
    const a = await generatePkce()
    const b = await generatePkce()
    expect(a.codeChallengeMethod).toBe('S256')
    expect(a.codeChallenge).toBe(await calculatePKCECodeChallenge(a.codeVerifier))
    expect(a.codeVerifier).not.toBe(b.codeVerifier)
    expect(a.codeVerifier.length).toBeGreaterThanOrEqual(43)
  })

  it('state and nonce are random and URL-safe', () => {
    const values = new Set(
      Array.from({ length: 20 }, () => [generateState(), generateNonce()]).flat(),
    )
    expect(values.size).toBe(40)
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{22,}$/)
  })
})

describe('getLogoutUrl', () => {
  it('builds /oidc/logout with the hint, redirect and state, without network', () => {
    const url = new URL(
      kit.getLogoutUrl({
        idTokenHint: 'eyJ.x.y',
        postLogoutRedirectUri: 'https://app.example/',
        state: 's1',
      }),
    )
    expect(url.origin + url.pathname).toBe('https://acme.example/oidc/logout')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'skc_1',
      id_token_hint: 'eyJ.x.y',
      post_logout_redirect_uri: 'https://app.example/',
      state: 's1',
    })
    expect(new URL(kit.getLogoutUrl()).search).toBe('?client_id=skc_1')
  })
})

describe('getIdpInitiatedLoginClaims (hostile provider)', () => {
  let idp: HostileIdp
  beforeAll(async () => {
    idp = await HostileIdp.start()
  })
  afterAll(() => idp.close())

  const claims = () => ({
    iss: idp.url,
    aud: idp.clientId,
    iat: nowSec(),
    exp: nowSec() + 60,
    connection_id: 'conn_acme_sso',
    organization_id: 'org_acme',
    login_hint: 'alice@acme.test',
    relay_state: '/dashboard',
  })

  it('returns the verified claims', async () => {
    const result = await kitFor(idp).getIdpInitiatedLoginClaims(await idp.sign(claims()))
    expect(result).toEqual({
      connectionId: 'conn_acme_sso',
      organizationId: 'org_acme',
      loginHint: 'alice@acme.test',
      relayState: '/dashboard',
    })
  })

  it('rejects a bad signature, expiry, wrong issuer and wrong audience', async () => {
    const k = kitFor(idp)
    const forger = await createTestKey(idp.rs.kid, 'RS256')
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign(claims(), { key: forger })),
      'ERR_KIT_JWT_SIGNATURE',
    )
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign({ ...claims(), exp: nowSec() - 120 })),
      'ERR_KIT_JWT_EXPIRED',
    )
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign({ ...claims(), iss: 'https://evil.example' })),
      'ERR_KIT_JWT_CLAIM',
    )
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign({ ...claims(), aud: 'other-client' })),
      'ERR_KIT_JWT_CLAIM',
    )
    await expectKitError(k.getIdpInitiatedLoginClaims('not.a.jwt'), 'ERR_KIT_JWT_INVALID')
  })

  it('rejects non-string claim values', async () => {
    await expectKitError(
      kitFor(idp).getIdpInitiatedLoginClaims(
        await idp.sign({ ...claims(), relay_state: { x: 1 } }),
      ),
      'ERR_KIT_JWT_CLAIM',
    )
  })

  it('an ID token signed by the right key (same iss, aud, exp) is refused', async () => {
    const k = kitFor(idp)
    // A login's ID token: nonce, sub, oid, and no login target.
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const err = await expectKitError(k.getIdpInitiatedLoginClaims(idToken), 'ERR_KIT_JWT_CLAIM')
    expect(err.message).toMatch(/not an IdP-initiated login token/)
    // Even one that also carries the login target claims, because it has a nonce.
    const withTarget = await idp.sign({
      ...idp.idClaims(),
      connection_id: 'conn_acme_sso',
      organization_id: 'org_acme',
    })
    await expectKitError(k.getIdpInitiatedLoginClaims(withTarget), 'ERR_KIT_JWT_CLAIM')
    // A refreshed ID token has no nonce, and still names no connection or organization.
    const { nonce: _omit, ...refreshed } = idp.idClaims()
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign(refreshed)),
      'ERR_KIT_JWT_CLAIM',
    )
  })

  it('an access token or a token naming no connection or organization is refused', async () => {
    const k = kitFor(idp)
    const accessTyped = await idp.sign(claims(), { header: { typ: 'at+jwt' } })
    await expectKitError(k.getIdpInitiatedLoginClaims(accessTyped), 'ERR_KIT_JWT_CLAIM')
    const noTarget = { ...claims(), connection_id: null, organization_id: '' }
    await expectKitError(
      k.getIdpInitiatedLoginClaims(await idp.sign(noTarget)),
      'ERR_KIT_JWT_CLAIM',
    )
    // Either target alone is enough (the emulator sends null for the one it lacks).
    const orgOnly = await idp.sign({ ...claims(), connection_id: null })
    expect(await k.getIdpInitiatedLoginClaims(orgOnly)).toEqual({
      organizationId: 'org_acme',
      loginHint: 'alice@acme.test',
      relayState: '/dashboard',
    })
  })
})

describe('toAuth', () => {
  const accessClaims = {
    iss: 'https://acme.example',
    sub: 'usr_1',
    exp: 2_000_000_000,
    oid: 'org_acme',
    sid: 'ses_9',
    roles: ['admin', 7],
    permissions: ['org:manage'],
    scope: 'openid profile',
    scopes: ['email'],
  }

  it('maps claims and ID token claims to Auth', () => {
    const auth = toAuth(accessClaims, {
      accessToken: 'at',
      idToken: 'id.token.value',
      idTokenClaims: {
        sub: 'usr_1',
        email: 'a@acme.test',
        name: 'A',
        email_verified: false,
        amr: ['conn_x'],
      },
    })
    expect(auth).toEqual({
      user: { id: 'usr_1', email: 'a@acme.test', name: 'A', emailVerified: false },
      organizationId: 'org_acme',
      connectionId: 'conn_x',
      sessionId: 'ses_9',
      roles: ['admin'],
      permissions: ['org:manage'],
      scopes: ['openid', 'profile', 'email'],
      accessToken: 'at',
      idToken: 'id.token.value',
      expiresAt: 2_000_000_000,
      claims: accessClaims,
    })
  })

  it('decodes the ID token when no claims are given, and works without one', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const idToken = `${b64({ alg: 'RS256' })}.${b64({ sub: 'usr_1', given_name: 'Al' })}.sig`
    expect(toAuth(accessClaims, { accessToken: 'at', idToken }).user).toEqual({
      id: 'usr_1',
      givenName: 'Al',
    })
    const bare = toAuth({ sub: 'svc', exp: 5 }, { accessToken: 'at' })
    expect(bare).toMatchObject({
      user: { id: 'svc' },
      roles: [],
      permissions: [],
      scopes: [],
      expiresAt: 5,
    })
    expect(bare.idToken).toBeUndefined()
  })
})
