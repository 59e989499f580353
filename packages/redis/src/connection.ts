import { createClient } from '@redis/client'
import type { RedisClientLike } from './client-like.js'
import type { RateLimitedWarnings, RedisStoresMetrics } from './health.js'

/** How the stores reach Redis: commands on one connection, pub/sub on a second one. */
export interface RedisConnection {
  /** True while commands can be sent (no queueing behind a dead connection). */
  readonly ready: boolean
  /**
   * Sends one command. Rejects at once when Redis is not ready and after `timeoutMs`
   * otherwise, so a request never waits on a dead server; failures are counted.
   */
  command(args: string[]): Promise<unknown>
  /** Publishes on a channel (a command on the command connection). */
  publish(channel: string, message: string): Promise<void>
  /**
   * Registers a channel's handler and `onSubscribed`, called each time the subscription
   * is (re)established (so a late or reconnected instance can catch up), and
   * `onLost`, called when it drops.
   */
  listen(channel: string, handlers: ChannelHandlers): void
  close(): Promise<void>
}

/** What a store does with its pub/sub channel. */
export interface ChannelHandlers {
  onMessage(message: string): void
  onSubscribed?(): void
  onLost?(): void
  /** The stores were closed: settle whatever still waits on this channel. */
  onClosed?(): void
}

/** Settings of {@link connectRedis}. */
export interface ConnectionSettings {
  client: RedisClientLike
  /** True when the stores created the client (and so close it). */
  ownsClient: boolean
  timeoutMs: number
  /** At start-up, commands wait this long for the first connection instead of failing. */
  startupWaitMs: number
  metrics: RedisStoresMetrics
  warnings: RateLimitedWarnings
}

/**
 * Reconnect delay: 50 ms doubling to 2 s, with jitter so many instances do not hit a
 * restarted Redis in step. Never gives up: the stores recover when Redis is back.
 */
export function reconnectDelay(retries: number): number {
  const base = Math.min(2000, 50 * 2 ** Math.min(retries, 6))
  return Math.round(base / 2 + Math.random() * (base / 2))
}

/**
 * A node-redis client for `url`: bounded reconnect backoff and no offline queue, so a
 * command sent while Redis is down fails at once instead of waiting for a reconnection.
 */
export function clientForUrl(url: string, connectTimeoutMs: number): RedisClientLike {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: reconnectDelay },
  }) as unknown as RedisClientLike
}

/**
 * Connects the command client (unless already open) and a duplicate for pub/sub, with
 * error listeners on both: an unreachable Redis is logged and counted, never an
 * unhandled `error` event that ends the process.
 */
export function connectRedis(settings: ConnectionSettings): RedisConnection {
  const { client, metrics, warnings, timeoutMs } = settings
  const channels = new Map<string, ChannelHandlers>()
  let closed = false

  const onError = (which: string) => (error: Error) => {
    if (closed) return
    metrics.redisErrors++
    warnings.warn(`${which}-error`, `${which} connection: ${messageOf(error)}; retrying`)
  }
  client.on('error', onError('command'))
  if (!client.isOpen) client.connect().catch(onError('command'))
  const startupDeadline = Date.now() + settings.startupWaitMs
  let firstReady: Promise<void> | undefined = client.isReady
    ? undefined
    : new Promise<void>((resolve) => client.on('ready', resolve))
  /** Waits for the first connection while start-up lasts; a later outage fails fast. */
  const startup = async (): Promise<void> => {
    if (firstReady === undefined || client.isReady) return
    const left = startupDeadline - Date.now()
    if (left <= 0) {
      firstReady = undefined
      return
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([firstReady, new Promise<void>((r) => (timer = setTimeout(r, left)))])
    clearTimeout(timer)
  }

  const subscriber = client.duplicate()
  let subscribedOnce = false
  const lost = (): void => {
    for (const handlers of channels.values()) handlers.onLost?.()
  }
  subscriber.on('error', (error) => {
    lost()
    onError('pub/sub')(error)
  })
  subscriber.on('reconnecting', lost)
  subscriber.on('end', lost)
  const dispatch = (message: string, channel: string): void => {
    try {
      channels.get(channel)?.onMessage(message)
    } catch (error) {
      warnings.warn('message', `ignored a malformed message on ${channel}: ${messageOf(error)}`)
    }
  }
  const subscribed = (): void => {
    for (const handlers of channels.values()) handlers.onSubscribed?.()
  }
  let subscribing = false
  subscriber.on('ready', () => {
    // node-redis resubscribes before 'ready' on a reconnection: catching up now misses
    // nothing. Until a first SUBSCRIBE succeeded, every (re)connection tries it again.
    if (subscribedOnce) return subscribed()
    if (subscribing || closed) return
    subscribing = true
    subscriber
      .subscribe([...channels.keys()], dispatch)
      .then(() => {
        subscribedOnce = true
        if (!closed) subscribed()
      }, onError('pub/sub'))
      .finally(() => {
        subscribing = false
      })
  })
  // Channels are registered synchronously by the stores, before this connection is ready.
  subscriber.connect().catch(onError('pub/sub'))

  const command = async (args: string[]): Promise<unknown> => {
    if (!client.isReady) await startup()
    if (closed || !client.isReady) {
      metrics.redisErrors++
      throw new Error('Redis is not connected')
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      return await Promise.race([
        client.sendCommand(args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          )
        }),
      ])
    } catch (error) {
      metrics.redisErrors++
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    get ready() {
      return !closed && client.isReady
    },
    command,
    async publish(channel, message) {
      await command(['PUBLISH', channel, message])
    },
    listen(channel, handlers) {
      channels.set(channel, handlers)
    },
    async close() {
      if (closed) return
      closed = true
      for (const handlers of channels.values()) handlers.onClosed?.()
      await shut(subscriber)
      if (settings.ownsClient) await shut(client)
    },
  }
}

/** Closes gracefully when connected, at once otherwise (a dead server never answers QUIT). */
async function shut(client: RedisClientLike): Promise<void> {
  if (!client.isOpen) return
  try {
    if (client.isReady && client.close !== undefined) await client.close()
    else client.destroy()
  } catch {
    // Already closed: nothing left to release.
  }
}

/** The message of an unknown thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
