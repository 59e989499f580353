import { type RedisStores, redisStores } from '@kit/redis'

const KEY = Symbol.for('kit.test-app.redis-stores')

/**
 * The process's `@kit/redis` stores when `REDIS_URL` is set at start (the
 * multi-instance test runs this app as one instance of a cluster), else none: the
 * browser suite runs it alone on the kit's in-memory defaults. Read at start, not at
 * build, so one build serves both. Next may load a module once per route bundle (and
 * the proxy is a bundle of its own), so the stores live on `globalThis`: one Redis
 * connection and one local revocation copy per process, whose metrics a route reports.
 */
export function sharedStores(): RedisStores | undefined {
  const url = process.env['REDIS_URL']
  if (!url) return undefined
  const store = globalThis as { [KEY]?: RedisStores }
  store[KEY] ??= redisStores({ url })
  return store[KEY]
}
