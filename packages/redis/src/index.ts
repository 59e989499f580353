// Public API of @kit/redis: what an app needs to share the kit's state across instances.

export type { RedisClientLike } from './client-like.js'
export type { RedisStoresMetrics } from './health.js'
export {
  type RedisStores,
  type RedisStoresOptions,
  type RedisStoresSettings,
  redisStores,
} from './redis-stores.js'
export type { OnRedisUnavailable } from './revocation-store.js'
