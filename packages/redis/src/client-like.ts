/**
 * The part of a node-redis client (`createClient()` from `redis` or `@redis/client`,
 * v4 or v5) that the stores use. Commands go through `sendCommand`, so the stores do not
 * depend on one client version's typed command helpers.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * const client: RedisClientLike = createClient({ url: process.env.REDIS_URL })
 * ```
 */
export interface RedisClientLike {
  /** True once `connect()` was called and until the client is closed. */
  readonly isOpen: boolean
  /** True while the connection is up and usable (false while reconnecting). */
  readonly isReady: boolean
  connect(): Promise<unknown>
  /** A new client with the same options (the stores subscribe on their own connection). */
  duplicate(): RedisClientLike
  sendCommand(args: string[]): Promise<unknown>
  subscribe(
    channels: string | string[],
    listener: (message: string, channel: string) => unknown,
  ): Promise<unknown>
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'ready' | 'end' | 'reconnecting', listener: () => void): unknown
  destroy(): void
  close?(): Promise<unknown>
}
