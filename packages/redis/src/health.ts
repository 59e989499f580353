import type { KitLogger } from '@kit/core'

/**
 * Counters an operator can export to their monitoring: every time the stores answered
 * without Redis, and every Redis failure. Read through `stores.metrics` (a live object).
 *
 * @example
 * ```ts
 * setInterval(() => gauge.set(stores.metrics.redisErrors), 10_000)
 * ```
 */
export interface RedisStoresMetrics {
  /** Redis commands or connections that failed (timeouts included). */
  redisErrors: number
  /** Revocation checks answered from the local copy (or denied) while Redis was out of reach. */
  revocationChecksWithoutRedis: number
  /** Revocations recorded only locally because Redis was out of reach. */
  revocationsNotShared: number
  /** Refreshes run with per-process single flight because Redis was out of reach. */
  refreshesWithoutRedis: number
  /** Refreshes that waited for another instance's result and gave up (`refreshWaitMs`). */
  refreshWaitTimeouts: number
  /** Webhook ids claimed in process memory only because Redis was out of reach. */
  webhooksWithoutRedis: number
  /** Times the local revocation copy was (re)loaded from Redis after (re)connecting. */
  revocationSyncs: number
}

/** Creates zeroed metrics. */
export function createMetrics(): RedisStoresMetrics {
  return {
    redisErrors: 0,
    revocationChecksWithoutRedis: 0,
    revocationsNotShared: 0,
    refreshesWithoutRedis: 0,
    refreshWaitTimeouts: 0,
    webhooksWithoutRedis: 0,
    revocationSyncs: 0,
  }
}

/**
 * Warns at most once per `intervalMs` per topic: a Redis outage hits every request, and
 * one line per request would bury the logs. Suppressed warnings are counted in the next line.
 */
export class RateLimitedWarnings {
  readonly #logger: KitLogger
  readonly #intervalMs: number
  readonly #now: () => number
  readonly #last = new Map<string, { at: number; suppressed: number }>()

  constructor(logger: KitLogger, intervalMs: number, now: () => number) {
    this.#logger = logger
    this.#intervalMs = intervalMs
    this.#now = now
  }

  /** Logs `message` under `topic` unless that topic logged within the interval. */
  warn(topic: string, message: string): void {
    const now = this.#now()
    const last = this.#last.get(topic)
    if (last !== undefined && now - last.at < this.#intervalMs) {
      last.suppressed++
      return
    }
    const more = last?.suppressed ? ` (${last.suppressed} similar warnings suppressed)` : ''
    this.#last.set(topic, { at: now, suppressed: 0 })
    try {
      this.#logger.warn(`kit/redis: ${message}${more}`)
    } catch {
      // A broken logger must not turn a degraded store into a failed request.
    }
  }
}
