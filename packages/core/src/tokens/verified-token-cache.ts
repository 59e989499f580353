import type { JWTPayload } from 'jose'

interface Entry {
  payload: JWTPayload
  /** `exp` in epoch seconds. */
  exp: number
}

/**
 * Bounded memory of tokens already verified, keyed by the exact token string (plus the
 * checks it passed), so the guard hot path does the signature work once per token.
 * Expiry is re-checked on every hit; the oldest entry is evicted when full.
 */
export class VerifiedTokenCache {
  readonly #max: number
  readonly #entries = new Map<string, Entry>()

  constructor(maxEntries: number) {
    this.#max = maxEntries
  }

  /** Claims of a cached, still unexpired token, or undefined. */
  get(key: string, nowSec: number, clockToleranceSeconds: number): JWTPayload | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.exp + clockToleranceSeconds <= nowSec) {
      this.#entries.delete(key)
      return undefined
    }
    // Refresh recency so hot tokens survive eviction.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.payload
  }

  /** Remembers a verified token; tokens without a numeric `exp` are never cached. */
  set(key: string, payload: JWTPayload): void {
    if (this.#max === 0 || typeof payload.exp !== 'number') return
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, { payload, exp: payload.exp })
  }

  /** Number of cached tokens. */
  get size(): number {
    return this.#entries.size
  }
}
