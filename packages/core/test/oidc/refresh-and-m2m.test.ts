// Refresh (including "refreshed ID token whose iss or sub changed -> rejected") and
// the client_credentials token cache, against the hostile provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostileIdp } from '../support/hostile-idp.js'
import { expectKitError, kitFor } from '../support/kit-for-idp.js'

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

async function refreshAnswer(claims: Record<string, unknown> | null) {
  const body: Record<string, unknown> = {
    access_token: 'at-2',
    token_type: 'Bearer',
    expires_in: 120,
    refresh_token: 'rt-2',
  }
  if (claims) body['id_token'] = await idp.sign(idp.idClaims({ nonce: undefined, ...claims }))
  idp.token = { body }
}

describe('refreshAccessToken', () => {
  it('returns new access, refresh and ID tokens and sends the refresh token', async () => {
    await refreshAnswer({})
    const result = await kitFor(idp).refreshAccessToken('rt-1', { expectedSubject: 'usr_123' })
    expect(result.accessToken).toBe('at-2')
    expect(result.refreshToken).toBe('rt-2')
    expect(result.expiresIn).toBe(120)
    expect(result.idToken).toMatch(/^ey/)
    expect(result.idTokenClaims?.['sub']).toBe('usr_123')
    expect(idp.lastTokenRequest!.params.get('grant_type')).toBe('refresh_token')
    expect(idp.lastTokenRequest!.params.get('refresh_token')).toBe('rt-1')
  })

  it('keeps the old refresh token when the environment does not rotate it', async () => {
    idp.token = { body: { access_token: 'at-3', token_type: 'Bearer', expires_in: 60 } }
    const result = await kitFor(idp).refreshAccessToken('rt-keep')
    expect(result).toEqual({ accessToken: 'at-3', refreshToken: 'rt-keep', expiresIn: 60 })
  })

  it('a refreshed ID token whose sub changed is rejected', async () => {
    await refreshAnswer({ sub: 'usr_other' })
    await expectKitError(
      kitFor(idp).refreshAccessToken('rt-1', { expectedSubject: 'usr_123' }),
      'ERR_KIT_ID_TOKEN',
    )
  })

  it('a refreshed ID token whose iss changed is rejected', async () => {
    await refreshAnswer({ iss: 'https://evil.example' })
    await expectKitError(kitFor(idp).refreshAccessToken('rt-1'), 'ERR_KIT_ID_TOKEN')
  })

  it('a refreshed ID token with a bad signature is rejected', async () => {
    const token = await idp.sign(idp.idClaims({ nonce: undefined }))
    const [h, p, s] = token.split('.')
    const flipped = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`
    idp.token = {
      body: { access_token: 'a', token_type: 'Bearer', expires_in: 60, id_token: flipped },
    }
    await expectKitError(kitFor(idp).refreshAccessToken('rt-1'), 'ERR_KIT_ID_TOKEN')
  })

  it('invalid_grant -> ERR_KIT_INVALID_GRANT', async () => {
    idp.token = { status: 400, body: { error: 'invalid_grant' } }
    await expectKitError(kitFor(idp).refreshAccessToken('rt-revoked'), 'ERR_KIT_INVALID_GRANT')
  })

  it('an empty refresh token is rejected without a request', async () => {
    const before = idp.hits.token
    await expectKitError(kitFor(idp).refreshAccessToken(''), 'ERR_KIT_INVALID_GRANT')
    expect(idp.hits.token).toBe(before)
  })
})

describe('getClientAccessToken', () => {
  it('fetches once for concurrent callers, caches, and honours forceRefresh', async () => {
    let n = 0
    idp.token = (params) => {
      expect(params.get('grant_type')).toBe('client_credentials')
      n++
      return { body: { access_token: `m2m-${n}`, token_type: 'Bearer', expires_in: 3600 } }
    }
    const kit = kitFor(idp)
    const before = idp.hits.token
    const tokens = await Promise.all(Array.from({ length: 50 }, () => kit.getClientAccessToken()))
    expect(new Set(tokens)).toEqual(new Set(['m2m-1']))
    expect(await kit.getClientAccessToken()).toBe('m2m-1')
    expect(idp.hits.token - before).toBe(1)
    expect(await kit.getClientAccessToken({ forceRefresh: true })).toBe('m2m-2')
    expect(await kit.getClientAccessToken()).toBe('m2m-2')
  })

  it('renews a token once it is within the refresh skew of expiry', async () => {
    let n = 0
    idp.token = () => ({
      body: { access_token: `short-${++n}`, token_type: 'Bearer', expires_in: 2 },
    })
    const kit = kitFor(idp, { clientTokenRefreshSkewSeconds: 60 })
    // lifetime 2 s, skew capped at half the lifetime: usable for 1 s
    expect(await kit.getClientAccessToken()).toBe('short-1')
    expect(await kit.getClientAccessToken()).toBe('short-1')
    await new Promise((r) => setTimeout(r, 1100))
    expect(await kit.getClientAccessToken()).toBe('short-2')
  })

  it('a failed fetch is not cached and every waiting caller gets the error', async () => {
    idp.token = { status: 401, body: { error: 'invalid_client' } }
    const kit = kitFor(idp)
    const results = await Promise.allSettled([
      kit.getClientAccessToken(),
      kit.getClientAccessToken(),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    idp.token = { body: { access_token: 'ok-now', token_type: 'Bearer', expires_in: 60 } }
    expect(await kit.getClientAccessToken()).toBe('ok-now')
  })
})
