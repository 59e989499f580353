import type { ChunkParts } from './cookies.js'
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
   * The value cached for exactly the value these chunks make, compared chunk by chunk
   * against the stored value's pieces: the same answer as `get(parts.join(''))` without
   * copying several KB on every request of a chunked session.
   */
  getParts(parts: ChunkParts): V | undefined {
    if (typeof parts === 'string') return this.get(parts)
    const last = parts[parts.length - 1]!
    // The key is the value's last 64 characters: all in the last chunk, or join.
    if (last.length < TAIL) return this.get(parts.join(''))
    const entry = this.#lru.get(last.slice(-TAIL))
    if (entry !== undefined && sameAsParts(entry.raw, parts)) {
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
  return raw.length > 96 ? raw.slice(-TAIL) : raw
}

const TAIL = 64

/** Whether `raw` is exactly the concatenation of `parts` (compared slice by slice). */
function sameAsParts(raw: string, parts: readonly string[]): boolean {
  let length = 0
  for (const part of parts) length += part.length
  // Shorter values are keyed whole (see tailOf): never equal to a value keyed by tail.
  if (length !== raw.length || length <= 96) return false
  let offset = 0
  for (const part of parts) {
    // String#startsWith with a position is far slower here than comparing a slice.
    if (raw.slice(offset, offset + part.length) !== part) return false
    offset += part.length
  }
  return true
}
