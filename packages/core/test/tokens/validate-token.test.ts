// Security checklist, "Access tokens" (token-level cases): claims, token type,
// malformed input, forged algorithms, required scopes/permissions; plus the verified-token cache.
import { exportSPKI, SignJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { KitInsufficientScopeError } from '../../src/index.js'
import { b64url } from '../support/hostile-idp.js'
import { hostileIdpForFile } from '../support/hostile-idp-for-file.js'
import { expectKitError, kitFor, nowSec } from '../support/kit-for-idp.js'

const idp = await hostileIdpForFile()

describe('claims', () => {
  it('a valid token returns its claims (RS256 and ES256)', async () => {
    const kit = kitFor(idp, { audience: 'https://api.example' })
    for (const key of [idp.rs, idp.es]) {
      const claims = await kit.validateToken(await idp.sign(idp.accessClaims(), { key }))
      expect(claims.sub).toBe('usr_123')
      expect(claims['permissions']).toEqual(['projects:read', 'org:manage'])
    }
    expect(await kit.validateAccessToken(await idp.sign(idp.accessClaims()))).toBe(true)
  })

  it('wrong aud -> rejected (client option and per-call option)', async () => {
    const token = await idp.sign(idp.accessClaims({ aud: 'https://other.example' }))
    const err = await expectKitError(
      kitFor(idp, { audience: 'https://api.example' }).validateToken(token),
      'ERR_KIT_JWT_CLAIM',
    )
    expect(err.message).toMatch(/aud/)
    await expectKitError(
      kitFor(idp).validateToken(token, { audience: 'https://api.example' }),
      'ERR_KIT_JWT_CLAIM',
    )
  })

  it('allowedClients: a listed client (client_id, else azp) passes whatever its aud', async () => {
    const kit = kitFor(idp)
    const partner = await idp.sign(
      idp.accessClaims({ aud: 'skc_partner', client_id: 'skc_partner' }),
    )
    const stranger = await idp.sign(idp.accessClaims({ aud: 'skc_other', client_id: 'skc_other' }))
    const viaAzp = await idp.sign(
      idp.accessClaims({ aud: 'skc_partner', client_id: undefined, azp: 'skc_partner' }),
    )
    const opts = { audience: 'https://api.example', allowedClients: ['skc_partner'] }
    expect((await kit.validateToken(partner, opts)).sub).toBe('usr_123')
    expect((await kit.validateToken(viaAzp, opts)).sub).toBe('usr_123')
    const err = await expectKitError(kit.validateToken(stranger, opts), 'ERR_KIT_JWT_CLAIM')
    expect(err.message).toMatch(/"aud".*skc_other.*allowedClients/)
    // The audience still counts next to the allow-list; without an audience, only the list.
    const api = await idp.sign(idp.accessClaims())
    expect((await kit.validateToken(api, opts)).sub).toBe('usr_123')
    await expectKitError(
      kit.validateToken(api, { allowedClients: ['skc_partner'] }),
      'ERR_KIT_JWT_CLAIM',
    )
    // An empty list given explicitly accepts no one (fails closed, never "unchecked").
    await expectKitError(kit.validateToken(api, { audience: [] }), 'ERR_KIT_JWT_CLAIM')
  })

  it('wrong iss -> rejected', async () => {
    const token = await idp.sign(idp.accessClaims({ iss: 'https://evil.example' }))
    const err = await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_CLAIM')
    expect(err.message).toMatch(/iss/)
  })

  it('future nbf -> rejected; within tolerance -> accepted', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 30 })
    await expectKitError(
      kit.validateToken(await idp.sign(idp.accessClaims({ nbf: nowSec() + 120 }))),
      'ERR_KIT_JWT_NOT_YET_VALID',
    )
    await kit.validateToken(await idp.sign(idp.accessClaims({ nbf: nowSec() + 10 })))
  })

  it('past exp -> rejected at the tolerance edge; inside it -> accepted', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 30 })
    await expectKitError(
      kit.validateToken(await idp.sign(idp.accessClaims({ exp: nowSec() - 45 }))),
      'ERR_KIT_JWT_EXPIRED',
    )
    await kit.validateToken(await idp.sign(idp.accessClaims({ exp: nowSec() - 15 })))
    expect(
      await kit.validateAccessToken(await idp.sign(idp.accessClaims({ exp: nowSec() - 45 }))),
    ).toBe(false)
  })

  it('exp missing -> rejected', async () => {
    await expectKitError(
      kitFor(idp).validateToken(await idp.sign(idp.accessClaims({ exp: undefined }))),
      'ERR_KIT_JWT_CLAIM',
    )
  })

  it('an ID token presented as an access token is rejected when a token type is configured', async () => {
    const kit = kitFor(idp)
    const idToken = await idp.sign(idp.idClaims(), { header: { typ: 'JWT' } })
    const accessToken = await idp.sign(idp.accessClaims(), { header: { typ: 'at+jwt' } })
    await expectKitError(kit.validateToken(idToken, { tokenType: 'at+jwt' }), 'ERR_KIT_JWT_CLAIM')
    const claims = await kit.validateToken(accessToken, { tokenType: 'at+jwt' })
    expect(claims.sub).toBe('usr_123')
  })
})

describe('malformed tokens -> ERR_KIT_JWT_INVALID without any key fetch', () => {
  const header = b64url({ alg: 'RS256', kid: 'rs-1' })
  const payload = b64url({ sub: 'x', exp: 9999999999 })
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['2 segments', `${header}.${payload}`],
    ['4 segments', `${header}.${payload}.c2ln.c2ln`],
    ['JWE (5 segments)', `${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`],
    ['bad base64url', `${header}.${payload}!!.c2ln`],
    ['invalid UTF-8 payload', `${header}.${b64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.c2ln`],
    ['invalid UTF-8 header', `${b64url(new Uint8Array([0xc3, 0x28]))}.${payload}.c2ln`],
    ['payload is a JSON array', `${header}.${b64url([1, 2])}.c2ln`],
    ['payload is a JSON number', `${header}.${b64url(42)}.c2ln`],
    ['payload is not JSON', `${header}.${b64url(new TextEncoder().encode('hello'))}.c2ln`],
    ['header without alg', `${b64url({ kid: 'rs-1' })}.${payload}.c2ln`],
    ['empty signature', `${header}.${payload}.`],
    // RFC 7515 4.1.11: a recipient refuses any critical extension it does not understand,
    // and the kit understands none; an unknown kid would otherwise refetch the JWKS first.
    [
      'critical header extension (crit), unknown kid',
      `${b64url({ alg: 'RS256', kid: 'rs-unknown', crit: ['urn:x'], 'urn:x': 1 })}.${payload}.c2ln`,
    ],
    ['empty crit list', `${b64url({ alg: 'RS256', kid: 'rs-unknown', crit: [] })}.${payload}.c2ln`],
  ]
  for (const [name, token] of cases) {
    it(name, async () => {
      const before = idp.hits.jwks
      const kit = kitFor(idp)
      await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_INVALID')
      expect(await kit.validateAccessToken(token)).toBe(false)
      expect(idp.hits.jwks).toBe(before)
    })
  }

  it('a non-string token', async () => {
    await expectKitError(kitFor(idp).validateToken(undefined as never), 'ERR_KIT_JWT_INVALID')
  })
})

describe('forged algorithms -> ERR_KIT_JWT_ALGORITHM', () => {
  it('alg none and case variants', async () => {
    for (const alg of ['none', 'nOnE']) {
      const token = `${b64url({ alg, kid: 'rs-1' })}.${b64url(idp.accessClaims())}.c2ln`
      await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_ALGORITHM')
    }
  })

  it('HS256 signed with the public key', async () => {
    const pem = await exportSPKI(idp.rs.publicKey)
    const token = await new SignJWT(idp.accessClaims())
      .setProtectedHeader({ alg: 'HS256', kid: idp.rs.kid })
      .sign(new TextEncoder().encode(pem))
    await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_ALGORITHM')
  })

  it('a configured algorithm list cannot include none or HS256', () => {
    expect(() => kitFor(idp, { algorithms: ['none'] })).toThrow(/algorithms/)
    expect(() => kitFor(idp, { algorithms: ['HS256'] })).toThrow(/algorithms/)
  })

  it('an allowed-by-default algorithm can be narrowed away', async () => {
    const token = await idp.sign(idp.accessClaims(), { key: idp.es })
    await expectKitError(
      kitFor(idp, { algorithms: ['RS256'] }).validateToken(token),
      'ERR_KIT_JWT_ALGORITHM',
    )
  })
})

describe('required scopes and permissions', () => {
  it('missing scope -> KitInsufficientScopeError naming the missing scopes', async () => {
    const token = await idp.sign(idp.accessClaims({ scope: 'openid profile' }))
    const err = await expectKitError(
      kitFor(idp).validateToken(token, { requiredScopes: ['openid', 'projects', 'admin'] }),
      'ERR_KIT_INSUFFICIENT_SCOPE',
    )
    expect(err).toBeInstanceOf(KitInsufficientScopeError)
    expect((err as KitInsufficientScopeError).missing).toEqual(['projects', 'admin'])
    expect(err.message).toContain('projects, admin')
  })

  it('scopes are read from both `scope` and `scopes`', async () => {
    const token = await idp.sign(idp.accessClaims({ scope: 'a', scopes: ['b'] }))
    const claims = await kitFor(idp).validateToken(token, { requiredScopes: ['a', 'b'] })
    expect(claims.sub).toBe('usr_123')
  })

  it('missing permission -> ERR_KIT_INSUFFICIENT_PERMISSION naming it', async () => {
    const token = await idp.sign(idp.accessClaims({ permissions: ['projects:read'] }))
    const kit = kitFor(idp)
    const err = await expectKitError(
      kit.validateToken(token, { requiredPermissions: ['projects:read', 'org:manage'] }),
      'ERR_KIT_INSUFFICIENT_PERMISSION',
    )
    expect((err as KitInsufficientScopeError).missing).toEqual(['org:manage'])
    await kit.validateToken(token, { requiredPermissions: ['projects:read'] })
    expect(await kit.validateAccessToken(token, { requiredPermissions: ['org:manage'] })).toBe(
      false,
    )
  })
})

describe('verified-token cache', () => {
  it('a token verified once is not verified again (no key fetch needed)', async () => {
    const kit = kitFor(idp, { jwksCacheMaxAgeMs: 0 })
    const token = await idp.sign(idp.accessClaims())
    await kit.validateToken(token)
    idp.jwksMode = 'status-500'
    // same token: served from the cache; a different token needs the (now broken) keys
    expect((await kit.validateToken(token)).sub).toBe('usr_123')
    await expectKitError(
      kit.validateToken(await idp.sign(idp.accessClaims({ sid: 'other' }))),
      'ERR_KIT_JWKS',
    )
  })

  it('expiry is re-checked on every cache hit', async () => {
    const kit = kitFor(idp, { clockToleranceSeconds: 0 })
    // A minute of validity and a moved clock, not a one-second token and a wait: on a
    // loaded machine the first call could itself land after a one-second `exp`.
    const exp = nowSec() + 60
    const token = await idp.sign(idp.accessClaims({ exp }))
    await kit.validateToken(token)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime((exp - 1) * 1000)
      await kit.validateToken(token) // still a hit, still in time
      vi.setSystemTime(exp * 1000 + 1)
      await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_EXPIRED')
    } finally {
      vi.useRealTimers()
    }
  })

  it('a cached token still meets per-call checks (scopes, permissions, audience, type)', async () => {
    const kit = kitFor(idp)
    const token = await idp.sign(idp.accessClaims())
    await kit.validateToken(token)
    await expectKitError(
      kit.validateToken(token, { requiredPermissions: ['billing:write'] }),
      'ERR_KIT_INSUFFICIENT_PERMISSION',
    )
    await expectKitError(kit.validateToken(token, { audience: 'https://x' }), 'ERR_KIT_JWT_CLAIM')
    // Verified without a type first (e.g. by app code sharing the client), the untyped
    // token must still fail a later call that asks for one.
    await expectKitError(kit.validateToken(token, { tokenType: 'at+jwt' }), 'ERR_KIT_JWT_CLAIM')
  })
})
