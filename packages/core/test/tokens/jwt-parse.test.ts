// The structural check before any key lookup. Decoded headers are remembered by their
// exact segment (an environment's tokens share a few); the memo must change no verdict.
import { describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { decodeJwt, decodeJwtHeader } from '../../src/tokens/jwt-parse.js'
import { b64url } from '../support/hostile-idp.js'

const payload = b64url({ sub: 'usr_1', exp: 9999999999 })

describe('decodeJwt with remembered headers', () => {
  it('a header seen before is still checked on every token', () => {
    const noAlg = b64url({ kid: 'k1', typ: 'at+jwt' })
    const jwe = b64url({ alg: 'RS256', enc: 'A256GCM' })
    for (let i = 0; i < 3; i++) {
      expect(() => decodeJwt(`${noAlg}.${payload}.c2ln`)).toThrow(/no "alg"/)
      expect(() => decodeJwtHeader(`${noAlg}.${payload}.c2ln`)).toThrow(/no "alg"/)
      expect(() => decodeJwt(`${jwe}.${payload}.c2ln`)).toThrow(/JWE/)
    }
  })

  it('hands out a frozen header, so no caller changes what the next one reads', () => {
    const header = b64url({ alg: 'RS256', kid: 'k2' })
    const first = decodeJwt(`${header}.${payload}.c2ln`).header
    expect(Object.isFrozen(first)).toBe(true)
    expect(() => {
      ;(first as Record<string, unknown>)['alg'] = 'none'
    }).toThrow(TypeError)
    expect(decodeJwt(`${header}.${payload}.c2ln`).header['alg']).toBe('RS256')
  })

  it('a flood of distinct headers is decoded correctly past the memo bound', () => {
    for (let i = 0; i < 100; i++) {
      const header = b64url({ alg: 'ES256', kid: `kid-${i}` })
      expect(decodeJwtHeader(`${header}.${payload}.c2ln`)['kid']).toBe(`kid-${i}`)
    }
  })

  it('without decoding the payload, decodeJwtHeader still refuses a payload that is not base64url', () => {
    const header = b64url({ alg: 'RS256', kid: 'k3' })
    for (const bad of [`${payload}=`, `${payload}!`, '', 'abcde']) {
      let caught: unknown
      try {
        decodeJwtHeader(`${header}.${bad}.c2ln`)
      } catch (err) {
        caught = err
      }
      expect(caught, bad).toBeInstanceOf(KitError)
      expect((caught as KitError).code).toBe('ERR_KIT_JWT_INVALID')
    }
  })
})
