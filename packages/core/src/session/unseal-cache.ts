import { BoundedLru } from './lru.js'

/**
 * Unsealed sessions by exact cookie value. A sealed session is several KB; hashing the
 * whole string to look it up is most of the cost of a guarded request, so entries are
 * found by the seal's tail (its HMAC, which differs for every seal) and a hit counts
 * only when the full stored value equals the presented one. A tampered or different
 * value therefore never hits, exactly as with the full value as key.
 *
 * @example
 * ```ts
 * const cache = new UnsealCache<SessionData>(1000)
 * cache.set(cookieValue, data)
 * cache.get(cookieValue) // data; any other string: undefined
 * ```
 */
export class UnsealCache<V> {
  readonly #lru: BoundedLru<string, { raw: string; value: V }>
  #hits = 0
  #misses = 0

  /** @param max - most sessions kept (least recently used evicted). */
  constructor(max: number) {
    this.#lru = new BoundedLru(max)
  }

  /** The value cached for exactly this cookie value. */
  get(raw: string): V | undefined {
    const entry = this.#lru.get(tailOf(raw))
    if (entry !== undefined && entry.raw === raw) {
      this.#hits++
      return entry.value
    }
    this.#misses++
    return undefined
  }

  /**
   * Entries held, the ceiling, and lookups answered from the cache or not since start:
   * what an operator (or the memory benchmark) reads to see the bound hold.
   */
  get stats(): { size: number; max: number; hits: number; misses: number } {
    return { size: this.#lru.size, max: this.#lru.max, hits: this.#hits, misses: this.#misses }
  }

  /** Caches `value` for this exact cookie value. */
  set(raw: string, value: V): void {
    this.#lru.set(tailOf(raw), { raw, value })
  }

  /** Forgets this exact cookie value (another value with the same tail is kept). */
  delete(raw: string): void {
    const key = tailOf(raw)
    if (this.#lru.get(key)?.raw === raw) this.#lru.delete(key)
  }
}

/** Iron seals end with `*<hmac salt>*<hmac>`: 64 characters cover the HMAC. */
function tailOf(raw: string): string {
  return raw.length > 96 ? raw.slice(-64) : raw
}
