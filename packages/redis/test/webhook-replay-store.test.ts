import { describe, expect, it } from 'vitest'
import { storesFactory, useRedisServer } from './support/stores.js'

const redis = useRedisServer()

const open = storesFactory()

describe('webhookReplayStore on Redis', () => {
  it('a webhook id is claimed once across instances, for the replay window', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    expect(await a.webhookReplayStore.claim('msg_1', 600)).toBe(true)
    expect(await b.webhookReplayStore.claim('msg_1', 600)).toBe(false)
    expect(await a.webhookReplayStore.claim('msg_1', 600)).toBe(false)
    expect(await b.webhookReplayStore.claim('msg_2', 600)).toBe(true)

    const [key] = (await redis.admin.keys('*webhook:msg_1')) as string[]
    const ttl = await redis.admin.ttl(key!)
    expect(ttl).toBeGreaterThan(590)
    expect(ttl).toBeLessThanOrEqual(600)
  })

  it('release lets the retry of a failed delivery be processed, on any instance', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    expect(await a.webhookReplayStore.claim('msg_failed', 600)).toBe(true)
    await a.webhookReplayStore.release('msg_failed')
    expect(await b.webhookReplayStore.claim('msg_failed', 600)).toBe(true)
    expect(await a.webhookReplayStore.claim('msg_failed', 600)).toBe(false)
  })

  it('concurrent deliveries of one id to 20 instances: exactly one claim wins', async () => {
    const instances = Array.from({ length: 20 }, () => open(redis.url))
    const claims = await Promise.all(
      instances.map((stores) => stores.webhookReplayStore.claim('msg_race', 600)),
    )
    expect(claims.filter(Boolean)).toHaveLength(1)
  })
})
