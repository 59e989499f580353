// Security checklist, "Keys": kid selection, rotation with a refetch cooldown, JWKS
// failures failing closed, untrusted key headers ignored, encryption keys refused.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/index.js'
import { closedPortUrl, createTestKey } from '../support/hostile-idp.js'
import { hostileIdpForFile } from '../support/hostile-idp-for-file.js'
import { expectKitError, kitFor } from '../support/kit-for-idp.js'

const idp = await hostileIdpForFile()
const attacker = await createTestKey('attacker', 'RS256')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('kid selection', () => {
  it('no kid and one key of that type -> accepted', async () => {
    const token = await idp.sign(idp.accessClaims(), { noKid: true })
    const claims = await kitFor(idp).validateToken(token)
    expect(claims.sub).toBe('usr_123')
  })

  it('no kid and several matching keys -> the same typed rejection every time', async () => {
    const second = await createTestKey('rs-2', 'RS256')
    idp.jwks = [idp.rs.jwk, second.jwk]
    const token = await idp.sign(idp.accessClaims(), { noKid: true })
    const kit = kitFor(idp)
    for (let i = 0; i < 3; i++) {
      const err = await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
      expect(err.message).toMatch(/several/)
    }
  })

  it('unknown kid -> one refetch, then accepted (key rotation right after a fetch)', async () => {
    const kit = kitFor(idp)
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const before = idp.hits.jwks
    const rotated = await createTestKey('rs-rotated', 'RS256')
    idp.jwks = [idp.rs.jwk, rotated.jwk]
    const claims = await kit.validateToken(await idp.sign(idp.accessClaims(), { key: rotated }))
    expect(claims.sub).toBe('usr_123')
    expect(idp.hits.jwks - before).toBe(1)
    // the old key still verifies, from the refreshed set, with no further fetch
    await kit.validateToken(await idp.sign(idp.accessClaims({ sid: 'again' })))
    expect(idp.hits.jwks - before).toBe(1)
  })

  it('a flood of unknown kids causes one refetch, not a storm (cooldown)', async () => {
    const kit = kitFor(idp, { jwksCooldownMs: 30_000 })
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const before = idp.hits.jwks
    const forge = (prefix: string) =>
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          idp.sign(idp.accessClaims(), { header: { kid: `${prefix}-${i}` } }),
        ),
      )
    // concurrent burst: one shared refetch
    const burst = await Promise.allSettled((await forge('burst')).map((t) => kit.validateToken(t)))
    expect(burst.every((r) => r.status === 'rejected')).toBe(true)
    expect(idp.hits.jwks - before).toBe(1)
    // sequential stream inside the cooldown: no more fetches
    for (const token of await forge('stream')) {
      await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
    }
    expect(idp.hits.jwks - before).toBe(1)
  })

  it('after the cooldown, an unknown kid may refetch again (once)', async () => {
    // 1 s, not 100 ms: on a loaded CI machine two validations took longer than 100 ms
    // apart, so the second one was already past the cooldown.
    const kit = kitFor(idp, { jwksCooldownMs: 1000 })
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const before = idp.hits.jwks
    const unknown = () => idp.sign(idp.accessClaims(), { header: { kid: 'nope' } })
    const [first, second] = [await unknown(), await unknown()]
    await expectKitError(kit.validateToken(first), 'ERR_KIT_JWT_SIGNATURE')
    await expectKitError(kit.validateToken(second), 'ERR_KIT_JWT_SIGNATURE')
    expect(idp.hits.jwks - before).toBe(1)
    await sleep(1100)
    await expectKitError(kit.validateToken(await unknown()), 'ERR_KIT_JWT_SIGNATURE')
    expect(idp.hits.jwks - before).toBe(2)
  })
})

describe('JWKS failures fail closed', () => {
  it('timeout -> ERR_KIT_JWKS, promptly', async () => {
    idp.jwksMode = 'timeout'
    const started = Date.now()
    const kit = kitFor(idp, { timeoutMs: 300 })
    await expectKitError(kit.validateToken(await idp.sign(idp.accessClaims())), 'ERR_KIT_JWKS')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('connection refused -> ERR_KIT_JWKS', async () => {
    const url = await closedPortUrl()
    const kit = new KitClient({
      environmentUrl: url,
      clientId: 'c',
      clientSecret: 's',
      discovery: false,
    })
    const token = await idp.sign({ ...idp.accessClaims(), iss: url })
    await expectKitError(kit.validateToken(token), 'ERR_KIT_JWKS')
  })

  it('invalid JSON -> ERR_KIT_JWKS', async () => {
    idp.jwksMode = 'invalid-json'
    await expectKitError(
      kitFor(idp).validateToken(await idp.sign(idp.accessClaims())),
      'ERR_KIT_JWKS',
    )
  })

  it('HTTP 500 -> ERR_KIT_JWKS, and validateAccessToken is false', async () => {
    idp.jwksMode = 'status-500'
    const token = await idp.sign(idp.accessClaims())
    await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWKS')
    expect(await kitFor(idp).validateAccessToken(token)).toBe(false)
  })

  it('a key set that is not a JWKS -> ERR_KIT_JWKS', async () => {
    idp.jwks = 'nope' as never
    await expectKitError(
      kitFor(idp).validateToken(await idp.sign(idp.accessClaims())),
      'ERR_KIT_JWKS',
    )
  })
})

describe('untrusted key material', () => {
  it('jku / x5u / embedded jwk headers are ignored (attacker key never used or fetched)', async () => {
    const token = await idp.sign(idp.accessClaims(), {
      key: attacker,
      header: {
        jku: `${idp.url}/attacker-jwks`,
        x5u: `${idp.url}/attacker-cert`,
        jwk: attacker.jwk,
      },
    })
    await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
    expect(idp.paths).not.toContain('/attacker-jwks')
    expect(idp.paths).not.toContain('/attacker-cert')
  })

  it('an attacker key reusing a published kid does not verify', async () => {
    const forger = await createTestKey(idp.rs.kid, 'RS256')
    const token = await idp.sign(idp.accessClaims(), { key: forger })
    await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
  })

  it('keys with use=enc never verify', async () => {
    idp.jwks = [{ ...idp.rs.jwk, use: 'enc' }]
    const token = await idp.sign(idp.accessClaims())
    await expectKitError(kitFor(idp).validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
  })
})
