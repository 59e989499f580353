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
  token: FlattenedJWSInput,
) => Promise<CryptoKey>

/**
 * The environment's signing keys, backed by jose's remote key set: fetched on first use,
 * refetched when stale, and refetched once on an unknown `kid` (at most once per
 * cooldown, so a flood of unknown kids cannot cause a refetch storm), single-flight. Only the
 * configured JWKS URL is ever used: `jku`, `x5u` and embedded `jwk` headers are ignored,
 * and keys marked `use: "enc"` never verify. Fetch failures fail closed as
 * `ERR_KIT_JWKS`.
 */
export class JwksCache {
  readonly #options: JwksCacheOptions
  #remote: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined

  constructor(options: JwksCacheOptions) {
    this.#options = options
  }

  #getRemote(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (!this.#remote) {
      const { fetch: fetchImpl, timeoutMs, cacheMaxAgeMs } = this.#options
      this.#remote = this.#options.jwksUri().then(
        (uri) =>
          createRemoteJWKSet(new URL(uri), {
            timeoutDuration: Math.round(timeoutMs),
            // Refetches on an unknown kid are decided by `getKey` below, not by jose.
            cooldownDuration: Number.POSITIVE_INFINITY,
            cacheMaxAge: cacheMaxAgeMs,
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

  /**
   * Key resolver to hand to jose's `jwtVerify`. On an unknown `kid` the key set is
   * refetched once, unless an unknown-kid refetch already happened within the cooldown;
   * concurrent misses share that one fetch.
   */
  readonly getKey: KeyResolver = async (header, token) => {
    try {
      const remote = await this.#getRemote()
      try {
        return await remote(header, token)
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey)) throw err
        const now = Date.now()
        if (now - this.#lastMissRefetch < this.#options.cooldownMs) throw err
        this.#lastMissRefetch = now
        await remote.reload()
        return await remote(header, token)
      }
    } catch (err) {
      throw toKitKeyError(err, header)
    }
  }

  #lastMissRefetch = Number.NEGATIVE_INFINITY
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
