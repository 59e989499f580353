import { createMemoryReplayStore, type WebhookReplayStore } from '@kit/core'
import type { RedisConnection } from './connection.js'
import { messageOf } from './connection.js'
import type { RateLimitedWarnings, RedisStoresMetrics } from './health.js'

/** Settings of {@link createRedisWebhookReplayStore}. */
export interface RedisWebhookReplaySettings {
  connection: RedisConnection
  keyPrefix: string
  metrics: RedisStoresMetrics
  warnings: RateLimitedWarnings
}

/**
 * A {@link WebhookReplayStore} shared through Redis: `SET <prefix>webhook:<id> 1 NX EX ttl`
 * claims a delivery for every instance at once, so a webhook delivered twice (to two
 * instances) is handled once; `release` deletes the key so the sender's retry of a
 * failed delivery is processed. While Redis is out of reach, ids are claimed in process
 * memory: a duplicate reaching the same instance is still ignored, one reaching another
 * instance may be handled twice (handlers should be idempotent for that window).
 */
export function createRedisWebhookReplayStore(
  settings: RedisWebhookReplaySettings,
): WebhookReplayStore {
  const { connection, keyPrefix, metrics, warnings } = settings
  const fallback = createMemoryReplayStore()
  const keyOf = (id: string): string => `${keyPrefix}webhook:${id}`

  return {
    async claim(id, ttlSeconds) {
      try {
        const ttl = String(Math.max(1, Math.ceil(ttlSeconds)))
        const reply = await connection.command(['SET', keyOf(id), '1', 'NX', 'EX', ttl])
        return reply === 'OK'
      } catch (error) {
        metrics.webhooksWithoutRedis++
        warnings.warn(
          'webhook-claim',
          `Redis is out of reach (${messageOf(error)}): webhook ids are deduplicated per instance only`,
        )
        return fallback.claim(id, ttlSeconds)
      }
    },
    async release(id) {
      await fallback.release(id)
      try {
        await connection.command(['DEL', keyOf(id)])
      } catch (error) {
        warnings.warn(
          'webhook-release',
          `could not release webhook ${id} (${messageOf(error)}); its retry is ignored until the claim expires`,
        )
      }
    },
  }
}
