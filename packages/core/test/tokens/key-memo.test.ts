// Security checklist, "Keys", memo of selected keys (issue 13, target 4): a key jose
// selected is reused without a promise only while the key set it came from is current.
// A refetch (unknown kid, or a stale set) empties the memo, so a key the environment has
// withdrawn stops verifying as soon as the kit has seen the new set.
import { CompactSign } from 'jose'
import { describe, expect, it } from 'vitest'
import { b64url, createTestKey } from '../support/hostile-idp.js'
import { hostileIdpForFile } from '../support/hostile-idp-for-file.js'
import { expectKitError, kitFor } from '../support/kit-for-idp.js'

const idp = await hostileIdpForFile()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** base64url of the claims with `=` padding (a filler claim makes padding necessary). */
function padded(claims: Record<string, unknown>): string {
  let encoded = b64url(claims)
  for (let filler = 'x'; encoded.length % 4 === 0; filler += 'x') {
    encoded = b64url({ ...claims, filler })
  }
  return encoded + '='.repeat(4 - (encoded.length % 4))
}

/** Signs `signingInput` as given with the provider's RS256 key (no re-encoding). */
async function signRaw(signingInput: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    idp.rs.privateKey,
    new TextEncoder().encode(signingInput),
  )
  return `${signingInput}.${b64url(new Uint8Array(signature))}`
}

describe('memo of selected keys', () => {
  it('a known key verifies new tokens with no further fetch', async () => {
    const kit = kitFor(idp)
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const before = idp.hits.jwks
    for (const sid of ['a', 'b', 'c']) {
      expect((await kit.validateToken(await idp.sign(idp.accessClaims({ sid })))).sid).toBe(sid)
    }
    expect(idp.hits.jwks).toBe(before)
  })

  it('a key withdrawn in a refetch (unknown kid) no longer verifies', async () => {
    const kit = kitFor(idp, { jwksCooldownMs: 60_000 })
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const rotated = await createTestKey('rs-rotated', 'RS256')
    idp.jwks = [rotated.jwk] // rs-1 is withdrawn
    const before = idp.hits.jwks
    await kit.validateToken(await idp.sign(idp.accessClaims(), { key: rotated }))
    expect(idp.hits.jwks - before).toBe(1)
    const signedByWithdrawn = await idp.sign(idp.accessClaims({ sid: 'after-rotation' }))
    await expectKitError(kit.validateToken(signedByWithdrawn), 'ERR_KIT_JWT_SIGNATURE')
  })

  it('a key missing from the set fetched when the old one went stale no longer verifies', async () => {
    const kit = kitFor(idp, { jwksCacheMaxAgeMs: 300 })
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    idp.jwks = [idp.es.jwk] // rs-1 is withdrawn
    await sleep(400)
    const before = idp.hits.jwks
    await expectKitError(
      kit.validateToken(await idp.sign(idp.accessClaims({ sid: 'stale' }))),
      'ERR_KIT_JWT_SIGNATURE',
    )
    // the stale set is refetched (and rs-1, now unknown, may cost one more refetch)
    expect(idp.hits.jwks - before).toBeGreaterThanOrEqual(1)
  })

  it('while the set is stale and cannot be refetched, the memo does not answer (fail closed)', async () => {
    const kit = kitFor(idp, { jwksCacheMaxAgeMs: 300 })
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    idp.jwksMode = 'status-500'
    await sleep(400)
    await expectKitError(
      kit.validateToken(await idp.sign(idp.accessClaims({ sid: 'stale' }))),
      'ERR_KIT_JWKS',
    )
  })

  it('the memo is per algorithm: a known kid with another algorithm is refused', async () => {
    const kit = kitFor(idp)
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    // ES256 signature under the RS256 key's kid: no ES256 key has that kid
    const token = await idp.sign(idp.accessClaims(), { key: idp.es, header: { kid: idp.rs.kid } })
    await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_SIGNATURE')
  })

  it('with the key already selected, a malformed token is still refused as malformed', async () => {
    const kit = kitFor(idp)
    await kit.validateToken(await idp.sign(idp.accessClaims()))
    const before = idp.hits.jwks
    const header = b64url({ alg: 'RS256', kid: idp.rs.kid })
    const signGarbage = (payload: Uint8Array) =>
      new CompactSign(payload)
        .setProtectedHeader({ alg: 'RS256', kid: idp.rs.kid })
        .sign(idp.rs.privateKey)
    const garbage = [
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), // not UTF-8
      new TextEncoder().encode('[1,2]'), // not an object
      new TextEncoder().encode('{"sub":'), // not JSON
    ]
    const cases = [
      // forged: the signature does not verify, yet the answer is "malformed", as with no key
      ...garbage.map((bytes) => `${header}.${b64url(bytes)}.c2ln`),
      // signed by the environment's own key, and still malformed
      ...(await Promise.all(garbage.map(signGarbage))),
      // a correctly padded payload, signed over exactly those characters
      await signRaw(`${header}.${padded(idp.accessClaims())}`),
      // an algorithm outside the list, with a malformed payload: malformed wins
      `${b64url({ alg: 'none', kid: idp.rs.kid })}.${b64url(garbage[0]!)}.c2ln`,
    ]
    for (const token of cases) {
      await expectKitError(kit.validateToken(token), 'ERR_KIT_JWT_INVALID')
    }
    expect(idp.hits.jwks).toBe(before)
  })
})
