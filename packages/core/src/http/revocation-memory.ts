import { revocationEntryApplies } from './revocation-keys.js'
import type { KitLogger, SessionRevocationStore } from './types.js'

/** Options of {@link createMemoryRevocationStore}. */
export interface MemoryRevocationStoreOptions {
  /** Most revoked sessions remembered individually (default 100 000, about 15 MB). */
  max?: number
  /** Clock in milliseconds since the epoch (default `Date.now`). */
  now?: () => number
  /** Told when the store is full and starts revoking by login time (default `console`). */
  logger?: KitLogger
}

interface Entry {
  /** Epoch seconds after which the session is over anyway. */
  readonly until: number
  /** Login time of the revoked session (the revocation time when unknown, and for `sub:` keys). */
  readonly createdAt: number
}

/** Share of the entries dropped at once when the store is full (amortises the sort). */
const EVICT_FRACTION = 0.1

/**
 * The default {@link SessionRevocationStore}: one process's memory. Logout (and a new
 * login) revokes the kit session id; back-channel logout and the `session.revoked`
 * webhook revoke the identity provider's `sid`; a `sub:<user id>` entry revokes the
 * user's sessions created up to it. Each entry lives until the session's absolute deadline.
 *
 * Bounded, and failing closed when full: expired entries go first; if it is still full,
 * the oldest tenth (by login time) is dropped and a watermark rises to the newest login
 * time among them, so every session created at or before it counts as revoked. Some
 * users sign in again; no revoked session comes back. Each overflow is reported through
 * `logger.warn`. The check is a synchronous map lookup (`peekRevoked`), so the guarded
 * hot path stays synchronous. Several instances need a shared store implementing the
 * same interface. The store tells its fill (`size`, against `max`) for monitoring.
 *
 * @example
 * ```ts
 * const revocationStore = createMemoryRevocationStore({ max: 50_000 })
 * createKitRoutes({ ...config, revocationStore })
 * metrics.gauge('kit_revocations', revocationStore.size / revocationStore.max)
 * ```
 */
export function createMemoryRevocationStore(
  options: MemoryRevocationStoreOptions = {},
): MemoryRevocationStore {
  const max = options.max ?? 100_000
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
  const now = options.now ?? Date.now
  const logger = options.logger ?? console
  const revoked = new Map<string, Entry>()
  /** Sessions created at or before this epoch second count as revoked (none at first). */
  let watermark = Number.NEGATIVE_INFINITY
  /** Bumped by every revocation: a `false` answered before may be `true` after. */
  let revision = 0

  const check = (sessionId: string, createdAt: number): boolean => {
    if (createdAt <= watermark) return true
    const entry = revoked.get(sessionId)
    if (entry === undefined) return false
    if (entry.until * 1000 <= now()) {
      revoked.delete(sessionId)
      return false
    }
    return revocationEntryApplies(sessionId, entry.createdAt, createdAt)
  }

  const makeRoom = (): void => {
    const nowSeconds = now() / 1000
    for (const [id, entry] of revoked) if (entry.until <= nowSeconds) revoked.delete(id)
    if (revoked.size < max) return
    const times = [...revoked.values()].map((e) => e.createdAt).sort((a, b) => a - b)
    const cut = times[Math.max(0, Math.ceil(max * EVICT_FRACTION) - 1)]!
    watermark = Math.max(watermark, cut)
    for (const [id, entry] of revoked) if (entry.createdAt <= watermark) revoked.delete(id)
    logger.warn(
      `kit: the session revocation store is full (${max} entries); every session created at or before ` +
        `${new Date(watermark * 1000).toISOString()} now counts as revoked, so those users sign in again. ` +
        'Raise revocationStore max or use a shared store.',
    )
  }

  return new MemoryStore(
    max,
    () => revoked.size,
    () => revision,
    check,
    (sessionId, expiresAtSeconds, createdAt) => {
      // Before anything else: even a revocation that changes nothing here is a reason to
      // ask again, and the watermark may rise below.
      revision++
      const at = createdAt ?? Math.floor(now() / 1000)
      if (at <= watermark) return
      if (!revoked.has(sessionId) && revoked.size >= max) makeRoom()
      if (at <= watermark) return
      const previous = revoked.get(sessionId)
      // A repeated revocation never shortens an entry or moves a `sub:` cut-off back.
      revoked.set(sessionId, {
        until: Math.max(expiresAtSeconds, previous?.until ?? 0),
        createdAt: Math.max(at, previous?.createdAt ?? at),
      })
    },
  )
}

/**
 * The in-memory store's shape: a {@link SessionRevocationStore} whose fill can be read
 * (monitoring; the memory benchmark reports it against its ceiling).
 */
export interface MemoryRevocationStore extends SessionRevocationStore {
  /** Synchronous: a map lookup. */
  isRevoked(sessionId: string, createdAt: number): boolean
  /** Always answers (the same as `isRevoked`). */
  peekRevoked(sessionId: string, createdAt: number): boolean
  /** Changes with every revocation (see {@link SessionRevocationStore.revision}). */
  readonly revision: number
  /** Revocations held individually (expired ones go when the store makes room). */
  readonly size: number
  /** Most revocations held individually (`max`). */
  readonly max: number
}

/**
 * A class rather than an object literal so a heap inspector can find every instance by
 * its prototype; the methods are own closures, so they work detached too.
 */
class MemoryStore implements MemoryRevocationStore {
  readonly isRevoked: (sessionId: string, createdAt: number) => boolean
  readonly peekRevoked: (sessionId: string, createdAt: number) => boolean
  readonly revoke: (sessionId: string, expiresAtSeconds: number, createdAt?: number) => void
  readonly max: number
  readonly #size: () => number
  readonly #revision: () => number

  constructor(
    max: number,
    size: () => number,
    revision: () => number,
    check: (sessionId: string, createdAt: number) => boolean,
    revoke: (sessionId: string, expiresAtSeconds: number, createdAt?: number) => void,
  ) {
    this.max = max
    this.#size = size
    this.#revision = revision
    this.isRevoked = check
    this.peekRevoked = check
    this.revoke = revoke
  }

  get size(): number {
    return this.#size()
  }

  get revision(): number {
    return this.#revision()
  }
}
