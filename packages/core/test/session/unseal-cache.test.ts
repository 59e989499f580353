// UnsealCache: looked up by the seal's tail for speed, but a hit needs the exact value.
import { describe, expect, it } from 'vitest'
import { UnsealCache } from '../../src/session/unseal-cache.js'

const seal = (body: string, hmac = 'h'.repeat(43)) => `Fe26.2**${body}*${'s'.repeat(43)}*${hmac}`

describe('UnsealCache', () => {
  it('hits only for the exact cookie value', () => {
    const cache = new UnsealCache<string>(10)
    const value = seal('x'.repeat(4000))
    cache.set(value, 'alice')
    expect(cache.get(`${value}`)).toBe('alice')
    expect(cache.get(`${value.slice(0, 100)}${'y'}${value.slice(101)}`)).toBeUndefined()
    expect(cache.get(value.slice(1))).toBeUndefined()
    expect(cache.get(`${value}x`)).toBeUndefined()
  })

  it('keeps short values under their full string and forgets only the exact value', () => {
    const cache = new UnsealCache<string>(10)
    cache.set('short', 'a')
    expect(cache.get('short')).toBe('a')
    const value = seal('x'.repeat(500))
    const sameTail = seal('z'.repeat(500))
    cache.set(value, 'alice')
    cache.delete(sameTail)
    expect(cache.get(value)).toBe('alice')
    cache.delete(value)
    expect(cache.get(value)).toBeUndefined()
  })

  it('is bounded', () => {
    const cache = new UnsealCache<number>(2)
    for (let i = 0; i < 5; i++) cache.set(seal(String(i), String(i).repeat(43)), i)
    expect(cache.get(seal('0', '0'.repeat(43)))).toBeUndefined()
    expect(cache.get(seal('4', '4'.repeat(43)))).toBe(4)
  })

  it('stays at its ceiling under a flood of distinct sessions, and says so in its stats', () => {
    const cache = new UnsealCache<number>(100)
    for (let i = 0; i < 10_000; i++) {
      cache.set(seal(`${i}`.padStart(600, 'x'), `${i}`.padStart(43, 'h')), i)
    }
    expect(cache.stats.size).toBe(100)
    expect(cache.stats.max).toBe(100)
    expect(cache.get(seal('9999'.padStart(600, 'x'), '9999'.padStart(43, 'h')))).toBe(9999)
  })

  it('counts a hit only for the exact value: a same-tail or tampered value is a miss', () => {
    const cache = new UnsealCache<string>(10)
    const value = seal('x'.repeat(500))
    const sameTail = seal('z'.repeat(500))
    cache.set(value, 'alice')
    expect(cache.get(value)).toBe('alice')
    expect(cache.get(sameTail)).toBeUndefined()
    expect(cache.get(`${value.slice(0, 50)}y${value.slice(51)}`)).toBeUndefined()
    expect(cache.get(seal('never-stored', 'n'.repeat(43)))).toBeUndefined()
    expect(cache.stats).toEqual({ size: 1, max: 10, hits: 1, misses: 3 })
  })
})
