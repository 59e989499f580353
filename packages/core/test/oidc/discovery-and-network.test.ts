// Discovery failures and network failures fail closed with typed errors, never hang,
// and are not cached; plus the ID-token verifier on its own (defence in depth: it must
// reject forged tokens even where openid-client would not look).
import { exportSPKI, SignJWT } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KitClient } from '../../src/index.js'
import { verifyIdToken } from '../../src/oidc/id-token.js'
import { JwksCache } from '../../src/tokens/jwks-cache.js'
import { b64url, closedPortUrl, HostileIdp } from '../support/hostile-idp.js'
import { expectKitError, kitFor } from '../support/kit-for-idp.js'

const REDIRECT = 'https://app.example/auth/callback'
const checks = { codeVerifier: 'v'.repeat(43), nonce: 'n-0S6_WzA2Mj' }

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())
beforeEach(() => {
  idp.discovery = 'serve'
  idp.tokenHangs = false
})

describe('discovery failures', () => {
  for (const mode of ['status-500', 'invalid-json'] as const) {
    it(`${mode} -> ERR_KIT_DISCOVERY, not cached (the next call retries)`, async () => {
      idp.discovery = mode
      const kit = kitFor(idp)
      await expectKitError(kit.getEndpoints(), 'ERR_KIT_DISCOVERY')
      idp.discovery = 'serve'
      expect((await kit.getEndpoints()).discovered).toBe(true)
    })
  }

  it('an endpoint that is not an http(s) URL -> ERR_KIT_DISCOVERY', async () => {
    idp.discovery = { issuer: idp.url, token_endpoint: 'javascript:alert(1)' }
    await expectKitError(kitFor(idp).getEndpoints(), 'ERR_KIT_DISCOVERY')
  })

  it('an unreachable environment -> ERR_KIT_DISCOVERY', async () => {
    const url = await closedPortUrl()
    const kit = new KitClient({ environmentUrl: url, clientId: 'c', clientSecret: 's' })
    await expectKitError(kit.getEndpoints(), 'ERR_KIT_DISCOVERY')
    await expectKitError(kit.refreshAccessToken('rt'), 'ERR_KIT_DISCOVERY')
  })

  it('discovery: false uses the fixed paths without fetching discovery', async () => {
    const before = idp.hits.discovery
    const endpoints = await kitFor(idp, { discovery: false }).getEndpoints()
    expect(endpoints).toMatchObject({
      discovered: false,
      issuer: idp.url,
      tokenEndpoint: `${idp.url}/oauth/token`,
      jwksUri: `${idp.url}/keys`,
      authorizationEndpoint: `${idp.url}/oauth/authorize`,
      endSessionEndpoint: `${idp.url}/oidc/logout`,
    })
    expect(idp.hits.discovery).toBe(before)
  })
})

describe('network failures at the token endpoint', () => {
  it('a token endpoint that never answers -> ERR_KIT_NETWORK within the timeout', async () => {
    idp.tokenHangs = true
    const started = Date.now()
    await expectKitError(
      kitFor(idp, { timeoutMs: 500 }).authenticateWithCode('c', REDIRECT, checks),
      'ERR_KIT_NETWORK',
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('connection refused at the token endpoint -> ERR_KIT_NETWORK', async () => {
    const url = await closedPortUrl()
    const kit = new KitClient({
      environmentUrl: url,
      clientId: 'c',
      clientSecret: 's',
      discovery: false,
    })
    await expectKitError(kit.getClientAccessToken(), 'ERR_KIT_NETWORK')
  })
})

describe('verifyIdToken on its own', () => {
  const keys = () =>
    new JwksCache({
      jwksUri: async () => `${idp.url}/keys`,
      fetch,
      timeoutMs: 2000,
      cooldownMs: 30_000,
      cacheMaxAgeMs: 600_000,
    }).getKey
  const base = () => ({
    issuer: idp.url,
    clientId: idp.clientId,
    algorithms: ['ES256', 'RS256'],
    clockToleranceSeconds: 30,
    nonce: 'n-0S6_WzA2Mj',
  })

  it('accepts a valid token and returns its claims', async () => {
    const claims = await verifyIdToken(await idp.sign(idp.idClaims()), keys(), base())
    expect(claims['sub']).toBe('usr_123')
  })

  it('rejects alg none, HS256 with the public key, wrong nonce, extra audience, changed sub', async () => {
    const getKey = keys()
    const none = `${b64url({ alg: 'none' })}.${b64url(idp.idClaims())}.`
    await expectKitError(verifyIdToken(none, getKey, base()), 'ERR_KIT_ID_TOKEN')
    const hs = await new SignJWT(idp.idClaims())
      .setProtectedHeader({ alg: 'HS256', kid: idp.rs.kid })
      .sign(new TextEncoder().encode(await exportSPKI(idp.rs.publicKey)))
    await expectKitError(verifyIdToken(hs, getKey, base()), 'ERR_KIT_ID_TOKEN')
    const wrongNonce = await idp.sign(idp.idClaims({ nonce: 'x' }))
    await expectKitError(verifyIdToken(wrongNonce, getKey, base()), 'ERR_KIT_ID_TOKEN')
    const extraAud = await idp.sign(idp.idClaims({ aud: [idp.clientId, 'x'], azp: idp.clientId }))
    await expectKitError(verifyIdToken(extraAud, getKey, base()), 'ERR_KIT_ID_TOKEN')
    const valid = await idp.sign(idp.idClaims())
    await expectKitError(
      verifyIdToken(valid, getKey, { ...base(), expectedSubject: 'usr_other' }),
      'ERR_KIT_ID_TOKEN',
    )
  })
})
