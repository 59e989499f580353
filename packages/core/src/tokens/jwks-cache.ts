import {
  type CryptoKey,
  createRemoteJWKSet,
  customFetch,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from 'jose'
import { KitError } from '../errors.js'

/** Settings of the environment's key set cache. */
export interface JwksCacheOptions {
  /** Resolves the JWKS URL (after discovery, when the environment serves it). */
  jwksUri: () => Promise<string>
  fetch: typeof fetch
  timeoutMs: number
  /** Minimum time between refetches triggered by an unknown `kid`. */
  cooldownMs: number
  /** Age after which the key set is refetched before use. */
  cacheMaxAgeMs: number
}

/** Resolves the verification key of a JWS from its protected header. */
export type KeyResolver = (
  header: JWSHeaderParameters,
  token?: FlattenedJWSInput,
) => Promise<CryptoKey>

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>

/**
 * The environment's signing keys, backed by jose's remote key set: fetched on first use,
 * refetched when stale, and refetched once on an unknown `kid` (at most once per
 * cooldown, so a flood of unknown kids cannot cause a refetch storm), single-flight. Only the
 * configured JWKS URL is ever used: `jku`, `x5u` and embedded `jwk` headers are ignored,
 * and keys marked `use: "enc"` never verify. Fetch failures fail closed as
 * `ERR_KIT_JWKS`.
 *
 * jose fetches the set and selects the key; every refetch is decided here, so the keys
 * jose selected can be remembered per `alg` and `kid` until the next refetch and handed
 * out without a promise (`cachedKey`). Selection depends only on `alg`, `kid` and the
 * set, so the memo gives the key jose would. It is emptied after every refetch has
 * been applied, a selection begun before a refetch is not stored after it, and it
 * holds only keys that were selected (at most one per key of the set and algorithm),
 * never anything a token merely names.
 */
export class JwksCache {
  readonly #options: JwksCacheOptions
  #remote: Promise<RemoteKeySet> | undefined
  /** When the current set was fetched (epoch ms); undefined before the first fetch. */
  #fetchedAt: number | undefined
  #reloading: Promise<void> | undefined
  /** Selected keys by `alg`, then `kid` (`undefined` for tokens without one). */
  readonly #selected = new Map<string, Map<string | undefined, CryptoKey>>()
  /** Bumped when a refetch is applied, so a selection begun before it is not stored. */
  #generation = 0
  #lastMissRefetch = Number.NEGATIVE_INFINITY

  constructor(options: JwksCacheOptions) {
    this.#options = options
  }

  #getRemote(): Promise<RemoteKeySet> {
    if (!this.#remote) {
      const { fetch: fetchImpl, timeoutMs } = this.#options
      this.#remote = this.#options.jwksUri().then(
        (uri) =>
          createRemoteJWKSet(new URL(uri), {
            timeoutDuration: Math.round(timeoutMs),
            // Every refetch (first use, stale set, unknown kid) is decided by `getKey`
            // below, never by jose, so the memo of selected keys knows when to empty.
            cooldownDuration: Number.POSITIVE_INFINITY,
            cacheMaxAge: Number.POSITIVE_INFINITY,
            [customFetch]: (url: string, init: RequestInit) => fetchImpl(url, init),
          }),
        (err: unknown) => {
          this.#remote = undefined
          throw err
        },
      )
    }
    return this.#remote
  }

  #isFresh(): boolean {
    return (
      this.#fetchedAt !== undefined && Date.now() - this.#fetchedAt < this.#options.cacheMaxAgeMs
    )
  }

  /** Refetches the set (single-flight), then empties the memo once the new set applies. */
  #reload(remote: RemoteKeySet): Promise<void> {
    this.#reloading ??= remote
      .reload()
      .then(() => {
        this.#fetchedAt = Date.now()
        this.#selected.clear()
        this.#generation++
      })
      .finally(() => {
        this.#reloading = undefined
      })
    return this.#reloading
  }

  /**
   * The key jose selected earlier for this header's `alg` and `kid`, while the set it
   * came from is fresh; otherwise undefined (use `getKey`). Never fetches.
   */
  readonly cachedKey = (header: JWSHeaderParameters): CryptoKey | undefined => {
    if (!this.#isFresh()) return undefined
    const { alg, kid } = header
    if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return undefined
    return this.#selected.get(alg)?.get(kid)
  }

  async #select(
    remote: RemoteKeySet,
    header: JWSHeaderParameters,
    token: FlattenedJWSInput | undefined,
  ): Promise<CryptoKey> {
    const generation = this.#generation
    const key = await remote(header, token)
    const { alg, kid } = header
    if (generation === this.#generation && typeof alg === 'string') {
      if (kid === undefined || typeof kid === 'string') {
        const byKid = this.#selected.get(alg) ?? new Map<string | undefined, CryptoKey>()
        byKid.set(kid, key)
        this.#selected.set(alg, byKid)
      }
    }
    return key
  }

  /**
   * Key resolver to hand to jose's `jwtVerify`. On an unknown `kid` the key set is
   * refetched once, unless an unknown-kid refetch already happened within the cooldown;
   * concurrent misses share that one fetch.
   */
  readonly getKey: KeyResolver = async (header, token) => {
    const cached = this.cachedKey(header)
    if (cached) return cached
    try {
      const remote = await this.#getRemote()
      if (!this.#isFresh()) await this.#reload(remote)
      try {
        return await this.#select(remote, header, token)
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey)) throw err
        const now = Date.now()
        if (now - this.#lastMissRefetch < this.#options.cooldownMs) throw err
        this.#lastMissRefetch = now
        await this.#reload(remote)
        return await this.#select(remote, header, token)
      }
    } catch (err) {
      throw toKitKeyError(err, header)
    }
  }
}

function toKitKeyError(err: unknown, header: JWSHeaderParameters): KitError {
  if (err instanceof KitError) return err
  if (err instanceof errors.JWKSNoMatchingKey) {
    return new KitError(
      'ERR_KIT_JWT_SIGNATURE',
      `no signing key of the environment matches the token (kid ${JSON.stringify(header.kid ?? null)})`,
      { cause: err },
    )
  }
  if (err instanceof errors.JWKSMultipleMatchingKeys) {
    return new KitError(
      'ERR_KIT_JWT_SIGNATURE',
      'the token has no kid and several signing keys match it',
      { cause: err },
    )
  }
  if (err instanceof errors.JOSENotSupported) {
    return new KitError('ERR_KIT_JWT_ALGORITHM', `unsupported key or algorithm: ${err.message}`, {
      cause: err,
    })
  }
  return new KitError('ERR_KIT_JWKS', `could not load the signing keys: ${describe(err)}`, {
    cause: err,
  })
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'JWKSTimeout' || err.name === 'TimeoutError') return 'request timed out'
    return err.message
  }
  return String(err)
}
