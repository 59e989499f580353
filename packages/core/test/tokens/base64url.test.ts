// The structural pre-check decodes token segments with its own base64url decoder; it
// must accept exactly what a standard decoder accepts and refuse everything else.
import { describe, expect, it } from 'vitest'
import { decodeBase64Url } from '../../src/tokens/base64url.js'

describe('decodeBase64Url', () => {
  it('decodes every length and byte value as the platform decoder does', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) % 256)
      const encoded = Buffer.from(bytes).toString('base64url')
      expect(decodeBase64Url(encoded)).toEqual(bytes)
    }
  })

  it('refuses characters outside the alphabet, padding and impossible lengths', () => {
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'ab c', 'abcde', 'é', 'ab\u0100c', 'a.bc']) {
      expect(decodeBase64Url(bad), bad).toBeUndefined()
    }
  })
})
