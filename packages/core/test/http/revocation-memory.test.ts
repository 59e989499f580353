// The default revocation store: one process's memory, bounded, failing closed when full
// (a revoked session is never revived by eviction), with a synchronous check for the hot path.
import { describe, expect, it } from 'vitest'
import { createMemoryRevocationStore } from '../../src/http/index.js'

const T = 1_700_000_000

function setup(max: number) {
  let nowMs = T * 1000
  const warned: string[] = []
  const store = createMemoryRevocationStore({
    max,
    now: () => nowMs,
    logger: { warn: (m) => void warned.push(m) },
  })
  return { store, warned, advance: (s: number) => (nowMs += s * 1000) }
}

describe('createMemoryRevocationStore', () => {
  it('a revoked session stays revoked until its deadline, then the entry goes', () => {
    const { store, advance } = setup(10)
    store.revoke('sid-a', T + 100, T - 50)
    expect(store.isRevoked('sid-a', T - 50)).toBe(true)
    expect(store.peekRevoked?.('sid-a', T - 50)).toBe(true)
    expect(store.isRevoked('sid-b', T - 50)).toBe(false)
    expect(store.peekRevoked?.('sid-b', T - 50)).toBe(false)
    advance(101)
    expect(store.isRevoked('sid-a', T - 50)).toBe(false)
  })

  it('when full it first drops entries past their deadline, revoking nothing else', () => {
    const { store, warned, advance } = setup(3)
    store.revoke('old-1', T + 10, T - 100)
    store.revoke('old-2', T + 10, T - 90)
    store.revoke('live', T + 1000, T - 80)
    advance(20)
    store.revoke('new', T + 1000, T + 15)
    expect(store.isRevoked('new', T + 15)).toBe(true)
    expect(store.isRevoked('live', T - 80)).toBe(true)
    expect(store.isRevoked('fresh-session', T - 200)).toBe(false)
    expect(warned).toEqual([])
  })

  it('when full of live entries it fails closed: the evicted session and older ones count as revoked, with a warning', () => {
    const { store, warned } = setup(10)
    for (let i = 0; i < 10; i++) store.revoke(`sid-${i}`, T + 10_000, T - 1000 + i)
    store.revoke('sid-new', T + 10_000, T)
    // sid-0 (the oldest login) was evicted from the map, yet it is still revoked ...
    for (let i = 0; i < 10; i++) expect(store.isRevoked(`sid-${i}`, T - 1000 + i)).toBe(true)
    expect(store.isRevoked('sid-new', T)).toBe(true)
    // ... and so is any session created at or before it (those users sign in again) ...
    expect(store.isRevoked('never-revoked', T - 1000)).toBe(true)
    expect(store.peekRevoked?.('never-revoked', T - 2000)).toBe(true)
    // ... while sessions created after it are untouched.
    expect(store.isRevoked('never-revoked', T - 999)).toBe(false)
    expect(warned).toHaveLength(1)
    expect(warned[0]).toMatch(/revocation store is full/)
  })

  it('never forgets a revocation under a flood 50 times its bound', () => {
    const { store } = setup(100)
    for (let i = 0; i < 5000; i++) store.revoke(`sid-${i}`, T + 10_000, T - 10_000 + i)
    for (let i = 0; i < 5000; i += 97) {
      expect(store.isRevoked(`sid-${i}`, T - 10_000 + i)).toBe(true)
    }
    // The newest logins that were never revoked still work.
    expect(store.isRevoked('other', T)).toBe(false)
  })

  it('holds at most max entries under that flood, and reports its fill against the ceiling', () => {
    const { store } = setup(100)
    expect(store.max).toBe(100)
    let largest = 0
    for (let i = 0; i < 5000; i++) {
      store.revoke(`sid-${i}`, T + 10_000, T - 10_000 + i)
      largest = Math.max(largest, store.size)
    }
    expect(largest).toBe(100)
    expect(store.size).toBeGreaterThan(0)
  })

  it('moves its revision on every revocation, so a cached "not revoked" is asked again', () => {
    const store = createMemoryRevocationStore()
    const seen = [store.revision]
    store.revoke('sid_a', 2_000_000_000)
    seen.push(store.revision)
    store.revoke('sid_a', 2_000_000_000)
    seen.push(store.revision)
    store.revoke('sub:usr_1', 2_000_000_000)
    seen.push(store.revision)
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('its methods work detached from the store (passed around as plain functions)', () => {
    const { store } = setup(10)
    const { isRevoked, peekRevoked, revoke } = store
    revoke('sid-a', T + 100, T - 50)
    expect(isRevoked('sid-a', T - 50)).toBe(true)
    expect(peekRevoked('sid-a', T - 50)).toBe(true)
    expect(store.size).toBe(1)
  })
})

describe('createMemoryRevocationStore: keys by user (sub:)', () => {
  it('a sub: entry revokes the sessions created at or before it; a session id entry whatever the time', () => {
    const { store } = setup(10)
    store.revoke('sub:usr_1', T + 1000, T)
    expect(store.isRevoked('sub:usr_1', T - 500)).toBe(true)
    expect(store.peekRevoked?.('sub:usr_1', T)).toBe(true)
    // Signed in again after the revocation: not revoked.
    expect(store.isRevoked('sub:usr_1', T + 1)).toBe(false)
    expect(store.peekRevoked?.('sub:usr_1', T + 1)).toBe(false)
    // An identity provider sid revoked before (or after) the kit session was created.
    store.revoke('ses_idp', T + 1000, T)
    expect(store.isRevoked('ses_idp', T + 5)).toBe(true)
  })

  it('a later sub: revocation moves the cut-off forward, never back', () => {
    const { store } = setup(10)
    store.revoke('sub:usr_1', T + 1000, T + 10)
    store.revoke('sub:usr_1', T + 1000, T)
    expect(store.isRevoked('sub:usr_1', T + 10)).toBe(true)
    store.revoke('sub:usr_1', T + 1000, T + 20)
    expect(store.isRevoked('sub:usr_1', T + 20)).toBe(true)
    expect(store.isRevoked('sub:usr_1', T + 21)).toBe(false)
  })
})
