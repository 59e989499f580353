import {
  assertFitsChunks,
  clearChunked,
  readChunked,
  readChunkParts,
  writeChunked,
} from './chunks.js'
import { type CookiePolicy, cookieName, type RequestCookies } from './cookies.js'
import { LogoutHintCookie } from './logout-hint.js'
import { sealValue, unsealValue } from './seal.js'
import { derivePasswords, type SessionPasswords } from './secrets.js'
import {
  isSessionData,
  isSessionExpired,
  type SessionData,
  type SessionLifetimes,
  sessionExpiresAt,
} from './session-data.js'
import type { ResolvedSessionOptions } from './session-options.js'
import { UnsealCache } from './unseal-cache.js'

/** Outcome of reading the session cookie of a request. */
export type SessionReadResult =
  | { readonly status: 'none' }
  | { readonly status: 'invalid' }
  | { readonly status: 'expired' }
  | { readonly status: 'valid'; readonly data: SessionData; readonly raw: string }

/**
 * Reads and writes the encrypted, chunked session cookie. Unsealed values are cached in
 * a bounded LRU keyed by the exact cookie value (a different value is a different key, so
 * a tampered cookie never hits the cache), and lifetimes are re-checked on every read.
 *
 * @example
 * ```ts
 * const store = new SessionCookieStore(resolveSessionOptions({ secret }), { secure: true })
 * const result = await store.read(readCookies(request.headers.get('cookie')), nowSeconds)
 * ```
 */
export class SessionCookieStore {
  /** Effective cookie name (`__Host-kit_session` on https, `kit_session` on http). */
  readonly name: string
  readonly lifetimes: SessionLifetimes
  readonly #options: ResolvedSessionOptions
  readonly #policy: CookiePolicy
  readonly #cache: UnsealCache<SessionData> | null
  #passwords: Promise<SessionPasswords> | undefined
  #hints: LogoutHintCookie | undefined

  constructor(options: ResolvedSessionOptions, policy: CookiePolicy) {
    this.#options = options
    this.#policy = policy
    this.name = cookieName(options.cookieName, policy)
    this.lifetimes = {
      idleTimeoutSeconds: options.idleTimeoutSeconds,
      absoluteTimeoutSeconds: options.absoluteTimeoutSeconds,
      touchIntervalSeconds: options.touchIntervalSeconds,
    }
    this.#cache = options.cacheSize > 0 ? new UnsealCache(options.cacheSize) : null
  }

  /** Iron password maps derived once from the configured secrets. */
  passwords(): Promise<SessionPasswords> {
    this.#passwords ??= derivePasswords(this.#options.secrets)
    return this.#passwords
  }

  /** Reads the session of a request; never throws on bad input. */
  async read(cookies: RequestCookies, nowSeconds: number): Promise<SessionReadResult> {
    const raw = readChunked(this.name, cookies, this.#options.maxChunks)
    if (raw === null) return { status: 'none' }
    let data = this.#cache?.get(raw)
    if (data === undefined) {
      const opened = await unsealValue<object>(raw, await this.passwords())
      if (!isSessionData(opened)) return { status: 'invalid' }
      data = freezeSession(opened)
      this.#cache?.set(raw, data)
    }
    if (isSessionExpired(data, this.lifetimes, nowSeconds)) {
      this.#cache?.delete(raw)
      return { status: 'expired' }
    }
    return { status: 'valid', data, raw }
  }

  /**
   * The session a request carries even when it is past its idle or absolute limit (as
   * long as the seal itself still opens): logout uses it to name the session to the
   * environment (`id_token_hint`) and to revoke its refresh token. Null when there is no
   * cookie or it does not open (tampered, wrong secret, long expired).
   */
  async open(cookies: RequestCookies): Promise<{ data: SessionData; raw: string } | null> {
    const raw = readChunked(this.name, cookies, this.#options.maxChunks)
    if (raw === null) return null
    const data = this.#cache?.get(raw) ?? (await unsealValue<object>(raw, await this.passwords()))
    return isSessionData(data) ? { data, raw } : null
  }

  /**
   * The synchronous part of {@link read}, from the unseal cache alone: the session of a
   * cached, unexpired cookie; null when the request has no session cookie; undefined
   * when only {@link read} can tell (not cached, or expired). No result object: this
   * runs on every request.
   */
  peek(cookies: RequestCookies, nowSeconds: number): SessionData | null | undefined {
    const parts = readChunkParts(this.name, cookies, this.#options.maxChunks)
    if (parts === null) return null
    const data = this.#cache?.getParts(parts)
    if (data === undefined || isSessionExpired(data, this.lifetimes, nowSeconds)) return undefined
    return data
  }

  /**
   * Seals `data` and returns the `Set-Cookie` values that store it (chunked if needed,
   * stale chunks cleared). Throws `ERR_KIT_SESSION_TOO_LARGE` past `session.maxChunks`.
   */
  async write(data: SessionData, cookies: RequestCookies, nowSeconds: number): Promise<string[]> {
    return this.cookiesFor(await this.seal(data, nowSeconds), data, cookies, nowSeconds)
  }

  /**
   * Seals `data` (and caches it under the new value) without building cookies. Drops the
   * ID token when `session.storeIdToken` is false; throws `ERR_KIT_SESSION_TOO_LARGE`
   * past the chunk budget, before any cookie is written.
   */
  async seal(data: SessionData, nowSeconds: number): Promise<string> {
    let stored = data
    if (!this.#options.storeIdToken && data.idToken !== undefined) {
      const { idToken: _dropped, ...rest } = data
      stored = rest
    }
    const remaining = sessionExpiresAt(stored, this.lifetimes) - nowSeconds
    const sealed = await sealValue(stored, await this.passwords(), remaining + 60)
    assertFitsChunks(sealed.length, { chunkSize: CHUNK_SIZE, maxChunks: this.#options.maxChunks })
    this.#cache?.set(sealed, freezeSession(stored))
    return sealed
  }

  /**
   * `Set-Cookie` values storing an already sealed value for this request (its present
   * chunks decide what to clear). Lets concurrent requests share one seal after a refresh.
   */
  cookiesFor(
    sealed: string,
    data: SessionData,
    cookies: RequestCookies,
    nowSeconds: number,
  ): string[] {
    const remaining = sessionExpiresAt(data, this.lifetimes) - nowSeconds
    return writeChunked(this.name, sealed, remaining, this.#policy, cookies, {
      chunkSize: CHUNK_SIZE,
      maxChunks: this.#options.maxChunks,
    })
  }

  /** `Set-Cookie` values deleting the session cookie and every chunk of it. */
  clear(cookies: RequestCookies): string[] {
    return clearChunked(this.name, this.#policy, cookies)
  }

  /** Whether sessions keep the ID token (`session.storeIdToken`). */
  get storesIdToken(): boolean {
    return this.#options.storeIdToken
  }

  /**
   * The logout-hint cookie (scoped to `logoutPath`) that keeps the ID token for
   * `id_token_hint` when the session itself does not store it.
   */
  logoutHints(logoutPath: string): LogoutHintCookie {
    this.#hints ??= new LogoutHintCookie(this.#options.cookieName, this.#policy, logoutPath, () =>
      this.passwords(),
    )
    return this.#hints
  }

  /** Drops a cookie value from the unseal cache (after logout on this instance). */
  forget(raw: string): void {
    this.#cache?.delete(raw)
  }
}

/** Characters per session cookie chunk (name + value stay under browsers' 4096 bytes). */
const CHUNK_SIZE = 3800

function freezeSession(data: SessionData): SessionData {
  return Object.freeze({ ...data, user: Object.freeze({ ...data.user }) })
}
