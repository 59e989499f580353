/**
 * A bounded least-recently-used map. Used for the unseal cache, the refresh grace cache
 * and the in-memory webhook replay store: every in-process cache in the route engine must
 * have a ceiling so a flood of distinct cookies or ids cannot grow memory without bound.
 *
 * @example
 * ```ts
 * const cache = new BoundedLru<string, number>(2)
 * cache.set('a', 1); cache.set('b', 2); cache.set('c', 3) // 'a' is evicted
 * ```
 */
export class BoundedLru<K, V> {
  readonly #max: number
  readonly #map = new Map<K, { value: V; stamp: number }>()
  /** Counts insertions and moves: an entry's age is `#clock - stamp`. */
  #clock = 0

  /** @param max - most entries kept; the least recently used one is evicted past it. */
  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
    this.#max = max
  }

  /** Most entries kept (the constructor's `max`). */
  get max(): number {
    return this.#max
  }

  /** Number of entries currently held. */
  get size(): number {
    return this.#map.size
  }

  /**
   * Returns the value and marks it as recently used. An entry is moved to the young end
   * only once it is at least half the capacity old: moving a Map entry (delete + set) costs
   * far more than reading it, and the cache is read on every request. An entry read at
   * least once per `max / 2` writes is therefore never evicted.
   */
  get(key: K): V | undefined {
    const entry = this.#map.get(key)
    if (entry === undefined) return undefined
    if (this.#clock - entry.stamp >= this.#max / 2) {
      this.#map.delete(key)
      entry.stamp = ++this.#clock
      this.#map.set(key, entry)
    }
    return entry.value
  }

  /** Whether the key is present (does not change recency). */
  has(key: K): boolean {
    return this.#map.has(key)
  }

  /** Inserts or replaces a value, evicting the least recently used entry past the limit. */
  set(key: K, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, { value, stamp: ++this.#clock })
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next()
      if (oldest.done) break
      this.#map.delete(oldest.value)
    }
  }

  /** Removes a key; returns whether it was present. */
  delete(key: K): boolean {
    return this.#map.delete(key)
  }

  /** Removes every entry. */
  clear(): void {
    this.#map.clear()
  }
}
