// The issuer behind validateToken: a promise until discovery succeeds, then the plain
// value; a failed load is never remembered.
import { describe, expect, it } from 'vitest'
import { resolvedOnce } from '../../src/tokens/resolved-once.js'

describe('resolvedOnce', () => {
  it('hands out a promise until the first success, then the value itself', async () => {
    let calls = 0
    const issuer = resolvedOnce(async () => {
      calls++
      if (calls === 1) throw new Error('discovery down')
      return 'https://issuer.example'
    })
    await expect(issuer()).rejects.toThrow('discovery down')
    const second = issuer()
    expect(second).toBeInstanceOf(Promise)
    expect(await second).toBe('https://issuer.example')
    expect(issuer()).toBe('https://issuer.example')
    expect(calls).toBe(2)
  })
})
