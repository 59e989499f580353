import type { RefreshCoordinator, SharedRefreshResult } from '@kit/core'
import type { RedisConnection } from './connection.js'
import { messageOf } from './connection.js'
import type { RateLimitedWarnings, RedisStoresMetrics } from './health.js'

/** Settings of {@link createRedisRefreshCoordinator}. */
export interface RedisRefreshSettings {
  connection: RedisConnection
  keyPrefix: string
  /** How long a request waits for another instance's refresh before giving up. */
  waitMs: number
  /** How long a finished refresh answers requests that still carry the old cookie. */
  resultTtlMs: number
  /** Lock lifetime: a winner that dies frees the session after this. */
  lockTtlMs: number
  metrics: RedisStoresMetrics
  warnings: RateLimitedWarnings
}

/** While waiting, also read the result key this often (a missed message costs no more). */
const POLL_MS = 250
/** Most finished results remembered in process for late requests. */
const MAX_RECENT = 1000

const ERROR: SharedRefreshResult = Object.freeze({ status: 'error' })

/** Deletes the lock only if it is still ours (it may have expired and been re-taken). */
const UNLOCK =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

/**
 * A {@link RefreshCoordinator} shared through Redis, so a session refreshes once across
 * all instances (rotating refresh tokens make a second refresh end the session).
 *
 * Per key: requests on one instance share one flight; the flight takes `SET lock NX PX`.
 * The winner runs `refresh`, stores the result (the session already sealed with the
 * session secret: tokens never sit in Redis in clear) for `resultTtlMs` and publishes
 * it; the others receive it by pub/sub (or by reading the result key) within `waitMs`,
 * else answer `{ status: 'error' }` (the old session is kept and retried later). A result
 * already stored answers at once. Without Redis, refreshes fall back to single flight
 * per process.
 */
export function createRedisRefreshCoordinator(settings: RedisRefreshSettings): RefreshCoordinator {
  const { connection, keyPrefix, metrics, warnings } = settings
  const channel = `${keyPrefix}refreshed`
  const lockKey = (key: string): string => `${keyPrefix}refresh-lock:${key}`
  const resultKey = (key: string): string => `${keyPrefix}refresh-result:${key}`
  const flights = new Map<string, Promise<SharedRefreshResult>>()
  const recent = new Map<string, { result: SharedRefreshResult; until: number }>()
  const waiters = new Map<string, Set<(result: SharedRefreshResult) => void>>()
  /**
   * Set by `close()`. From then on every request is answered with an error (the old
   * session is kept) rather than refreshed: an instance shutting down cannot coordinate,
   * and an uncoordinated refresh of a rotating token could end the session for all.
   */
  let closed = false

  const remember = (key: string, result: SharedRefreshResult): void => {
    if (result.status === 'error') return
    if (recent.size >= MAX_RECENT) recent.delete(recent.keys().next().value!)
    recent.set(key, { result, until: Date.now() + settings.resultTtlMs })
  }

  const deliver = (key: string, result: SharedRefreshResult): void => {
    const set = waiters.get(key)
    if (set === undefined) return
    waiters.delete(key)
    for (const resolve of set) resolve(result)
  }

  connection.listen(channel, {
    onMessage(message) {
      const newline = message.indexOf('\n')
      const result = parseResult(message.slice(newline + 1))
      if (newline > 0 && result !== undefined) deliver(message.slice(0, newline), result)
    },
    onClosed() {
      closed = true
      for (const key of [...waiters.keys()]) deliver(key, ERROR)
    },
  })

  const stored = async (key: string): Promise<SharedRefreshResult | undefined> => {
    const value = await connection.command(['GET', resultKey(key)])
    return typeof value === 'string' ? parseResult(value) : undefined
  }

  /** Waits for the winner's result: a message, or the result key on a poll. */
  const waitForWinner = (key: string): Promise<SharedRefreshResult> =>
    new Promise((resolve) => {
      if (closed) return resolve(ERROR)
      let settled = false
      const finish = (result: SharedRefreshResult): void => {
        if (settled) return
        settled = true
        clearInterval(poll)
        clearTimeout(timeout)
        waiters.get(key)?.delete(finish)
        resolve(result)
      }
      const set = waiters.get(key) ?? new Set()
      waiters.set(key, set)
      set.add(finish)
      const check = (): void => {
        stored(key).then(
          (result) => result !== undefined && finish(result),
          () => {}, // Counted by the connection; the next poll or the timeout decides.
        )
      }
      const poll = setInterval(check, POLL_MS)
      const timeout = setTimeout(() => {
        metrics.refreshWaitTimeouts++
        warnings.warn(
          'refresh-wait',
          `no refresh result from another instance within ${settings.waitMs} ms; the request keeps the old session`,
        )
        finish(ERROR)
      }, settings.waitMs)
      // The winner may have finished between our lock attempt and the subscription.
      check()
    })

  const runShared = async (
    key: string,
    refresh: () => Promise<SharedRefreshResult>,
  ): Promise<SharedRefreshResult> => {
    const token = crypto.randomUUID()
    let won: boolean
    try {
      const ready = await stored(key)
      if (ready !== undefined) return ready
      const reply = await connection.command([
        'SET',
        lockKey(key),
        token,
        'NX',
        'PX',
        String(settings.lockTtlMs),
      ])
      won = reply === 'OK'
    } catch (error) {
      if (closed) return ERROR
      metrics.refreshesWithoutRedis++
      warnings.warn(
        'refresh-fallback',
        `Redis is out of reach (${messageOf(error)}): refreshes are coordinated per process only`,
      )
      return refresh()
    }
    if (!won) return waitForWinner(key)

    const result = await refresh().catch((): SharedRefreshResult => ERROR)
    try {
      if (result.status === 'error') {
        await connection.command(['EVAL', UNLOCK, '1', lockKey(key), token])
      } else {
        const value = JSON.stringify(result)
        await connection.command(['SET', resultKey(key), value, 'PX', String(settings.resultTtlMs)])
      }
      await connection.publish(channel, `${key}\n${JSON.stringify(result)}`)
    } catch (error) {
      warnings.warn(
        'refresh-share',
        `could not share a refresh result (${messageOf(error)}); other instances retry after the wait`,
      )
    }
    return result
  }

  return {
    run(key, refresh) {
      const hit = recent.get(key)
      if (hit !== undefined) {
        if (hit.until > Date.now()) return Promise.resolve(hit.result)
        recent.delete(key)
      }
      let flight = flights.get(key)
      if (flight === undefined) {
        flight = runShared(key, refresh)
          .catch((): SharedRefreshResult => ERROR)
          .then((result) => {
            remember(key, result)
            return result
          })
          .finally(() => flights.delete(key))
        flights.set(key, flight)
      }
      return flight
    },
  }
}

/** Reads a stored or published result; anything else is ignored (undefined). */
function parseResult(text: string): SharedRefreshResult | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const status = (value as { status?: unknown } | null)?.status
  if (status === 'invalid_grant' || status === 'error') return { status }
  const sealed = (value as { sealed?: unknown }).sealed
  if (status === 'ok' && typeof sealed === 'string') return { status, sealed }
  return undefined
}
