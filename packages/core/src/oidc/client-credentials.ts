import * as oidc from 'openid-client'
import type { ProtocolContext } from './context.js'
import { toKitProtocolError } from './protocol-errors.js'

/** Options of `getClientAccessToken`. */
export interface ClientAccessTokenOptions {
  /** Ignore the cached token (e.g. after the API answered 401). */
  forceRefresh?: boolean
}

/** Lifetime assumed when the token endpoint gives no `expires_in`. */
const DEFAULT_LIFETIME_SEC = 300

/**
 * The application's own (M2M, client_credentials) access token: cached until
 * `skewSec` before it expires, and fetched once for any number of concurrent callers.
 */
export class ClientTokenCache {
  readonly #ctx: ProtocolContext
  readonly #skewSec: number
  #token: { value: string; refreshAt: number } | undefined
  #pending: Promise<string> | undefined

  constructor(ctx: ProtocolContext, skewSec: number) {
    this.#ctx = ctx
    this.#skewSec = skewSec
  }

  /** Returns a valid token, fetching a new one only when needed. */
  get(options: ClientAccessTokenOptions = {}): Promise<string> {
    if (this.#pending) return this.#pending
    if (!options.forceRefresh && this.#token && Date.now() < this.#token.refreshAt) {
      return Promise.resolve(this.#token.value)
    }
    this.#pending = this.#fetch().finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  async #fetch(): Promise<string> {
    let tokens: oidc.TokenEndpointResponse
    try {
      tokens = await oidc.clientCredentialsGrant(await this.#ctx.protocol())
    } catch (err) {
      this.#token = undefined
      throw toKitProtocolError(err, 'client_credentials grant')
    }
    const lifetime =
      typeof tokens.expires_in === 'number' ? tokens.expires_in : DEFAULT_LIFETIME_SEC
    const usable = Math.max(0, lifetime - Math.min(this.#skewSec, lifetime / 2))
    this.#token = { value: tokens.access_token, refreshAt: Date.now() + usable * 1000 }
    return tokens.access_token
  }
}
