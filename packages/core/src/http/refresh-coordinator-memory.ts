import { BoundedLru } from '../session/lru.js'
import type { RefreshCoordinator, SharedRefreshResult } from './types.js'

/** Options of {@link createMemoryRefreshCoordinator}. */
export interface MemoryRefreshCoordinatorOptions {
  /**
   * Seconds a successful refresh keeps answering requests that still carry the old
   * cookie (the browser had not stored the new one yet), instead of replaying a refresh
   * token the identity provider already rotated. Default 60.
   */
  graceSeconds?: number
  /** Most recent results remembered (default 1000). */
  max?: number
  /** Clock in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
}

/** What a failed or throwing refresh hands to the requests that waited for it. */
const ERROR: SharedRefreshResult = Object.freeze({ status: 'error' })

/**
 * The default {@link RefreshCoordinator}: one process. Concurrent callers with the same
 * key share one in-flight refresh (single flight), and an `ok` result keeps answering
 * for `graceSeconds`, so a request arriving with the pre-refresh cookie just after gets
 * the refreshed session instead of an `invalid_grant` for the rotated token. Failures
 * are not remembered: the next request tries again. Several instances need a shared
 * coordinator (`@kit/redis`).
 *
 * @example
 * ```ts
 * createKitRoutes({ ...config, refreshCoordinator: createMemoryRefreshCoordinator({ graceSeconds: 30 }) })
 * ```
 */
export function createMemoryRefreshCoordinator(
  options: MemoryRefreshCoordinatorOptions = {},
): RefreshCoordinator {
  const graceMs = (options.graceSeconds ?? 60) * 1000
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new RangeError('graceSeconds must be a number >= 0')
  }
  const now = options.now ?? Date.now
  const flights = new Map<string, Promise<SharedRefreshResult>>()
  const recent = new BoundedLru<string, { result: SharedRefreshResult; until: number }>(
    options.max ?? 1000,
  )

  const settle = async (key: string, refresh: () => Promise<SharedRefreshResult>) => {
    let result: SharedRefreshResult
    try {
      result = await refresh()
    } catch {
      result = ERROR
    }
    if (result.status === 'ok' && graceMs > 0) recent.set(key, { result, until: now() + graceMs })
    return result
  }

  return {
    run(key, refresh) {
      const hit = recent.get(key)
      if (hit !== undefined) {
        if (hit.until > now()) return Promise.resolve(hit.result)
        recent.delete(key)
      }
      let flight = flights.get(key)
      if (flight === undefined) {
        flight = settle(key, refresh).finally(() => flights.delete(key))
        flights.set(key, flight)
      }
      return flight
    },
  }
}
