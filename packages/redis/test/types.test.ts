import type {
  KitRoutesConfig,
  RefreshCoordinator,
  SessionRevocationStore,
  WebhookReplayStore,
} from '@kit/core'
import { createClient } from '@redis/client'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type RedisClientLike,
  type RedisStores,
  type RedisStoresMetrics,
  redisStores,
} from '../src/index.js'

describe('public types of @kit/redis', () => {
  it('returns the three core store interfaces, metrics and close', () => {
    expectTypeOf(redisStores).returns.toEqualTypeOf<RedisStores>()
    expectTypeOf<RedisStores['revocationStore']>().toEqualTypeOf<SessionRevocationStore>()
    expectTypeOf<RedisStores['refreshCoordinator']>().toEqualTypeOf<RefreshCoordinator>()
    expectTypeOf<RedisStores['webhookReplayStore']>().toEqualTypeOf<WebhookReplayStore>()
    expectTypeOf<RedisStores['metrics']>().toEqualTypeOf<Readonly<RedisStoresMetrics>>()
    expectTypeOf<RedisStores['close']>().returns.toEqualTypeOf<Promise<void>>()
  })

  it('spreads into the options every adapter extends', () => {
    expectTypeOf<
      Pick<RedisStores, 'revocationStore' | 'refreshCoordinator' | 'webhookReplayStore'>
    >().toMatchTypeOf<Partial<KitRoutesConfig>>()
  })

  it('takes a url or a node-redis client, not both', () => {
    expectTypeOf(createClient()).toMatchTypeOf<RedisClientLike>()
    expectTypeOf<{ url: string }>().toMatchTypeOf<Parameters<typeof redisStores>[0]>()
    expectTypeOf<{ client: RedisClientLike }>().toMatchTypeOf<Parameters<typeof redisStores>[0]>()
    expectTypeOf<{ url: string; client: RedisClientLike }>().not.toMatchTypeOf<
      Parameters<typeof redisStores>[0]
    >()
    expectTypeOf<{ url: string; onRedisUnavailable: 'allow' }>().not.toMatchTypeOf<
      Parameters<typeof redisStores>[0]
    >()
  })
})
