import type { SharedRefreshResult } from '@kit/core'
import { describe, expect, it } from 'vitest'
import { storesFactory, useRedisServer } from './support/stores.js'

const redis = useRedisServer()

const open = storesFactory()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until some instance holds the refresh lock of `key` in Redis. A fixed pause was
 * not enough: on CI's loaded machine a fresh instance's first lock took longer than 50 ms.
 */
async function untilLocked(key: string): Promise<void> {
  const deadline = Date.now() + 5000
  while ((await redis.admin.keys(`*refresh-lock:${key}`)).length === 0) {
    if (Date.now() > deadline) throw new Error(`no instance took the refresh lock of ${key}`)
    await sleep(10)
  }
}

/** A refresh that counts its calls and takes `ms` to finish. */
function countingRefresh(result: SharedRefreshResult, ms = 100) {
  const calls = { count: 0 }
  const refresh = async (): Promise<SharedRefreshResult> => {
    calls.count++
    await sleep(ms)
    return result
  }
  return { calls, refresh }
}

describe('refreshCoordinator on Redis', () => {
  it('runs one refresh for 50 concurrent callers on each of two instances, all get its result', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    const ok: SharedRefreshResult = { status: 'ok', sealed: 'Fe26.2**sealed-session' }
    const { calls, refresh } = countingRefresh(ok, 200)
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? a : b).refreshCoordinator.run('key-concurrent', refresh),
      ),
    )
    expect(calls.count).toBe(1)
    expect(results).toHaveLength(100)
    for (const result of results) expect(result).toEqual(ok)
  })

  it('answers a later request with the stored result at once, on any instance', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    const ok: SharedRefreshResult = { status: 'ok', sealed: 'Fe26.2**later' }
    const first = countingRefresh(ok)
    await a.refreshCoordinator.run('key-late', first.refresh)

    const second = countingRefresh({ status: 'ok', sealed: 'Fe26.2**must-not-run' })
    const late = open(redis.url) // a fresh instance: nothing in its process memory
    expect(await late.refreshCoordinator.run('key-late', second.refresh)).toEqual(ok)
    expect(await b.refreshCoordinator.run('key-late', second.refresh)).toEqual(ok)
    expect(second.calls.count).toBe(0)

    const [resultKey] = (await redis.admin.keys('*refresh-result:key-late')) as string[]
    const ttl = await redis.admin.pTTL(resultKey!)
    expect(ttl).toBeGreaterThan(55_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
  })

  it('shares invalid_grant too, so every holder of the dead token logs in again', async () => {
    const a = open(redis.url)
    const b = open(redis.url)
    const dead = countingRefresh({ status: 'invalid_grant' })
    await a.refreshCoordinator.run('key-dead', dead.refresh)
    expect(await b.refreshCoordinator.run('key-dead', dead.refresh)).toEqual({
      status: 'invalid_grant',
    })
    expect(dead.calls.count).toBe(1)
  })

  it('a waiting instance gives up after refreshWaitMs with an error and counts it', async () => {
    const a = open(redis.url, { refreshWaitMs: 300 })
    // Another instance holds the lock and never finishes.
    const other = open(redis.url)
    void other.refreshCoordinator.run('key-stuck', () => new Promise(() => {}))
    await untilLocked('key-stuck')
    const loser = countingRefresh({ status: 'ok', sealed: 'never' })
    const started = Date.now()
    expect(await a.refreshCoordinator.run('key-stuck', loser.refresh)).toEqual({ status: 'error' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(loser.calls.count).toBe(0)
    expect(a.metrics.refreshWaitTimeouts).toBe(1)
  })

  it('a failed refresh frees the lock and tells the waiters at once, so the next request retries', async () => {
    const a = open(redis.url)
    const b = open(redis.url, { refreshWaitMs: 5000 })
    const failing = countingRefresh({ status: 'error' }, 200)
    const winner = a.refreshCoordinator.run('key-retry', failing.refresh)
    await untilLocked('key-retry')
    const started = Date.now()
    const waiting = await b.refreshCoordinator.run('key-retry', failing.refresh)
    expect(waiting).toEqual({ status: 'error' })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await winner).toEqual({ status: 'error' })
    expect(await redis.admin.keys('*refresh-lock:key-retry')).toEqual([])

    const retry = countingRefresh({ status: 'ok', sealed: 'Fe26.2**second-try' })
    expect(await b.refreshCoordinator.run('key-retry', retry.refresh)).toEqual({
      status: 'ok',
      sealed: 'Fe26.2**second-try',
    })
    expect(retry.calls.count).toBe(1)
  })

  it('a refresh that throws counts as a transient error', async () => {
    const a = open(redis.url)
    const result = await a.refreshCoordinator.run('key-throws', async () => {
      throw new Error('network down')
    })
    expect(result).toEqual({ status: 'error' })
    expect(await redis.admin.keys('*refresh-lock:key-throws')).toEqual([])
  })
})

describe('refreshCoordinator on Redis: shutdown', () => {
  it('close() answers requests still waiting for another instance at once (error)', async () => {
    const other = open(redis.url)
    const a = open(redis.url, { refreshWaitMs: 10_000 })
    void other.refreshCoordinator.run('key-shutdown', () => new Promise(() => {}))
    await untilLocked('key-shutdown')
    const waiting = a.refreshCoordinator.run('key-shutdown', async () => ({
      status: 'ok',
      sealed: 'never',
    }))
    await sleep(50)
    const started = Date.now()
    await a.close()
    expect(await waiting).toEqual({ status: 'error' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('after close(), a request is answered with an error and refreshes nothing (no uncoordinated refresh)', async () => {
    const a = open(redis.url)
    const refresh = countingRefresh({ status: 'ok', sealed: 'Fe26.2**never' })
    await a.close()
    expect(await a.refreshCoordinator.run('key-after-close', refresh.refresh)).toEqual({
      status: 'error',
    })
    expect(refresh.calls.count).toBe(0)
    expect(a.metrics.refreshesWithoutRedis).toBe(0)
  })
})
