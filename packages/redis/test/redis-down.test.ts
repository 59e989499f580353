// Redis killed mid-test and restarted on the same port: no throw, the documented
// fallbacks, failures counted and logged, and recovery without a restart.
import type { SharedRefreshResult } from '@kit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from './support/redis-server.js'
import { recordingLogger, storesFactory, synced, waitFor } from './support/stores.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

const open = storesFactory()
const nowSeconds = (): number => Math.floor(Date.now() / 1000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Redis down', () => {
  it('use-local-copy (default): sessions keep validating against the local copy, then everything recovers', async () => {
    const logger = recordingLogger()
    const a = open(redis.url, { logger })
    const b = open(redis.url, { logger })
    await Promise.all([synced(a), synced(b)])
    const createdAt = nowSeconds() - 60
    await a.revocationStore.revoke('sess_before', nowSeconds() + 3600, createdAt)
    await waitFor(() => b.revocationStore.peekRevoked?.('sess_before', createdAt) === true, 1000)

    await redis.kill()
    await waitFor(() => b.metrics.redisErrors > 0)

    // Revocation checks: no throw, answered from the local copy, counted.
    expect(await b.revocationStore.isRevoked('sess_before', createdAt)).toBe(true)
    expect(await b.revocationStore.isRevoked('sess_live', createdAt)).toBe(false)
    expect(b.revocationStore.peekRevoked?.('sess_live', createdAt)).toBe(false)
    expect(b.metrics.revocationChecksWithoutRedis).toBeGreaterThanOrEqual(3)

    // A revocation during the outage: applied on its own instance at once, shared later.
    await a.revocationStore.revoke('sess_during', nowSeconds() + 3600, createdAt)
    expect(await a.revocationStore.isRevoked('sess_during', createdAt)).toBe(true)
    expect(a.metrics.revocationsNotShared).toBe(1)

    // Refresh: single flight per process, no throw.
    let refreshes = 0
    const refresh = async (): Promise<SharedRefreshResult> => {
      refreshes++
      await sleep(50)
      return { status: 'ok', sealed: 'Fe26.2**offline' }
    }
    const results = await Promise.all(
      Array.from({ length: 10 }, () => a.refreshCoordinator.run('key-offline', refresh)),
    )
    expect(results.every((r) => r.status === 'ok')).toBe(true)
    expect(refreshes).toBe(1)
    expect(a.metrics.refreshesWithoutRedis).toBe(1)

    // Webhooks: deduplicated per instance.
    expect(await a.webhookReplayStore.claim('msg_offline', 600)).toBe(true)
    expect(await a.webhookReplayStore.claim('msg_offline', 600)).toBe(false)
    expect(a.metrics.webhooksWithoutRedis).toBe(2)

    // Warnings are rate-limited: one per topic, not one per call.
    const checkWarnings = logger.messages.filter((m) => m.includes('use-local-copy'))
    expect(checkWarnings.length).toBeGreaterThanOrEqual(1)
    expect(checkWarnings.length).toBeLessThanOrEqual(2) // at most one per instance

    // Redis is back (empty: no persistence): both instances reconnect and resync.
    await redis.start()
    await Promise.all([synced(a, 2), synced(b, 2)])
    // The revocation made during the outage was written when Redis came back.
    expect(b.revocationStore.peekRevoked?.('sess_during', createdAt)).toBe(true)
    // Pub/sub works again.
    await a.revocationStore.revoke('sess_after', nowSeconds() + 3600, createdAt)
    await waitFor(() => b.revocationStore.peekRevoked?.('sess_after', createdAt) === true, 1000)
    // Refresh coordination is shared again.
    let shared = 0
    const sharedRefresh = async (): Promise<SharedRefreshResult> => {
      shared++
      await sleep(100)
      return { status: 'ok', sealed: 'Fe26.2**back' }
    }
    await Promise.all([
      a.refreshCoordinator.run('key-back', sharedRefresh),
      b.refreshCoordinator.run('key-back', sharedRefresh),
    ])
    expect(shared).toBe(1)
    // Webhook ids are shared again.
    expect(await a.webhookReplayStore.claim('msg_back', 600)).toBe(true)
    expect(await b.webhookReplayStore.claim('msg_back', 600)).toBe(false)
  })

  it('deny: while Redis is out of reach every session counts as revoked, until it is back', async () => {
    const b = open(redis.url, { onRedisUnavailable: 'deny' })
    await synced(b)
    const createdAt = nowSeconds() - 60
    expect(await b.revocationStore.isRevoked('sess_ok', createdAt)).toBe(false)

    await redis.kill()
    await waitFor(() => b.metrics.redisErrors > 0)
    expect(await b.revocationStore.isRevoked('sess_ok', createdAt)).toBe(true)
    expect(b.revocationStore.peekRevoked?.('sess_ok', createdAt)).toBe(true)
    // Matches no revision core may have remembered a session at.
    expect(b.revocationStore.revision).toBeNaN()
    expect(b.metrics.revocationChecksWithoutRedis).toBeGreaterThanOrEqual(2)

    await redis.start()
    await synced(b, 2)
    expect(await b.revocationStore.isRevoked('sess_ok', createdAt)).toBe(false)
    expect(Number.isFinite(b.revocationStore.revision)).toBe(true)
  })

  it('a store started while Redis is down answers after startupWaitMs, then catches up', async () => {
    await redis.kill()
    const started = Date.now()
    const late = open(redis.url, { startupWaitMs: 300 })
    expect(await late.revocationStore.isRevoked('sess_x', nowSeconds())).toBe(false)
    const waited = Date.now() - started
    expect(waited).toBeGreaterThanOrEqual(250)
    expect(waited).toBeLessThan(1500)
    // After start-up, checks no longer wait.
    const again = Date.now()
    expect(await late.webhookReplayStore.claim('msg_startup', 60)).toBe(true)
    expect(Date.now() - again).toBeLessThan(100)

    await redis.start()
    await synced(late)
    expect(late.metrics.revocationSyncs).toBe(1)
  })
})
