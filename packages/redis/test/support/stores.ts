// Opens redisStores against a test server and closes them all after each test.
import { createClient } from '@redis/client'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { type RedisStores, type RedisStoresSettings, redisStores } from '../../src/index.js'
import { startRedisServer } from './redis-server.js'

/** A logger that records warnings (and keeps the test output quiet). */
export function recordingLogger(): { warn(message: string): void; messages: string[] } {
  const messages: string[] = []
  return { messages, warn: (message) => messages.push(message) }
}

/**
 * Returns `open(url, settings)`: redisStores with a key prefix unique to the test, so
 * tests sharing one server never see each other's keys. Everything opened is closed
 * after each test.
 */
export function storesFactory(): (url: string, settings?: RedisStoresSettings) => RedisStores {
  const opened: RedisStores[] = []
  let prefix = `test:${Math.random().toString(36).slice(2)}:`
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stores) => stores.close()))
    prefix = `test:${Math.random().toString(36).slice(2)}:`
  })
  return (url, settings = {}) => {
    const stores = redisStores({ url, keyPrefix: prefix, logger: recordingLogger(), ...settings })
    opened.push(stores)
    return stores
  }
}

/** Polls `condition` every 10 ms until true; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves once the stores have loaded the revocation list from Redis `count` times. */
export function synced(stores: RedisStores, count = 1): Promise<void> {
  return waitFor(() => stores.metrics.revocationSyncs >= count, 5000)
}

/** A plain client for inspecting keys; errors are ignored (the server may be killed). */
export async function adminClient(url: string) {
  const client = createClient({ url, disableOfflineQueue: true })
  client.on('error', () => {})
  await client.connect()
  return client
}

/**
 * One redis-server for the test file (started before its tests, stopped after) and an
 * admin client to inspect keys: `redis.url` and `redis.admin` inside a test.
 */
export function useRedisServer(): {
  readonly url: string
  readonly admin: Awaited<ReturnType<typeof adminClient>>
} {
  let server: Awaited<ReturnType<typeof startRedisServer>> | undefined
  let admin: Awaited<ReturnType<typeof adminClient>> | undefined
  beforeAll(async () => {
    server = await startRedisServer()
    admin = await adminClient(server.url)
  })
  afterAll(async () => {
    admin?.destroy()
    await server?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('redis-server is not started: use it inside a test')
    return value
  }
  return {
    get url() {
      return started(server).url
    },
    get admin() {
      return started(admin)
    },
  }
}
