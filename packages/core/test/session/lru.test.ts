// BoundedLru: the ceiling every in-process cache of the route engine relies on.
import { describe, expect, it } from 'vitest'
import { BoundedLru } from '../../src/session/lru.js'

describe('BoundedLru', () => {
  it('never holds more than max entries and evicts the oldest first', () => {
    const lru = new BoundedLru<string, number>(3)
    for (const [i, k] of ['a', 'b', 'c', 'd', 'e'].entries()) lru.set(k, i)
    expect(lru.size).toBe(3)
    expect(lru.has('a')).toBe(false)
    expect(lru.has('b')).toBe(false)
    expect(lru.get('e')).toBe(4)
  })

  it('keeps an entry that is read while older than half the capacity', () => {
    const lru = new BoundedLru<string, number>(4)
    lru.set('hot', 1)
    lru.set('b', 2)
    lru.set('c', 3)
    expect(lru.get('hot')).toBe(1) // age 2 >= 4/2: moved to the young end
    lru.set('d', 4)
    lru.set('e', 5)
    expect(lru.has('hot')).toBe(true)
    expect(lru.has('b')).toBe(false)
  })

  it('never evicts an entry read at least once per max/2 writes', () => {
    const lru = new BoundedLru<number, string>(10)
    lru.set(-1, 'hot')
    for (let i = 0; i < 1000; i++) {
      lru.set(i, 'cold')
      if (i % 5 === 0) expect(lru.get(-1)).toBe('hot')
    }
    expect(lru.size).toBe(10)
  })

  it('replaces values, deletes, clears, and refuses a bad capacity', () => {
    const lru = new BoundedLru<string, number>(2)
    lru.set('a', 1)
    lru.set('a', 2)
    expect(lru.get('a')).toBe(2)
    expect(lru.size).toBe(1)
    expect(lru.delete('a')).toBe(true)
    expect(lru.delete('a')).toBe(false)
    lru.set('b', 1)
    lru.clear()
    expect(lru.size).toBe(0)
    expect(lru.max).toBe(2)
    expect(() => new BoundedLru(0)).toThrow(RangeError)
    expect(() => new BoundedLru(1.5)).toThrow(RangeError)
  })
})
