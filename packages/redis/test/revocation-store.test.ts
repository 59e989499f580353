import { describe, expect, it } from 'vitest'
import { storesFactory, synced, useRedisServer, waitFor } from './support/stores.js'

const redis = useRedisServer()

const open = storesFactory()
const nowSeconds = (): number => Math.floor(Date.now() / 1000)

describe('revocationStore on Redis', () => {
  it('a revocation on one instance reaches the other instance’s peekRevoked within 1 s', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    await Promise.all([synced(a), synced(b)])
    const createdAt = nowSeconds() - 10
    expect(b.revocationStore.peekRevoked?.('sess_1', createdAt)).toBe(false)

    const started = Date.now()
    await a.revocationStore.revoke('sess_1', nowSeconds() + 3600, createdAt)
    await waitFor(() => b.revocationStore.peekRevoked?.('sess_1', createdAt) === true, 1000)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await b.revocationStore.isRevoked('sess_1', createdAt)).toBe(true)
    expect(b.revocationStore.peekRevoked?.('sess_other', createdAt)).toBe(false)
  })

  it('revision moves when another instance’s revocation lands, and stays put otherwise', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    await Promise.all([synced(a), synced(b)])
    const createdAt = nowSeconds() - 10
    const before = b.revocationStore.revision
    expect(Number.isFinite(before)).toBe(true)
    // Checks and a claimed webhook change nothing a session's answer depends on.
    expect(b.revocationStore.peekRevoked?.('sess_rev', createdAt)).toBe(false)
    expect(await b.webhookReplayStore.claim('msg_rev', 60)).toBe(true)
    expect(b.revocationStore.revision).toBe(before)

    await a.revocationStore.revoke('sess_rev', nowSeconds() + 3600, createdAt)
    await waitFor(() => b.revocationStore.revision !== before, 1000)
    // By the time the revision moved, the copy answers with the revocation.
    expect(b.revocationStore.peekRevoked?.('sess_rev', createdAt)).toBe(true)
  })

  it('stores each revocation with a TTL equal to the session’s remaining absolute lifetime', async () => {
    const prefixProbe = open(redis.url)
    await synced(prefixProbe)
    await prefixProbe.revocationStore.revoke('sess_ttl', nowSeconds() + 600, nowSeconds())
    const keys = (await redis.admin.keys('*rev:sess_ttl')) as string[]
    expect(keys).toHaveLength(1)
    const ttl = await redis.admin.pTTL(keys[0]!)
    expect(ttl).toBeGreaterThan(598_000)
    expect(ttl).toBeLessThanOrEqual(600_000)
  })

  it('writes nothing for a session whose absolute lifetime is already over', async () => {
    const a = open(redis.url)
    await synced(a)
    await a.revocationStore.revoke('sess_over', nowSeconds() - 1, nowSeconds() - 100)
    expect(await redis.admin.keys('*rev:sess_over')).toEqual([])
  })

  it('an instance that starts after the revocation loads it from Redis', async () => {
    const a = open(redis.url)
    await synced(a)
    const createdAt = nowSeconds() - 5
    await a.revocationStore.revoke('sess_early', nowSeconds() + 3600, createdAt)

    const late = open(redis.url)
    // The first check waits for the initial load instead of answering from an empty copy.
    expect(await late.revocationStore.isRevoked('sess_early', createdAt)).toBe(true)
    expect(late.revocationStore.peekRevoked?.('sess_early', createdAt)).toBe(true)
    expect(late.revocationStore.peekRevoked?.('sess_fresh', createdAt)).toBe(false)
  })

  it('keeps the session id and login time exactly, whatever characters the id has', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    await Promise.all([synced(a), synced(b)])
    const id = 'sub:user:with\ttab:and:colons'
    await a.revocationStore.revoke(id, nowSeconds() + 60, 1_700_000_000)
    await waitFor(() => b.revocationStore.peekRevoked?.(id, 1_700_000_000) === true, 1000)
    const late = open(redis.url)
    expect(await late.revocationStore.isRevoked(id, 1_700_000_000)).toBe(true)
  })
})

describe('revocationStore on Redis: core’s rules for each key', () => {
  it('a sub: entry revokes the user’s sessions created up to it on every instance, not later ones', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    await Promise.all([synced(a), synced(b)])
    const cutoff = nowSeconds()
    await a.revocationStore.revoke('sub:usr_1', cutoff + 3600, cutoff)
    await waitFor(() => b.revocationStore.peekRevoked?.('sub:usr_1', cutoff - 10) === true, 1000)
    expect(b.revocationStore.peekRevoked?.('sub:usr_1', cutoff)).toBe(true)
    expect(b.revocationStore.peekRevoked?.('sub:usr_1', cutoff + 10)).toBe(false)
    const late = open(redis.url)
    expect(await late.revocationStore.isRevoked('sub:usr_1', cutoff - 10)).toBe(true)
    expect(await late.revocationStore.isRevoked('sub:usr_1', cutoff + 10)).toBe(false)
  })

  it('a repeated revocation never moves a sub: cut-off back nor shortens the entry', async () => {
    const a = open(redis.url)
    await synced(a)
    const cutoff = nowSeconds()
    await a.revocationStore.revoke('sub:usr_2', cutoff + 3600, cutoff)
    // A second instance with a clock a minute behind revokes the same user again.
    await a.revocationStore.revoke('sub:usr_2', cutoff + 600, cutoff - 60)
    const [key] = (await redis.admin.keys('*rev:sub:usr_2')) as string[]
    expect(await redis.admin.get(key!)).toBe(`${cutoff + 3600}:${cutoff}`)
    expect(await redis.admin.pTTL(key!)).toBeGreaterThan(3_590_000)
    const late = open(redis.url)
    expect(await late.revocationStore.isRevoked('sub:usr_2', cutoff - 30)).toBe(true)
  })
})
