import { createMemoryRevocationStore, type KitLogger, type SessionRevocationStore } from '@kit/core'
import type { RedisConnection } from './connection.js'
import { messageOf } from './connection.js'
import type { RateLimitedWarnings, RedisStoresMetrics } from './health.js'

/**
 * What a revocation check answers while Redis is out of reach (and before the local copy
 * was first loaded). `'use-local-copy'`: the copy kept by pub/sub, which holds every
 * revocation up to the outage plus those made on this instance since (sessions revoked
 * on other instances during the outage keep working until Redis is back). `'deny'`:
 * every session counts as revoked, so users are signed out (their cookies are cleared).
 *
 * @example
 * ```ts
 * redisStores({ url, onRedisUnavailable: 'deny' }) // an ended session must never work anywhere
 * ```
 */
export type OnRedisUnavailable = 'use-local-copy' | 'deny'

/** Settings of {@link createRedisRevocationStore}. */
export interface RedisRevocationSettings {
  connection: RedisConnection
  keyPrefix: string
  onRedisUnavailable: OnRedisUnavailable
  /** Most revocations kept in the local copy (the core memory store's `max`). */
  maxLocalEntries: number
  /** Longest a check waits for the first load of the local copy at start-up. */
  startupWaitMs: number
  now: () => number
  logger: KitLogger
  metrics: RedisStoresMetrics
  warnings: RateLimitedWarnings
}

/** SCAN page size: large enough to load 100 000 entries in ~100 round trips. */
const SCAN_COUNT = '1000'
/** Revocations kept for sharing when Redis is back (beyond it they stay local only). */
const MAX_UNSHARED = 10_000
/**
 * Writes `<until>:<createdAt>` keeping the later of each against an existing entry (a
 * repeated revocation never shortens an entry or moves a `sub:` cut-off back, as in
 * core's memory store) and the longer TTL; returns the value stored.
 */
const MERGE = `
local old = redis.call('GET', KEYS[1])
local u, c = string.match(ARGV[1], '^([^:]+):([^:]+)$')
local ttl = tonumber(ARGV[2])
if old then
  local ou, oc = string.match(old, '^([^:]+):([^:]+)$')
  if ou and tonumber(ou) > tonumber(u) then u = ou end
  if oc and tonumber(oc) > tonumber(c) then c = oc end
  local left = redis.call('PTTL', KEYS[1])
  if left > ttl then ttl = left end
end
local value = u .. ':' .. c
redis.call('SET', KEYS[1], value, 'PX', ttl)
return value`

/** Delay before loading the list again after a failed load. */
const RETRY_LOAD_MS = 250

/**
 * A {@link SessionRevocationStore} shared through Redis. Each revocation is a key
 * `<prefix>rev:<id>` whose value is `<until>:<createdAt>` and whose TTL is the session's
 * remaining absolute lifetime; it is also published, and every instance applies it to a
 * local copy (core's bounded memory store, so the matching rules are core's own). Checks
 * read the local copy only: the guarded request stays a synchronous memory lookup.
 *
 * After every (re)subscription the keys are scanned into the local copy, so an instance
 * that starts late or reconnects after an outage knows what was revoked meanwhile.
 */
export function createRedisRevocationStore(
  settings: RedisRevocationSettings,
): SessionRevocationStore {
  const { connection, keyPrefix, metrics, warnings, now } = settings
  const channel = `${keyPrefix}revocations`
  const keyOf = (id: string): string => `${keyPrefix}rev:${id}`
  const local = createMemoryRevocationStore({
    max: settings.maxLocalEntries,
    now,
    logger: settings.logger,
  })
  /** True while the local copy is known to be complete (subscribed and loaded). */
  let synced = false
  let syncRun = 0
  let firstSync: { promise: Promise<void>; done: () => void } | undefined = deferred()
  const startupDeadline = Date.now() + settings.startupWaitMs
  /** Revocations made while Redis was out of reach: written when it is back. */
  const unshared = new Map<string, string>()

  const share = async (sessionId: string, value: string, until: number): Promise<void> => {
    const ttlMs = Math.ceil(until * 1000 - now())
    if (ttlMs <= 0) return
    const merged = await connection.command([
      'EVAL',
      MERGE,
      '1',
      keyOf(sessionId),
      value,
      String(ttlMs),
    ])
    await connection.publish(
      channel,
      `${typeof merged === 'string' ? merged : value}\t${sessionId}`,
    )
  }

  const shareUnshared = async (): Promise<void> => {
    for (const [sessionId, value] of unshared) {
      await share(sessionId, value, Number(value.split(':')[0]))
      unshared.delete(sessionId)
    }
  }

  const apply = (value: string, id: string): void => {
    const [until, createdAt] = value.split(':').map(Number)
    if (!Number.isFinite(until) || !Number.isFinite(createdAt)) return
    local.revoke(id, until!, createdAt!)
  }

  const load = async (): Promise<void> => {
    const run = ++syncRun
    try {
      await shareUnshared()
      let cursor = '0'
      do {
        const [next, keys] = (await connection.command([
          'SCAN',
          cursor,
          'MATCH',
          `${escapeGlob(keyPrefix)}rev:*`,
          'COUNT',
          SCAN_COUNT,
        ])) as [string, string[]]
        cursor = next
        if (keys.length === 0) continue
        const values = (await connection.command(['MGET', ...keys])) as (string | null)[]
        keys.forEach((key, i) => {
          const value = values[i]
          if (typeof value === 'string') apply(value, key.slice(keyPrefix.length + 4))
        })
      } while (cursor !== '0')
      if (run !== syncRun) return
      synced = true
      metrics.revocationSyncs++
    } catch (error) {
      if (run !== syncRun) return
      warnings.warn('revocation-sync', `could not load the revocation list: ${messageOf(error)}`)
      // Subscribed but the command connection is not back yet: try again shortly.
      setTimeout(() => {
        if (run === syncRun) void load()
      }, RETRY_LOAD_MS).unref()
    } finally {
      firstSync?.done()
      firstSync = undefined
    }
  }

  connection.listen(channel, {
    onMessage(message) {
      const tab = message.indexOf('\t')
      if (tab > 0) apply(message.slice(0, tab), message.slice(tab + 1))
    },
    onSubscribed() {
      void load()
    },
    onLost() {
      synced = false
      syncRun++
    },
  })

  const answer = (sessionId: string, createdAt: number): boolean => {
    if (synced) return local.peekRevoked!(sessionId, createdAt)!
    metrics.revocationChecksWithoutRedis++
    warnings.warn(
      'revocation-check',
      settings.onRedisUnavailable === 'deny'
        ? 'Redis is out of reach: sessions count as revoked (onRedisUnavailable: "deny")'
        : 'Redis is out of reach: revocations are checked against the local copy (onRedisUnavailable: "use-local-copy")',
    )
    if (settings.onRedisUnavailable === 'deny') return true
    return local.peekRevoked!(sessionId, createdAt)!
  }

  return {
    /**
     * The local copy's revision while it is synced, so core asks about a session once per
     * change of the copy instead of on every request. Not a number to match (NaN) while
     * it is not synced: each check then goes through the store's own answer, which counts it,
     * warns and, with `'deny'`, refuses; a `false` remembered from before an outage never
     * lets a request through during it.
     */
    get revision(): number {
      return synced ? local.revision : Number.NaN
    },
    peekRevoked(sessionId, createdAt) {
      // At start-up the awaited path decides: it waits a moment for the first load.
      if (!synced && firstSync !== undefined && Date.now() < startupDeadline) return undefined
      return answer(sessionId, createdAt)
    },
    async isRevoked(sessionId, createdAt) {
      if (!synced && firstSync !== undefined) {
        await waitAtMost(firstSync.promise, startupDeadline - Date.now())
      }
      return answer(sessionId, createdAt)
    },
    async revoke(sessionId, expiresAtSeconds, createdAt) {
      const at = createdAt ?? Math.floor(now() / 1000)
      // This instance applies it at once, whatever happens to Redis.
      local.revoke(sessionId, expiresAtSeconds, at)
      const value = `${expiresAtSeconds}:${at}`
      try {
        await share(sessionId, value, expiresAtSeconds)
      } catch (error) {
        metrics.revocationsNotShared++
        if (unshared.size < MAX_UNSHARED) unshared.set(sessionId, value)
        warnings.warn(
          'revocation-write',
          `a revocation is recorded on this instance only until Redis is back (${messageOf(error)}); ` +
            'other instances accept that session meanwhile',
        )
      }
    },
  }
}

function deferred(): { promise: Promise<void>; done: () => void } {
  let done!: () => void
  const promise = new Promise<void>((resolve) => {
    done = resolve
  })
  return { promise, done }
}

async function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  if (ms <= 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))])
  clearTimeout(timer)
}

/** Escapes SCAN MATCH glob characters in a key prefix. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}
