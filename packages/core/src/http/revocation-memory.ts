import { BoundedLru } from '../session/lru.js'
import type { SessionRevocationStore } from './types.js'

/**
 * An in-process {@link SessionRevocationStore}: logout (and a new login) revokes the
 * session value, so a copied cookie stops working on this instance. Bounded: past `max`
 * entries the oldest revocations are forgotten. Several instances need a shared store
 * (e.g. Redis `SET revoked:<id> 1 EXAT <expiresAt>`) implementing the same interface.
 *
 * @example
 * ```ts
 * createKitRoutes({ ...config, revocationStore: createMemoryRevocationStore() })
 * ```
 */
export function createMemoryRevocationStore(
  options: { max?: number; now?: () => number } = {},
): SessionRevocationStore {
  const revoked = new BoundedLru<string, number>(options.max ?? 100_000)
  const now = options.now ?? Date.now
  return {
    isRevoked(sessionId) {
      const until = revoked.get(sessionId)
      if (until === undefined) return false
      if (until * 1000 > now()) return true
      revoked.delete(sessionId)
      return false
    },
    revoke(sessionId, expiresAtSeconds) {
      revoked.set(sessionId, expiresAtSeconds)
    },
  }
}
