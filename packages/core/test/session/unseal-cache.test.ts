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

  it('chunks hit exactly when their concatenation is the cached value', () => {
    const cache = new UnsealCache<string>(10)
    const value = seal(`${'x'.repeat(3000)}${'w'.repeat(3000)}`)
    cache.set(value, 'alice')
    const split = (at: number) => [value.slice(0, at), value.slice(at)]
    expect(cache.getParts(split(3800))).toBe('alice')
    // Another split of the same value is the same value.
    expect(cache.getParts(split(1234))).toBe('alice')
    expect(cache.getParts([value.slice(0, 100), value.slice(100, 3800), value.slice(3800)])).toBe(
      'alice',
    )
    // A changed character in any chunk, a missing or extra character, reordered chunks: miss.
    const [head, tail] = split(3800) as [string, string]
    expect(cache.getParts([`${head.slice(0, -1)}y`, tail])).toBeUndefined()
    expect(cache.getParts([head.slice(1), tail])).toBeUndefined()
    expect(cache.getParts([head, `x${tail}`])).toBeUndefined()
    expect(cache.getParts([tail, head])).toBeUndefined()
    // A last chunk shorter than the tail key falls back to the joined value, same answer.
    expect(cache.getParts(split(value.length - 10))).toBe('alice')
    expect(cache.getParts([value.slice(0, -10), `${value.slice(-10, -1)}q`])).toBeUndefined()
    // One string is looked up as it is.
    expect(cache.getParts(value)).toBe('alice')
    expect(cache.stats.hits).toBe(5)
    expect(cache.stats.misses).toBe(5)
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
