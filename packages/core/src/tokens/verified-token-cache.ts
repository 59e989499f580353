import type { JWTPayload } from 'jose'

/**
 * A token whose signature and claims passed full verification once. The values a later
 * call checks differently (issuer, `typ`, `nbf`, `exp`) are copied out at verification
 * time, so a caller mutating the claims object it was given cannot change a later
 * verdict.
 */
export interface VerifiedToken {
  /** The verified claims (the same object every hit returns). */
  claims: JWTPayload
  /** `exp` in epoch seconds. */
  exp: number
  /** `nbf` in epoch seconds, if the token has one. */
  nbf: number | undefined
  /** `iss` as verified. */
  iss: unknown
  /** `typ` of the protected header. */
  typ: unknown
}

/**
 * Bounded memory of tokens already verified, keyed by the exact token string (no
 * prefix, no hash: two tokens share an entry only if they are the same string), so the
 * guard hot path does the signature work once per token. An entry is never returned
 * once past `exp` plus the caller's clock tolerance (it is dropped instead); the
 * least recently used entry is evicted when full. What the entry was verified *for*
 * (issuer, type, audience, scopes) is the caller's to re-check on every hit.
 */
export class VerifiedTokenCache {
  readonly #max: number
  readonly #entries = new Map<string, VerifiedToken>()

  constructor(maxEntries: number) {
    this.#max = maxEntries
  }

  /** The cached, still unexpired verification of exactly this token, or undefined. */
  get(token: string, nowSec: number, clockToleranceSeconds: number): VerifiedToken | undefined {
    const entry = this.#entries.get(token)
    if (!entry) return undefined
    this.#entries.delete(token)
    if (entry.exp + clockToleranceSeconds <= nowSec) return undefined
    // Re-inserting refreshes recency, so hot tokens survive eviction.
    this.#entries.set(token, entry)
    return entry
  }

  /** Remembers a verified token; tokens without a numeric `exp` are never cached. */
  set(token: string, claims: JWTPayload, typ: unknown): void {
    const { exp, nbf } = claims
    if (this.#max === 0 || typeof exp !== 'number') return
    if (this.#entries.size >= this.#max && !this.#entries.has(token)) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(token, {
      claims,
      exp,
      nbf: typeof nbf === 'number' ? nbf : undefined,
      iss: claims.iss,
      typ,
    })
  }

  /** Number of cached tokens (never more than the configured maximum). */
  get size(): number {
    return this.#entries.size
  }
}
