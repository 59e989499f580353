import { BoundedLru } from '../session/lru.js'
import type { WebhookReplayStore } from './types.js'

/**
 * An in-process {@link WebhookReplayStore}: remembers up to `max` webhook ids until their
 * window passes. Enough for one instance; several instances behind a load balancer need
 * a shared store (e.g. Redis `SET id 1 NX EX ttl`) passed as `webhookReplayStore`.
 *
 * @example
 * ```ts
 * createKitRoutes({ ...config, webhookReplayStore: createMemoryReplayStore({ max: 50_000 }) })
 * ```
 */
export function createMemoryReplayStore(
  options: { max?: number; now?: () => number } = {},
): WebhookReplayStore {
  const seen = new BoundedLru<string, number>(options.max ?? 10_000)
  const now = options.now ?? Date.now
  return {
    claim(id, ttlSeconds) {
      const at = now()
      const until = seen.get(id)
      if (until !== undefined && until > at) return false
      seen.set(id, at + ttlSeconds * 1000)
      return true
    },
    release(id) {
      seen.delete(id)
    },
  }
}
