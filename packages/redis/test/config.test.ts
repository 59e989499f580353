import { KitError } from '@kit/core'
import { createClient } from '@redis/client'
import { describe, expect, it } from 'vitest'
import { type RedisStoresOptions, redisStores } from '../src/index.js'

const configError = (options: unknown): string => {
  try {
    redisStores(options as RedisStoresOptions).close()
  } catch (error) {
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
    return (error as Error).message
  }
  throw new Error('expected a configuration error')
}

describe('redisStores options', () => {
  it('names the setting that is wrong, at start-up', () => {
    expect(configError(undefined)).toMatch(/\{ url \} or \{ client \}/)
    expect(configError({})).toMatch(/exactly one of url and client/)
    expect(configError({ url: 'redis://x', client: createClient() })).toMatch(/exactly one/)
    expect(configError({ url: 'http://localhost:6379' })).toMatch(/url must be a redis:\/\//)
    expect(configError({ client: {} })).toMatch(/client must be a node-redis client/)
    expect(configError({ url: 'redis://x', keyPrefix: '' })).toMatch(/keyPrefix/)
    expect(configError({ url: 'redis://x', onRedisUnavailable: 'allow' })).toMatch(
      /onRedisUnavailable must be "use-local-copy" or "deny"/,
    )
    expect(configError({ url: 'redis://x', refreshWaitMs: 0 })).toMatch(/refreshWaitMs/)
    expect(configError({ url: 'redis://x', commandTimeoutMs: 1.5 })).toMatch(/commandTimeoutMs/)
    expect(configError({ url: 'redis://x', logger: {} })).toMatch(/logger must have a warn/)
  })

  it('spreads only the three stores into adapter options; metrics and close stay out', async () => {
    // Port 1: nothing listens; creating the stores must neither throw nor crash.
    const stores = redisStores({ url: 'redis://127.0.0.1:1', logger: { warn() {} } })
    expect(Object.keys({ ...stores }).sort()).toEqual([
      'refreshCoordinator',
      'revocationStore',
      'webhookReplayStore',
    ])
    expect(typeof stores.close).toBe('function')
    expect(stores.metrics.redisErrors).toBeGreaterThanOrEqual(0)
    await stores.close()
  })

  it('accepts a client created with node-redis', async () => {
    const client = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true })
    client.on('error', () => {})
    const stores = redisStores({ client, logger: { warn() {} } })
    expect(stores.revocationStore.peekRevoked).toBeTypeOf('function')
    await stores.close()
    client.destroy()
  })
})
