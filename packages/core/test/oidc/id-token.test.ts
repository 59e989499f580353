// Security checklist, "ID token (from the token endpoint)": every case goes through
// authenticateWithCode against the hostile provider, changing one thing from a token
// that is otherwise accepted.
import { exportSPKI, SignJWT } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { b64url, createTestKey, HostileIdp, type TestKey } from '../support/hostile-idp.js'
import { expectKitError, kitFor, nowSec } from '../support/kit-for-idp.js'

const REDIRECT = 'https://app.example/auth/callback'
const NONCE = 'n-0S6_WzA2Mj'
const checks = { codeVerifier: 'v'.repeat(43), nonce: NONCE }

let idp: HostileIdp
let attackerRs: TestKey
let attackerEs: TestKey

beforeAll(async () => {
  idp = await HostileIdp.start()
  attackerRs = await createTestKey(idp.rs.kid, 'RS256')
  attackerEs = await createTestKey(idp.es.kid, 'ES256')
})
afterAll(() => idp.close())
beforeEach(() => {
  idp.discovery = 'serve'
  idp.jwks = [idp.rs.jwk, idp.es.jwk]
})

async function login(idToken: string) {
  idp.answerWith(idToken)
  return kitFor(idp).authenticateWithCode('code-1', REDIRECT, checks)
}

async function rejected(idToken: string) {
  return expectKitError(login(idToken), 'ERR_KIT_ID_TOKEN')
}

describe('accepted ID tokens', () => {
  it('RS256: returns user, tokens, organization and connection; sends PKCE and client auth', async () => {
    const result = await login(await idp.sign(idp.idClaims()))
    expect(result.user).toEqual({
      id: 'usr_123',
      email: 'alice@acme.test',
      name: 'Alice Admin',
      givenName: 'Alice',
      familyName: 'Admin',
      emailVerified: true,
    })
    expect(result.accessToken).toBe('at-opaque')
    expect(result.refreshToken).toBe('rt-1')
    expect(result.expiresIn).toBe(300)
    expect(result.organizationId).toBe('org_acme')
    expect(result.connectionId).toBe('conn_acme_sso')
    expect(result.claims['nonce']).toBe(NONCE)
    const sent = idp.lastTokenRequest!.params
    expect(sent.get('grant_type')).toBe('authorization_code')
    expect(sent.get('code')).toBe('code-1')
    expect(sent.get('code_verifier')).toBe(checks.codeVerifier)
    expect(sent.get('redirect_uri')).toBe(REDIRECT)
    expect(sent.get('client_id')).toBe(idp.clientId)
    expect(sent.get('client_secret')).toBe(idp.clientSecret)
  })

  it('ES256', async () => {
    const result = await login(await idp.sign(idp.idClaims(), { key: idp.es }))
    expect(result.user.id).toBe('usr_123')
  })

  it('exp just inside the clock tolerance (30 s) is accepted', async () => {
    const result = await login(await idp.sign(idp.idClaims({ exp: nowSec() - 15 })))
    expect(result.user.id).toBe('usr_123')
  })
})

describe('rejected ID tokens', () => {
  it('wrong nonce', async () => {
    await rejected(await idp.sign(idp.idClaims({ nonce: 'other-nonce' })))
  })
  it('missing nonce when one was sent', async () => {
    await rejected(await idp.sign(idp.idClaims({ nonce: undefined })))
  })
  it('iss mismatch', async () => {
    await rejected(await idp.sign(idp.idClaims({ iss: 'https://evil.example' })))
  })
  it('aud missing', async () => {
    await rejected(await idp.sign(idp.idClaims({ aud: undefined })))
  })
  it('aud wrong', async () => {
    await rejected(await idp.sign(idp.idClaims({ aud: 'someone-else' })))
  })
  it('aud with an extra untrusted audience (even with azp = client)', async () => {
    await rejected(
      await idp.sign(idp.idClaims({ aud: [idp.clientId, 'untrusted'], azp: idp.clientId })),
    )
  })
  it('aud with an extra audience and no azp', async () => {
    await rejected(await idp.sign(idp.idClaims({ aud: [idp.clientId, 'untrusted'] })))
  })
  it('azp mismatch', async () => {
    await rejected(await idp.sign(idp.idClaims({ azp: 'someone-else' })))
  })
  it('sub missing', async () => {
    await rejected(await idp.sign(idp.idClaims({ sub: undefined })))
  })
  it('iat missing', async () => {
    await rejected(await idp.sign(idp.idClaims({ iat: undefined })))
  })
  it('exp missing', async () => {
    await rejected(await idp.sign(idp.idClaims({ exp: undefined })))
  })
  it('exp just outside the clock tolerance (30 s)', async () => {
    await rejected(await idp.sign(idp.idClaims({ exp: nowSec() - 45, iat: nowSec() - 400 })))
  })
  it('bad signature, RS256 (right kid, other key)', async () => {
    await rejected(await idp.sign(idp.idClaims(), { key: attackerRs }))
  })
  it('bad signature, ES256 (right kid, other key)', async () => {
    await rejected(await idp.sign(idp.idClaims(), { key: attackerEs }))
  })
  it('HS256 signed with the public key', async () => {
    const pem = await exportSPKI(idp.rs.publicKey)
    for (const secret of [pem, JSON.stringify(idp.rs.jwk)]) {
      const token = await new SignJWT(idp.idClaims())
        .setProtectedHeader({ alg: 'HS256', kid: idp.rs.kid })
        .sign(new TextEncoder().encode(secret))
      await rejected(token)
    }
  })
  it('alg none and case variants', async () => {
    for (const alg of ['none', 'nOnE', 'NONE']) {
      const unsigned = `${b64url({ alg, kid: idp.rs.kid })}.${b64url(idp.idClaims())}.`
      await rejected(unsigned)
      // with a junk signature segment too
      await rejected(`${unsigned}c2ln`)
    }
  })
})

describe('authorization response iss (mix-up defence)', () => {
  it('a wrong iss is rejected before any code exchange', async () => {
    idp.answerWith(await idp.sign(idp.idClaims()))
    const before = idp.hits.token
    const kit = kitFor(idp)
    const err = await expectKitError(
      kit.authenticateWithCode('code-1', REDIRECT, { ...checks, iss: 'https://evil.example' }),
      'ERR_KIT_CALLBACK',
    )
    expect(err.message).toMatch(/mix-up/)
    expect(idp.hits.token).toBe(before)
  })
  it('the right iss is accepted', async () => {
    idp.answerWith(await idp.sign(idp.idClaims()))
    const kit = kitFor(idp)
    const result = await kit.authenticateWithCode('code-1', REDIRECT, { ...checks, iss: idp.url })
    expect(result.user.id).toBe('usr_123')
  })
})

describe('discovery', () => {
  it('a discovery document whose issuer differs from the environment is rejected', async () => {
    idp.discovery = { ...idp.discoveryDocument(), issuer: 'https://evil.example' }
    idp.answerWith(await idp.sign(idp.idClaims()))
    const before = idp.hits.token
    const err = await expectKitError(
      kitFor(idp).authenticateWithCode('code-1', REDIRECT, checks),
      'ERR_KIT_DISCOVERY',
    )
    expect(err.message).toMatch(/issuer/)
    expect(idp.hits.token).toBe(before)
  })

  it('without a discovery document the fixed paths are used', async () => {
    idp.discovery = 'missing'
    const result = await login(await idp.sign(idp.idClaims()))
    expect(result.user.id).toBe('usr_123')
  })

  it('discovery is fetched once for concurrent callers', async () => {
    const kit = kitFor(idp)
    const before = idp.hits.discovery
    await Promise.all(Array.from({ length: 10 }, () => kit.getEndpoints()))
    expect(idp.hits.discovery - before).toBe(1)
  })
})

describe('token endpoint errors', () => {
  it('invalid_grant -> ERR_KIT_INVALID_GRANT', async () => {
    idp.token = { status: 400, body: { error: 'invalid_grant', error_description: 'code used' } }
    const err = await expectKitError(
      kitFor(idp).authenticateWithCode('code-1', REDIRECT, checks),
      'ERR_KIT_INVALID_GRANT',
    )
    expect(err.cause).toBeDefined()
  })
  it('other OAuth errors -> ERR_KIT_OAUTH', async () => {
    idp.token = { status: 401, body: { error: 'invalid_client' } }
    await expectKitError(
      kitFor(idp).authenticateWithCode('code-1', REDIRECT, checks),
      'ERR_KIT_OAUTH',
    )
  })
  it('a response without an ID token is rejected', async () => {
    idp.token = { body: { access_token: 'at', token_type: 'Bearer', expires_in: 60 } }
    await expectKitError(
      kitFor(idp).authenticateWithCode('code-1', REDIRECT, checks),
      'ERR_KIT_ID_TOKEN',
    )
  })
})
