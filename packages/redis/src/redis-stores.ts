import {
  KitError,
  type KitLogger,
  type RefreshCoordinator,
  type SessionRevocationStore,
  type WebhookReplayStore,
} from '@kit/core'
import type { RedisClientLike } from './client-like.js'
import { clientForUrl, connectRedis } from './connection.js'
import { createMetrics, RateLimitedWarnings, type RedisStoresMetrics } from './health.js'
import { createRedisRefreshCoordinator } from './refresh-coordinator.js'
import { createRedisRevocationStore, type OnRedisUnavailable } from './revocation-store.js'
import { createRedisWebhookReplayStore } from './webhook-replay-store.js'

/**
 * Settings shared by both ways of reaching Redis. All durations in milliseconds.
 *
 * @example
 * ```ts
 * redisStores({ url, keyPrefix: 'billing:', onRedisUnavailable: 'deny', logger: pino() })
 * ```
 */
export interface RedisStoresSettings {
  /** Prefix of every key and channel (default `'kit:'`); give each app its own. */
  keyPrefix?: string
  /**
   * What revocation checks answer while Redis is out of reach. Default
   * `'use-local-copy'`: keep users signed in, checked against the revocations this
   * instance knows (all of them up to the outage, plus its own since). `'deny'` signs
   * every user out for the outage instead.
   */
  onRedisUnavailable?: OnRedisUnavailable
  /** Receives rate-limited warnings about Redis (default `console`). */
  logger?: KitLogger
  /** At most one warning per topic per this interval (default 30 000). */
  warnIntervalMs?: number
  /** Longest wait for one Redis command before it counts as a failure (default 1000). */
  commandTimeoutMs?: number
  /** Longest wait for another instance's refresh of the same session (default 5000). */
  refreshWaitMs?: number
  /** How long a refresh result answers requests with the old cookie (default 60 000). */
  refreshResultTtlMs?: number
  /** Lifetime of a refresh lock, freeing it when its holder dies (default 10 000). */
  refreshLockTtlMs?: number
  /** Most revocations kept in each instance's local copy (default 100 000). */
  maxLocalRevocations?: number
  /**
   * How long requests wait at start-up for the first connection and the revocation list
   * (default 2000); after that, and during any later outage, they never wait for Redis.
   */
  startupWaitMs?: number
}

/**
 * Options of {@link redisStores}: a Redis URL, or a node-redis client you created.
 *
 * @example
 * ```ts
 * redisStores({ url: 'redis://cache.internal:6379' })
 * redisStores({ client: createClient({ url, disableOfflineQueue: true }) })
 * ```
 */
export type RedisStoresOptions =
  | (RedisStoresSettings & {
      /** `redis://` or `rediss://` URL; the stores create, connect and close the client. */
      url: string
      client?: undefined
      /** Connection timeout (default 5000). */
      connectTimeoutMs?: number
    })
  | (RedisStoresSettings & {
      /**
       * A node-redis client (`createClient()` of `redis` or `@redis/client`). Connected
       * if it is not yet; never closed by {@link RedisStores.close}. Give it
       * `disableOfflineQueue: true` and a reconnect strategy that never gives up.
       */
      client: RedisClientLike
      url?: undefined
    })

/**
 * The three stores to spread into an adapter's options, and their lifecycle.
 *
 * @example
 * ```ts
 * const stores: RedisStores = redisStores({ url })
 * await app.register(kitFastify, { kit, baseUrl, session: { secret }, ...stores })
 * app.addHook('onClose', () => stores.close())
 * ```
 */
export interface RedisStores {
  readonly revocationStore: SessionRevocationStore
  readonly refreshCoordinator: RefreshCoordinator
  readonly webhookReplayStore: WebhookReplayStore
  /** Live counters of Redis failures and of answers given without Redis (not spread). */
  readonly metrics: Readonly<RedisStoresMetrics>
  /** Closes the stores' connections (not a client passed in); not spread. */
  close(): Promise<void>
}

/**
 * Shared state for several instances of an app, on Redis: session revocations (checked
 * from a local copy kept current by pub/sub), one refresh per session across instances,
 * and webhook ids handled once. Spread the result into any adapter's options; only the
 * three stores are enumerable, so `metrics` and `close` stay with you.
 *
 * Redis being down never fails a request: see `onRedisUnavailable`; refreshes fall back
 * to single flight per process and webhook ids to per-process memory; every fallback is
 * counted in `metrics` and logged (rate-limited). The client reconnects on its own.
 *
 * @example
 * ```ts
 * import { redisStores } from '@kit/redis'
 * const stores = redisStores({ url: process.env.REDIS_URL! })
 * app.use(kitExpress({ kit, baseUrl, session: { secret }, ...stores }))
 * process.on('SIGTERM', () => stores.close())
 * ```
 */
export function redisStores(options: RedisStoresOptions): RedisStores {
  if (options === null || typeof options !== 'object') {
    fail('redisStores: pass { url } or { client }')
  }
  const hasUrl = options.url !== undefined
  const hasClient = options.client !== undefined
  if (hasUrl === hasClient) fail('redisStores: pass exactly one of url and client')
  if (hasUrl && (typeof options.url !== 'string' || !/^rediss?:\/\/./.test(options.url))) {
    fail('redisStores: url must be a redis:// or rediss:// URL')
  }
  if (hasClient && typeof options.client?.sendCommand !== 'function') {
    fail('redisStores: client must be a node-redis client (createClient() from redis)')
  }
  const keyPrefix = options.keyPrefix ?? 'kit:'
  if (typeof keyPrefix !== 'string' || keyPrefix === '') {
    fail('redisStores: keyPrefix must be a non-empty string')
  }
  const onRedisUnavailable = options.onRedisUnavailable ?? 'use-local-copy'
  if (onRedisUnavailable !== 'use-local-copy' && onRedisUnavailable !== 'deny') {
    fail('redisStores: onRedisUnavailable must be "use-local-copy" or "deny"')
  }
  const logger = options.logger ?? console
  if (typeof logger?.warn !== 'function')
    fail('redisStores: logger must have a warn(message) method')
  const ms = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback
    if (!Number.isInteger(value) || value < 1)
      fail(`redisStores: ${name} must be a positive integer`)
    return value
  }
  const commandTimeoutMs = ms(options.commandTimeoutMs, 1000, 'commandTimeoutMs')
  const refreshWaitMs = ms(options.refreshWaitMs, 5000, 'refreshWaitMs')
  const refreshResultTtlMs = ms(options.refreshResultTtlMs, 60_000, 'refreshResultTtlMs')
  const refreshLockTtlMs = ms(options.refreshLockTtlMs, 10_000, 'refreshLockTtlMs')
  const maxLocalEntries = ms(options.maxLocalRevocations, 100_000, 'maxLocalRevocations')
  const startupWaitMs = ms(options.startupWaitMs, 2000, 'startupWaitMs')
  const warnIntervalMs = ms(options.warnIntervalMs, 30_000, 'warnIntervalMs')

  const metrics = createMetrics()
  const warnings = new RateLimitedWarnings(logger, warnIntervalMs, Date.now)
  const client = hasUrl
    ? clientForUrl(options.url!, ms(options.connectTimeoutMs, 5000, 'connectTimeoutMs'))
    : options.client!
  const connection = connectRedis({
    client,
    ownsClient: hasUrl,
    timeoutMs: commandTimeoutMs,
    startupWaitMs,
    metrics,
    warnings,
  })
  const common = { connection, keyPrefix, metrics, warnings }
  const stores = {
    revocationStore: createRedisRevocationStore({
      ...common,
      onRedisUnavailable,
      maxLocalEntries,
      startupWaitMs,
      now: Date.now,
      logger,
    }),
    refreshCoordinator: createRedisRefreshCoordinator({
      ...common,
      waitMs: refreshWaitMs,
      resultTtlMs: refreshResultTtlMs,
      lockTtlMs: refreshLockTtlMs,
    }),
    webhookReplayStore: createRedisWebhookReplayStore(common),
  }
  // Not enumerable: `...redisStores()` spreads only the stores into an adapter's options.
  return Object.defineProperties(stores, {
    metrics: { value: metrics, enumerable: false },
    close: { value: () => connection.close(), enumerable: false },
  }) as RedisStores
}

function fail(message: string): never {
  throw new KitError('ERR_KIT_CONFIG', message)
}
