// Security checklist, "Access tokens", verified-token cache (issue 13, target 4): a
// repeated token skips the signature work, and nothing else. The cache is keyed by the
// exact token string, never answers past `exp` (or before `nbf`) under the calling
// tolerance, is re-checked against the calling issuer and type, keeps its verdict from
// values copied at verification time, and stays within its configured size.
import { describe, expect, it } from 'vitest'
import { VerifiedTokenCache } from '../../src/tokens/verified-token-cache.js'
import { hostileIdpForFile } from '../support/hostile-idp-for-file.js'
import { expectKitError, kitFor, nowSec } from '../support/kit-for-idp.js'

const idp = await hostileIdpForFile()

/** The token with one character of its signature changed (not the last, whose low bits are padding). */
function tamperSignature(token: string): string {
  const at = token.length - 10
  const swapped = token[at] === 'A' ? 'B' : 'A'
  return `${token.slice(0, at)}${swapped}${token.slice(at + 1)}`
}

describe('verified-token cache: keyed by the exact token', () => {
  it('a token equal to a cached one except in its signature is verified, not served', async () => {
    for (const key of [idp.rs, idp.es]) {
      const kit = kitFor(idp)
      const token = await idp.sign(idp.accessClaims(), { key })
      await kit.validateToken(token)
      await expectKitError(kit.validateToken(tamperSignature(token)), 'ERR_KIT_JWT_SIGNATURE')
      expect(await kit.validateAccessToken(`${token}A`)).toBe(false)
      // the genuine token is still answered
      expect((await kit.validateToken(token)).sub).toBe('usr_123')
    }
  })
})

describe('verified-token cache: validity re-checked on every hit', () => {
  it('a cached token past exp under the calling tolerance is refused', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 30 })
    const token = await idp.sign(idp.accessClaims({ exp: nowSec() - 15 }))
    await kit.validateToken(token)
    await expectKitError(
      kit.validateToken(token, { clockToleranceSeconds: 0 }),
      'ERR_KIT_JWT_EXPIRED',
    )
  })

  it('a cached token before nbf under the calling tolerance is refused', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 30 })
    const token = await idp.sign(idp.accessClaims({ nbf: nowSec() + 15 }))
    await kit.validateToken(token)
    await expectKitError(
      kit.validateToken(token, { clockToleranceSeconds: 0 }),
      'ERR_KIT_JWT_NOT_YET_VALID',
    )
  })

  it('changing the claims object a call returned does not change a later verdict', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 30 })
    const token = await idp.sign(idp.accessClaims({ exp: nowSec() - 15 }))
    const claims = await kit.validateToken(token)
    claims.exp = nowSec() + 3600
    claims.iss = 'https://evil.example'
    await expectKitError(
      kit.validateToken(token, { clockToleranceSeconds: 0 }),
      'ERR_KIT_JWT_EXPIRED',
    )
  })
})

describe('verified-token cache: the calling options apply on a hit', () => {
  it('issuer, scopes and type of the calling options are checked on a hit', async () => {
    const kit = kitFor(idp)
    const token = await idp.sign(idp.accessClaims(), { header: { typ: 'JWT' } })
    await kit.validateToken(token)
    const err = await expectKitError(
      kit.validateToken(token, { issuer: 'https://other.example' }),
      'ERR_KIT_JWT_CLAIM',
    )
    expect(err.message).toMatch(/iss/)
    await expectKitError(
      kit.validateToken(token, { requiredScopes: ['billing'] }),
      'ERR_KIT_INSUFFICIENT_SCOPE',
    )
    await expectKitError(kit.validateToken(token, { tokenType: 'at+jwt' }), 'ERR_KIT_JWT_CLAIM')
    // and still answered for the options it meets
    expect((await kit.validateToken(token, { requiredScopes: ['openid'] })).sub).toBe('usr_123')
  })

  it('a token first verified with a type is answered for a call asking the same type in another spelling', async () => {
    const kit = kitFor(idp, { jwksCacheMaxAgeMs: 0 })
    const token = await idp.sign(idp.accessClaims(), { header: { typ: 'at+jwt' } })
    await kit.validateToken(token, { tokenType: 'at+jwt' })
    idp.jwksMode = 'status-500'
    // served from the cache (the keys are now unreachable), with the type still compared
    const claims = await kit.validateToken(token, { tokenType: 'application/AT+JWT' })
    expect(claims.sub).toBe('usr_123')
    await expectKitError(kit.validateToken(token, { tokenType: 'logout+jwt' }), 'ERR_KIT_JWKS')
  })
})

describe('verified-token cache: bounded', () => {
  it('holds at most verifiedTokenCacheSize tokens; the least recently used is verified again', async () => {
    const kit = kitFor(idp, { verifiedTokenCacheSize: 2, jwksCacheMaxAgeMs: 0 })
    const [t1, t2, t3] = await Promise.all(
      ['a', 'b', 'c'].map((sid) => idp.sign(idp.accessClaims({ sid }))),
    )
    await kit.validateToken(t1!)
    await kit.validateToken(t2!)
    await kit.validateToken(t1!) // t1 is now the most recently used
    await kit.validateToken(t3!) // evicts t2
    idp.jwksMode = 'status-500' // anything not cached now needs the (broken) keys
    expect((await kit.validateToken(t1!)).sid).toBe('a')
    expect((await kit.validateToken(t3!)).sid).toBe('c')
    await expectKitError(kit.validateToken(t2!), 'ERR_KIT_JWKS')
  })

  it('the cache never grows past its maximum', () => {
    const cache = new VerifiedTokenCache(3)
    const exp = nowSec() + 300
    for (let i = 0; i < 50; i++) cache.set(`token-${i}`, { exp, iss: 'x' }, undefined)
    expect(cache.size).toBe(3)
    expect(cache.get('token-0', nowSec(), 0)).toBeUndefined()
    expect(cache.get('token-49', nowSec(), 0)?.exp).toBe(exp)
    // a size of 0 turns caching off
    const off = new VerifiedTokenCache(0)
    off.set('t', { exp, iss: 'x' }, undefined)
    expect(off.size).toBe(0)
  })
})
